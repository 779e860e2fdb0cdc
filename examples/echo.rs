//! Echo bot: answers every text message with the same text.
//!
//! ```sh
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example echo
//! ```
//!
//! A plain `getUpdates` / `sendMessage` loop on the Bot API client; Ctrl-C stops it after
//! confirming what it handled.

use std::process::ExitCode;
use std::time::Duration;
use telebot::{Bot, Error, UpdateKind};

#[tokio::main]
async fn main() -> ExitCode {
    let bot = match Bot::from_env() {
        Ok(bot) => bot,
        Err(Error::MissingToken) => {
            eprintln!("echo: no bot token.");
            eprintln!("  1. In Telegram, talk to @BotFather and send /newbot to get a token.");
            eprintln!("  2. Run: TELEGRAM_BOT_TOKEN=<token> cargo run --example echo");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("echo: {e}");
            return ExitCode::FAILURE;
        }
    };
    let me = match bot.me().await {
        Ok(me) => me,
        Err(e) => {
            eprintln!("echo: cannot reach the Bot API: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "echo: running as @{}; send it a message. Ctrl-C to stop.",
        me.username.as_deref().unwrap_or("?")
    );
    let mut offset = 0;
    let mut backoff = Duration::from_secs(1);
    loop {
        let poll = bot
            .get_updates()
            .offset(offset)
            .timeout(30)
            .allowed_updates(["message".to_string()]);
        let updates = tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            result = poll => result,
        };
        let updates = match updates {
            Ok(updates) => {
                backoff = Duration::from_secs(1);
                updates
            }
            Err(Error::InvalidToken { .. }) => {
                eprintln!("echo: Telegram rejected the token; check TELEGRAM_BOT_TOKEN");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("echo: {e}; retrying in {backoff:?}");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(60));
                continue;
            }
        };
        for update in updates {
            offset = update.update_id + 1;
            if let UpdateKind::Message(message) = &update.kind
                && let Some(text) = &message.text
                && let Err(e) = message.reply_text(&bot, text.clone()).await
            {
                eprintln!("echo: cannot reply in chat {}: {e}", message.chat.id);
            }
        }
    }
    // Confirm the last handled update so a restart does not repeat it.
    let _ = bot.get_updates().offset(offset).timeout(0).limit(1).await;
    println!("echo: stopped");
    ExitCode::SUCCESS
}
