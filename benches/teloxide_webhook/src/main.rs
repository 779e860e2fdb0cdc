//! teloxide's echo bot behind teloxide's webhook listener (`update_listeners::webhooks::axum`),
//! for `benches/webhook_echo.rs`: `/start` says hi, `/add a b` adds, `hello <name>` greets,
//! any other text comes back. Written as a teloxide user would: a `BotCommands` enum, a
//! dptree handler tree, the default `Dispatcher`.
//!
//! Environment: `BOT_TOKEN`, `BOT_API_URL` (the fake Bot API), `WEBHOOK_LISTEN` (address to
//! listen on), `WEBHOOK_URL` (the URL registered with `setWebhook`).

use std::sync::LazyLock;

use regex::Regex;
use teloxide::update_listeners::webhooks;
use teloxide::{prelude::*, utils::command::BotCommands};

#[derive(BotCommands, Clone)]
#[command(rename_rule = "lowercase")]
enum Command {
    /// Says hi.
    Start,
    /// Adds two integers.
    #[command(parse_with = "split")]
    Add { a: i64, b: i64 },
}

static GREETING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^hello (\w+)").expect("a valid pattern"));

async fn command(bot: Bot, msg: Message, cmd: Command) -> ResponseResult<()> {
    let text = match cmd {
        Command::Start => "Hi!".to_string(),
        Command::Add { a, b } => a.saturating_add(b).to_string(),
    };
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

async fn greet(bot: Bot, msg: Message, name: String) -> ResponseResult<()> {
    bot.send_message(msg.chat.id, format!("Hello, {name}")).await?;
    Ok(())
}

async fn echo(bot: Bot, msg: Message) -> ResponseResult<()> {
    if let Some(text) = msg.text() {
        bot.send_message(msg.chat.id, text).await?;
    }
    Ok(())
}

fn required(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("set {name}"))
}

#[tokio::main]
async fn main() {
    let api = required("BOT_API_URL").parse().expect("BOT_API_URL is a URL");
    let bot = Bot::new(required("BOT_TOKEN")).set_api_url(api);
    let listen = required("WEBHOOK_LISTEN").parse().expect("WEBHOOK_LISTEN is an address");
    let url = required("WEBHOOK_URL").parse().expect("WEBHOOK_URL is a URL");
    let listener = webhooks::axum(bot.clone(), webhooks::Options::new(listen, url))
        .await
        .expect("the webhook is set");

    let handler = Update::filter_message()
        .branch(dptree::entry().filter_command::<Command>().endpoint(command))
        .branch(
            dptree::filter_map(|msg: Message| {
                let text = msg.text()?;
                GREETING.captures(text).map(|c| c[1].to_string())
            })
            .endpoint(greet),
        )
        .branch(dptree::endpoint(echo));

    Dispatcher::builder(bot, handler)
        .enable_ctrlc_handler()
        .build()
        .dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("the webhook listener failed"),
        )
        .await;
}
