//! Echo bot (PTB's echobot): `/start` greets, `/add a b` adds two integers, `hello <name>` is
//! answered by name, and every other text comes back unchanged.
//!
//! ```sh
//! cargo run --example echo                                   # the terminal sandbox, no token
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example echo    # a real bot on Telegram
//! ```
//!
//! Each handler is an async function with an attribute; its parameters (`&Bot`, `&Message`,
//! `Args<…>`, `Groups<…>`) are extracted from each update (a `&` one is borrowed from the
//! update, not copied out of it). A mistyped command gets "did you
//! mean"; Ctrl-C or SIGTERM stops the bot gracefully.

#[telebot::bot]
mod echo {
    use telebot::extract::{Args, Groups};
    use telebot::{Bot, HandlerResult, api::Message, filters};

    /// Says hello.
    #[command("start")]
    async fn start(bot: &Bot, msg: &Message) -> HandlerResult {
        bot.send_message(msg.chat.id, "Hi!").await?;
        Ok(())
    }

    /// Adds two integers.
    #[command("add")]
    async fn add(bot: &Bot, msg: &Message, Args((a, b)): Args<(i64, i64)>) -> HandlerResult {
        bot.send_message(msg.chat.id, a.saturating_add(b).to_string())
            .await?;
        Ok(())
    }

    #[regex(r"^hello (\w+)")]
    async fn hello(bot: &Bot, msg: &Message, Groups((name,)): Groups<(String,)>) -> HandlerResult {
        bot.send_message(msg.chat.id, format!("Hello, {name}"))
            .await?;
        Ok(())
    }

    #[message(filter = filters::text())]
    async fn echo(bot: &Bot, msg: &Message) -> HandlerResult {
        if let Some(text) = &msg.text {
            bot.send_message(msg.chat.id, text.clone()).await?;
        }
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    echo::handlers()
}
