//! Conversation with a reply keyboard (PTB's conversationbot2, persisted as in PTB's
//! persistentconversationbot): the user picks a topic from the keyboard (age, favourite
//! colour, number of siblings, or one of their own with "Something else..."), the bot asks for
//! the value, stores it and shows every fact so far; "Done" lists them all and ends.
//!
//! ```sh
//! cargo run --example conversation2                                   # the sandbox; data in ./conversation2-data
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example conversation2    # a real bot
//! ```
//!
//! The facts are a `UserData<Facts>` and the conversation is `persistent`: both are kept in the
//! file store, written after every update, so a bot stopped in the middle of a question (even
//! killed) takes the answer when it comes back. `/show_data` lists the facts at any time,
//! inside the conversation or not. The states, as the macro draws them:
//!
//! ```mermaid
//! stateDiagram-v2
//!     [*] --> Choosing: start
//!     Choosing --> Typing: regular_choice
//!     Choosing --> TypingTopic: custom_choice
//!     TypingTopic --> Typing: custom_topic
//!     Typing --> Choosing: received
//!     Choosing --> [*]: done
//!     TypingTopic --> [*]: done
//!     Typing --> [*]: done
//! ```

use std::path::Path;
use std::process::ExitCode;
use telebot::application::ApplicationBuilder;
use telebot::persistence::FilePersistence;
use telebot::{Application, Bot};

/// What a user told the bot: topic → value, in the order of topics.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Facts(pub std::collections::BTreeMap<String, String>);

