//! A bot run as several instances on one Redis: one polls Telegram (the others stand by to
//! take over), every instance handles updates, one chat's updates always in order on one
//! instance at a time; the hourly digest job runs once per hour across all of them, and their
//! sends share Telegram's flood limits.
//!
//! ```sh
//! # no token: the terminal sandbox (one process, no Redis needed)
//! cargo run --example cluster --features cluster
//!
//! # a real bot, three instances on the Redis at 127.0.0.1:6379 (one of them polls)
//! export TELEGRAM_BOT_TOKEN=123456:ABC… TELEBOT_CLUSTER_REDIS_URL=redis://127.0.0.1:6379/
//! TELEBOT_CLUSTER_INSTANCE=a cargo run --example cluster --features cluster &
//! TELEBOT_CLUSTER_INSTANCE=b cargo run --example cluster --features cluster &
//! TELEBOT_CLUSTER_INSTANCE=c cargo run --example cluster --features cluster &
//!
//! # or one intake and workers apart
//! TELEBOT_CLUSTER_ROLE=intake cargo run --example cluster --features cluster
//! TELEBOT_CLUSTER_ROLE=worker cargo run --example cluster --features cluster   # as many as you like
//! ```
//!
//! `/work <seconds>` stands for a slow handler (a model call, a video to convert): while one
//! chat waits for it, the other instances go on with every other chat. `/where` says which
//! instance answered; `/status` shows the cluster (who polls, the workers, each partition's
//! owner and backlog). `TELEBOT_CLUSTER_*` variables are listed in the README's "Several
//! instances" section.

#[telebot::bot]
mod cluster {
    use std::time::Duration;
    use telebot::extract::Args;
    use telebot::{Bot, CallbackContext, HandlerResult, api::Message};

    /// Works for a while (at most a minute), then says so.
    #[command("work")]
    async fn work(bot: Bot, msg: Message, Args((seconds,)): Args<(u64,)>) -> HandlerResult {
        tokio::time::sleep(Duration::from_secs(seconds.min(60))).await;
        bot.send_message(msg.chat.id, format!("Worked {seconds}s."))
            .await?;
        Ok(())
    }

    /// Says which instance answered.
    #[command("where")]
    async fn where_(bot: Bot, msg: Message) -> HandlerResult {
        let instance = std::env::var("TELEBOT_CLUSTER_INSTANCE")
            .unwrap_or_else(|_| format!("process {}", std::process::id()));
        bot.send_message(msg.chat.id, format!("Answered by {instance}."))
            .await?;
        Ok(())
    }

    /// Shows the cluster.
    #[command("status")]
    async fn status(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
        let text = match ctx.application().cluster_status().await {
            Ok(status) => {
                let mut text = format!(
                    "Polling: {}\nWorkers: {}\n",
                    status.intake.as_deref().unwrap_or("nobody"),
                    status.workers.join(", ")
                );
                for p in &status.partitions {
                    text.push_str(&format!(
                        "p{}: {} ({} waiting, {} in hand)\n",
                        p.index,
                        p.owner.as_deref().unwrap_or("-"),
                        p.lag,
                        p.pending
                    ));
                }
                text
            }
            Err(e) => format!("Not in a cluster: {e}"),
        };
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    }

    /// Once an hour, on exactly one instance.
    #[job(every = "1h")]
    async fn digest() {
        println!("the hourly digest ran on this instance");
    }
}

#[telebot::main]
async fn main(
    app: telebot::application::ApplicationBuilder,
) -> telebot::application::ApplicationBuilder {
    // In a cluster the windows are kept in Redis: all instances together stay within them.
    app.handlers(cluster::handlers())
        .configure_bot(|bot| bot.rate_limiter(telebot::ratelimit::Limits::telegram()))
}
