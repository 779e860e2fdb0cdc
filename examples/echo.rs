//! Echo bot: answers `/start` with a greeting and every other text message with the same text.
//!
//! ```sh
//! cargo run --example echo                                   # the terminal sandbox, no token
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example echo    # a real bot on Telegram
//! ```
//!
//! A plain `getUpdates` / `sendMessage` loop on the Bot API client; Ctrl-C stops it after
//! confirming what it handled.

use std::process::ExitCode;
use std::time::Duration;
use telebot::{Bot, Error, UpdateKind};

#[tokio::main]
async fn main() -> ExitCode {
    telebot::testing::run_or_sandbox("echo", run).await
}

async fn run(bot: Bot) -> ExitCode {
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
            {
                let reply = if text == "/start" || text.starts_with("/start ") {
                    let name = message
                        .from
                        .as_ref()
                        .map_or("there", |u| u.first_name.as_str());
                    format!("Hi {name}! Send me any text and I will send it back.")
                } else {
                    text.clone()
                };
                if let Err(e) = message.reply_text(&bot, reply).await {
                    eprintln!("echo: cannot reply in chat {}: {e}", message.chat.id);
                }
            }
        }
    }
    // Confirm the last handled update so a restart does not repeat it.
    let _ = bot.get_updates().offset(offset).timeout(0).limit(1).await;
    println!("echo: stopped");
    ExitCode::SUCCESS
}