impl Facts {
    /// One line per fact, or a note that there are none.
    pub fn listed(&self) -> String {
        if self.0.is_empty() {
            return "(nothing yet)".to_string();
        }
        self.0
            .iter()
            .map(|(topic, value)| format!("{topic}: {value}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The conversation: a topic, then its value, until "Done".
#[telebot::conversation(name = "facts", persistent)]
pub mod talk {
    use super::Facts;
    use telebot::api::{Message, ReplyKeyboardMarkup, ReplyKeyboardRemove};
    use telebot::conversation::{Current, Next};
    use telebot::{Bot, HandlerResult, UserData, filters};

    /// Where the conversation is.
    #[states]
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub enum Talk {
        /// The keyboard is shown; waiting for a topic.
        Choosing,
        /// Waiting for the name of a topic of the user's own.
        TypingTopic,
        /// Waiting for the value of `topic`.
        Typing {
            /// The topic asked about.
            topic: String,
        },
    }

    type Step = HandlerResult<Next<Talk>>;

    /// The topics to pick from.
    fn keyboard() -> ReplyKeyboardMarkup {
        ReplyKeyboardMarkup {
            one_time_keyboard: Some(true),
            ..ReplyKeyboardMarkup::from_texts([
                vec!["Age", "Favourite colour"],
                vec!["Number of siblings", "Something else..."],
                vec!["Done"],
            ])
        }
    }

    /// Asks for the value of `topic`.
    async fn ask(bot: &Bot, msg: &Message, topic: &str) -> HandlerResult {
        msg.reply_text(bot, format!("Your {topic}? Go on, tell me."))
            .reply_markup(ReplyKeyboardRemove::remove())
            .await?;
        Ok(())
    }

    /// Shows the keyboard, and what the bot knows already.
    #[entry]
    #[command("start")]
    async fn start(bot: Bot, msg: Message, facts: UserData<Facts>) -> Step {
        let text = if facts.0.is_empty() {
            "Hello! I like to hear about people. Pick something to tell me about yourself."
                .to_string()
        } else {
            format!(
                "Welcome back! You told me:\n{}\nPick something to tell me more, or to change.",
                facts.listed()
            )
        };
        bot.send_message(msg.chat.id, text)
            .reply_markup(keyboard())
            .await?;
        Ok(Next::To(Talk::Choosing))
    }

    /// One of the keyboard's topics.
    #[state(Talk::Choosing)]
    #[regex("^(Age|Favourite colour|Number of siblings)$")]
    async fn regular_choice(bot: Bot, msg: Message) -> Step {
        let topic = msg.text.as_deref().unwrap_or_default().to_lowercase();
        ask(&bot, &msg, &topic).await?;
        Ok(Next::To(Talk::Typing { topic }))
    }

    /// A topic of the user's own: ask its name first.
    #[state(Talk::Choosing)]
    #[regex(r"^Something else\.\.\.$")]
    async fn custom_choice(bot: Bot, msg: Message) -> Step {
        msg.reply_text(
            &bot,
            "Which topic? Send its name, for example \"Favourite book\".",
        )
        .reply_markup(ReplyKeyboardRemove::remove())
        .await?;
        Ok(Next::To(Talk::TypingTopic))
    }

    /// The name of the user's own topic.
    #[state(Talk::TypingTopic)]
    #[message(filter = filters::text() & !filters::command() & !filters::text_in(["Done"]))]
    async fn custom_topic(bot: Bot, msg: Message) -> Step {
        let topic = msg
            .text
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        ask(&bot, &msg, &topic).await?;
        Ok(Next::To(Talk::Typing { topic }))
    }

    /// The value of the topic asked about: stored, and the facts shown.
    #[state(Talk::Typing)]
    #[message(filter = filters::text() & !filters::command() & !filters::text_in(["Done"]))]
    async fn received(
        bot: Bot,
        msg: Message,
        Current(state): Current<Talk>,
        mut facts: UserData<Facts>,
    ) -> Step {
        let Talk::Typing { topic } = state else {
            return Ok(Next::Stay);
        };
        let value = msg.text.as_deref().unwrap_or_default().trim().to_string();
        facts.0.insert(topic, value);
        msg.reply_text(
            &bot,
            format!(
                "Noted! So far you told me:\n{}\nTell me more, or change something.",
                facts.listed()
            ),
        )
        .reply_markup(keyboard())
        .await?;
        Ok(Next::To(Talk::Choosing))
    }

    /// Lists the facts and ends (they stay stored for the next `/start`).
    #[fallback]
    #[message(filter = filters::text_in(["Done"]))]
    async fn done(bot: Bot, msg: Message, facts: UserData<Facts>) -> Step {
        msg.reply_text(
            &bot,
            format!(
                "Here is what you told me:\n{}\nUntil next time!",
                facts.listed()
            ),
        )
        .reply_markup(ReplyKeyboardRemove::remove())
        .await?;
        Ok(Next::End)
    }
}

/// Commands outside the conversation.
#[telebot::bot]
pub mod data {
    use super::Facts;
    use telebot::api::Message;
    use telebot::{Bot, HandlerResult, UserData};

    /// Lists what you told me.
    #[command("show_data")]
    async fn show_data(bot: Bot, msg: Message, facts: UserData<Facts>) -> HandlerResult {
        msg.reply_text(&bot, format!("You told me:\n{}", facts.listed()))
            .await?;
        Ok(())
    }
}

/// The bot on `builder`, its facts and conversations kept in the file store at `dir` (tests
/// give a temporary directory and a fake Telegram).
pub fn application(
    builder: ApplicationBuilder,
    dir: impl AsRef<Path>,
) -> Result<Application, Box<dyn std::error::Error>> {
    // Write-through: each change is on disk before the update counts as handled.
    let store = FilePersistence::open(dir.as_ref())?.write_through(true);
    Ok(builder
        .handlers(talk::handlers())
        .handlers(data::handlers())
        .data_type::<Facts>("facts")
        .persistence(store)
        .build()?)
}

/// Runs the bot until SIGINT/SIGTERM, or the end of the sandbox (`stop`).
async fn run(bot: Bot, stop: telebot::testing::Stop) -> ExitCode {
    let app = match application(Application::builder().bot(bot), "conversation2-data") {
        Ok(app) => app,
        Err(e) => {
            eprintln!("conversation2: {e}");
            return ExitCode::FAILURE;
        }
    };
    match app.run_polling_until(stop).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("conversation2: {e}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    telebot::testing::run_or_sandbox("conversation2", run).await
}
