//! Echo bot: `/start` greets, `/add a b` adds two integers, `hello <name>` is answered by name,
//! and every other text comes back unchanged.
//!
//! ```sh
//! cargo run --example echo                                   # the terminal sandbox, no token
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example echo    # a real bot on Telegram
//! ```
//!
//! Handlers are plain async functions; their parameters (`Bot`, `Message`, `Args<…>`,
//! `Matches`) are extracted from each update. Ctrl-C or SIGTERM stops the bot gracefully.

use std::process::ExitCode;
use telebot::api::Message;
use telebot::extract::{Args, Matches};
use telebot::filters;
use telebot::handlers::{CommandHandler, MessageHandler, RegexHandler};
use telebot::{Application, Bot, HandlerResult};

async fn start(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "Hi!").await?;
    Ok(())
}

async fn add(bot: Bot, msg: Message, Args((a, b)): Args<(i64, i64)>) -> HandlerResult {
    bot.send_message(msg.chat.id, a.saturating_add(b).to_string())
        .await?;
    Ok(())
}

async fn hello(bot: Bot, msg: Message, matches: Matches) -> HandlerResult {
    let name = matches.first().and_then(|m| m.get(1)).unwrap_or("there");
    bot.send_message(msg.chat.id, format!("Hello, {name}"))
        .await?;
    Ok(())
}

async fn echo(bot: Bot, msg: Message) -> HandlerResult {
    if let Some(text) = &msg.text {
        bot.send_message(msg.chat.id, text.clone()).await?;
    }
    Ok(())
}

async fn run(bot: Bot) -> ExitCode {
    let app = match Application::builder().bot(bot).build() {
        Ok(app) => app,
        Err(e) => {
            eprintln!("echo: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.add_handler(CommandHandler::new("start", start), 0)
        .add_handler(CommandHandler::new("add", add), 0)
        .add_handler(RegexHandler::new(r"^hello (\w+)", hello), 0)
        .add_handler(MessageHandler::new(filters::text(), echo), 0);
    match app.run_polling().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("echo: {e}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    telebot::testing::run_or_sandbox("echo", run).await
}
