//! Error-handler bot (PTB's errorhandlerbot): `/bad_command` fails on purpose, and the error
//! handler sends the error, its causes and the update to a developer's chat, escaped and split
//! to Telegram's length limit (`telebot::error_report`).
//!
//! ```sh
//! TELEBOT_DEVELOPER_CHAT=<your user id> cargo run --example error_handler
//! ```
//!
//! Without `TELEBOT_DEVELOPER_CHAT` the report goes to the chat the error happened in, which
//! is what you want while trying it (in the sandbox, say). The error is logged either way.

/// The failing command and the error handler.
#[telebot::bot]
pub mod errors {
    use telebot::api::Message;
    use telebot::{Bot, CallbackContext, ChatId, HandlerResult, error_report};

    /// The variable naming the chat that gets the reports.
    pub const DEVELOPER_CHAT_VAR: &str = "TELEBOT_DEVELOPER_CHAT";

    /// Fails: a division the parser refuses, so the report has a cause to show.
    #[command("bad_command")]
    async fn bad_command(_msg: Message) -> HandlerResult {
        let parsed: Result<i64, _> = "<not a number>".parse();
        parsed.map_err(|e| format!("/bad_command could not read its number: {e}"))?;
        Ok(())
    }

    /// Says what to try.
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(msg.chat.id, "Send /bad_command to see an error report.")
            .await?;
        Ok(())
    }

    #[error_handler]
    async fn report(ctx: CallbackContext) -> HandlerResult {
        let developer = std::env::var(DEVELOPER_CHAT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok());
        let chat =
            developer.or_else(|| ctx.update().and_then(|u| u.effective_chat()).map(|c| c.id));
        if let Some(chat) = chat {
            error_report::send(&ctx, ChatId::Id(chat)).await?;
        }
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    errors::handlers()
}
