//! Raw API echo bot (PTB's rawapibot): no `Application`, no handlers, no dispatcher — a loop
//! of `getUpdates` calls on a bare `telebot::Bot` that echoes every text message, and stops
//! gracefully on Ctrl-C (or SIGTERM).
//!
//! ```sh
//! cargo run --example raw_api                                   # the terminal sandbox, no token
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example raw_api    # a real bot on Telegram
//! ```
//!
//! The loop does by hand what `Application::run_polling` does for you: it long-polls with a
//! timeout, passes the offset (the last update id plus one) to confirm what it handled, waits
//! before trying again after an error, and, when asked to stop, makes one last short call with
//! the offset so that Telegram does not send the handled updates again at the next start.

use std::future::Future;
use std::process::ExitCode;
use std::time::Duration;
use telebot::{Bot, UpdateKind};

/// How long each `getUpdates` waits for updates, in seconds.
pub const POLL_TIMEOUT: i64 = 10;

/// How long to wait after a failed `getUpdates` before the next one.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Echoes text messages from updates `offset` on, until `stop` completes; returns the offset
/// it confirmed last (the id after the last update handled).
pub async fn echo_loop(bot: &Bot, mut offset: i64, stop: impl Future<Output = ()>) -> i64 {
    let mut stop = std::pin::pin!(stop);
    loop {
        let polled = tokio::select! {
            () = &mut stop => break,
            polled = bot.get_updates().offset(offset).timeout(POLL_TIMEOUT) => polled,
        };
        let updates = match polled {
            Ok(updates) => updates,
            Err(e) => {
                eprintln!("raw_api: getUpdates failed: {e}; trying again");
                tokio::select! {
                    () = &mut stop => break,
                    () = tokio::time::sleep(RETRY_AFTER) => continue,
                }
            }
        };
        for update in updates {
            offset = offset.max(update.update_id + 1);
            let UpdateKind::Message(message) = update.kind else {
                continue;
            };
            let Some(text) = &message.text else {
                continue;
            };
            // A user who blocked the bot is no reason to stop echoing the others.
            if let Err(e) = bot.send_message(message.chat.id, text.clone()).await {
                eprintln!("raw_api: could not echo to chat {}: {e}", message.chat.id);
            }
        }
    }
    // Confirm what was handled: with `limit(1)` and no wait, this fetches at most one update,
    // which stays unconfirmed for the next start.
    if let Err(e) = bot.get_updates().offset(offset).limit(1).timeout(0).await {
        eprintln!("raw_api: could not confirm the updates handled: {e}");
    }
    offset
}

/// Runs the loop until Ctrl-C/SIGTERM, or the end of the sandbox (`stop`).
async fn run(bot: Bot, stop: telebot::testing::Stop) -> ExitCode {
    let signal = telebot::updates::shutdown_signal();
    let until = async move {
        tokio::select! {
            () = signal => {}
            () = stop => {}
        }
    };
    echo_loop(&bot, 0, until).await;
    ExitCode::SUCCESS
}

#[tokio::main]
async fn main() -> ExitCode {
    telebot::testing::run_or_sandbox("raw_api", run).await
}
