//! Timer bot (PTB's timerbot): `/set <seconds>` sets an alarm for this chat, `/unset` cancels
//! it, and a heartbeat job counts the bot's uptime for `/status`.
//!
//! ```sh
//! cargo run --example timer                                   # the terminal sandbox, no token
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example timer    # a real bot on Telegram
//! ```
//!
//! The alarm is a one-shot job per chat, named after the chat, with the chat's id (so the
//! callback knows where to write) and the seconds as its data. Setting a new alarm replaces the
//! chat's old one. The heartbeat is a `#[job(every = "30s")]` that updates `bot_data`.

use std::process::ExitCode;
use telebot::application::ApplicationBuilder;
use telebot::{Application, Bot};

#[telebot::bot]
mod alarms {
    use serde::{Deserialize, Serialize};
    use std::time::Duration;
    use telebot::api::Message;
    use telebot::extract::Args;
    use telebot::jobs::{Job, JobData, JobOptions, JobQueue};
    use telebot::{Bot, BotData, HandlerResult};

    /// How often the heartbeat runs (the `every` of its `#[job]`).
    pub const HEARTBEAT: Duration = Duration::from_secs(30);

    /// What the heartbeat keeps in `bot_data`.
    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct Uptime {
        beats: u64,
    }

    /// Explains the commands.
    #[command("start", "help")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            "Hi! Use /set <seconds> to set a timer, /unset to cancel it, /status to see my uptime.",
        )
        .await?;
        Ok(())
    }

    /// The alarm: a job callback with the job's chat and data.
    async fn alarm(bot: Bot, job: Job, JobData(seconds): JobData<u64>) -> HandlerResult {
        if let Some(chat) = job.chat_id() {
            bot.send_message(chat, format!("Beep! {seconds} seconds are over."))
                .await?;
        }
        Ok(())
    }

    /// Removes the jobs named `name`; whether there were any.
    fn remove_jobs(jobs: &JobQueue, name: &str) -> bool {
        let current = jobs.get_jobs_by_name(name);
        for job in &current {
            job.schedule_removal();
        }
        !current.is_empty()
    }

    /// Sets a timer: /set <seconds>.
    #[command("set")]
    async fn set_timer(
        bot: Bot,
        msg: Message,
        jobs: JobQueue,
        Args((seconds,)): Args<(u64,)>,
    ) -> HandlerResult {
        let chat = msg.chat.id;
        let replaced = remove_jobs(&jobs, &chat.to_string());
        jobs.run_once(
            alarm,
            Duration::from_secs(seconds),
            JobOptions::new()
                .name(chat.to_string())
                .chat_id(chat)
                .data(seconds),
        )?;
        let text = if replaced {
            "Timer set; the old one was removed."
        } else {
            "Timer set."
        };
        bot.send_message(chat, text).await?;
        Ok(())
    }

    /// Cancels the timer.
    #[command("unset")]
    async fn unset(bot: Bot, msg: Message, jobs: JobQueue) -> HandlerResult {
        let text = if remove_jobs(&jobs, &msg.chat.id.to_string()) {
            "Timer cancelled."
        } else {
            "You have no active timer."
        };
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    }

    /// The heartbeat: it starts with the application, and with persistence it keeps its
    /// schedule across restarts.
    #[job(every = "30s")]
    async fn heartbeat(mut uptime: BotData<Uptime>) {
        uptime.beats += 1;
    }

    /// Shows the uptime.
    #[command("status")]
    async fn status(bot: Bot, msg: Message, uptime: BotData<Uptime>) -> HandlerResult {
        let seconds = uptime.beats * HEARTBEAT.as_secs();
        bot.send_message(
            msg.chat.id,
            format!("Up for {} heartbeats (about {seconds} s).", uptime.beats),
        )
        .await?;
        Ok(())
    }
}

/// The bot: its handlers and its heartbeat, on `builder` (tests give one with a fake Telegram
/// and a clock of their own).
pub fn application(builder: ApplicationBuilder) -> Result<Application, Box<dyn std::error::Error>> {
    Ok(builder.handlers(alarms::handlers()).build()?)
}

/// Runs the bot until SIGINT/SIGTERM, or the end of the sandbox (`stop`).
async fn run(bot: Bot, stop: telebot::testing::Stop) -> ExitCode {
    let app = match application(Application::builder().bot(bot)) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("timer: {e}");
            return ExitCode::FAILURE;
        }
    };
    match app.run_polling_until(stop).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("timer: {e}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    telebot::testing::run_or_sandbox("timer", run).await
}
