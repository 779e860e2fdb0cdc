//! A bot that remembers what each user tells it about themselves, across restarts (the idea of
//! PTB's `persistentconversationbot`).
//!
//! ```sh
//! cargo run --example persistent                              # the sandbox; data in ./persistent-bot-data
//! cargo run --example persistent --features redis -- --redis redis://127.0.0.1:6379/
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example persistent   # a real bot
//! ```
//!
//! Say `my name is Ann`, `I like tea`, then `/facts`; stop the bot (`:quit` or Ctrl-C) and
//! start it again: `/facts` still knows. `/forget` clears what it knows about you. The facts
//! are a `UserData<Facts>`, stored under the name `facts` in the file store (or in Redis with
//! `--redis URL`, built with the `redis` feature).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::process::ExitCode;
use telebot::api::Message;
use telebot::extract::Matches;
use telebot::handlers::{CommandHandler, RegexHandler};
use telebot::persistence::FilePersistence;
use telebot::{Application, Bot, HandlerResult, UserData};

/// What the bot knows about one user: topic → answer.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Facts(BTreeMap<String, String>);

async fn start(bot: Bot, msg: Message, facts: UserData<Facts>) -> HandlerResult {
    let text = if facts.0.is_empty() {
        "Hi! Tell me about yourself: \"my name is …\", \"I like …\", \"I live in …\". /facts shows what I know.".to_string()
    } else {
        format!(
            "Welcome back! I remember {} things about you; /facts lists them.",
            facts.0.len()
        )
    };
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

async fn remember(
    bot: Bot,
    msg: Message,
    matches: Matches,
    mut facts: UserData<Facts>,
) -> HandlerResult {
    let Some(found) = matches.first() else {
        return Ok(());
    };
    let (Some(topic), Some(answer)) = (found.get(1), found.get(2)) else {
        return Ok(());
    };
    let topic = match topic.to_lowercase().as_str() {
        "my name is" => "name",
        "i like" => "likes",
        _ => "home",
    };
    facts.0.insert(topic.to_string(), answer.trim().to_string());
    bot.send_message(msg.chat.id, format!("Noted: {topic} = {}", answer.trim()))
        .await?;
    Ok(())
}

async fn list(bot: Bot, msg: Message, facts: UserData<Facts>) -> HandlerResult {
    let text = if facts.0.is_empty() {
        "I know nothing about you yet.".to_string()
    } else {
        facts
            .0
            .iter()
            .map(|(topic, answer)| format!("{topic}: {answer}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

async fn forget(bot: Bot, msg: Message, mut facts: UserData<Facts>) -> HandlerResult {
    facts.0.clear();
    bot.send_message(msg.chat.id, "Forgotten.").await?;
    Ok(())
}

/// `--redis URL` from the command line, if given.
fn redis_url() -> Option<String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--redis" {
            return args.next();
        }
    }
    None
}

async fn build(bot: Bot) -> Result<Application, Box<dyn std::error::Error>> {
    let builder = Application::builder().bot(bot).data_type::<Facts>("facts");
    let builder = match redis_url() {
        #[cfg(feature = "redis")]
        Some(url) => builder.persistence(
            telebot::persistence::RedisPersistence::open(&url, "persistent-example").await?,
        ),
        #[cfg(not(feature = "redis"))]
        Some(_) => return Err("--redis needs the `redis` feature: add --features redis".into()),
        // Write-through: each change is on disk before the update counts as handled, so even a
        // killed bot forgets nothing (the default writes every 5 s and at a graceful stop).
        None => {
            builder.persistence(FilePersistence::open("persistent-bot-data")?.write_through(true))
        }
    };
    Ok(builder.build()?)
}

/// Runs the bot until SIGINT/SIGTERM, or the end of the sandbox (`stop`).
async fn run(bot: Bot, stop: telebot::testing::Stop) -> ExitCode {
    let app = match build(bot).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("persistent: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.add_handler(CommandHandler::new("start", start), 0)
        .add_handler(CommandHandler::new("facts", list), 0)
        .add_handler(CommandHandler::new("forget", forget), 0)
        .add_handler(
            RegexHandler::new(r"(?i)^(my name is|i like|i live in)\s+(.+)$", remember),
            0,
        );
    match app.run_polling_until(stop).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("persistent: {e}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    telebot::testing::run_or_sandbox("persistent", run).await
}
