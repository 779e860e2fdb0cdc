//! A profile interview as a conversation (the flow of PTB's `conversationbot`): `/start`
//! asks for a gender, then a photo, a location and a short bio; the photo and the location
//! can be skipped with `/skip`, and `/cancel` ends the interview at any step.
//!
//! ```sh
//! cargo run --example conversation                                   # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example conversation    # a real bot
//! ```
//!
//! The states are the `Profile` enum; each handler says which state it serves with
//! `#[state(…)]` and returns the next one. The macro checks the graph at compile time and
//! draws it (`Profile::mermaid()`, which a test compares with this diagram):
//!
//! ```mermaid
//! stateDiagram-v2
//!     [*] --> Gender: start
//!     Gender --> Photo: gender
//!     Photo --> Location: photo
//!     Photo --> Location: skip_photo
//!     Location --> Bio: location
//!     Location --> Bio: skip_location
//!     Bio --> [*]: bio
//!     Gender --> [*]: cancel
//!     Photo --> [*]: cancel
//!     Location --> [*]: cancel
//!     Bio --> [*]: cancel
//! ```

#[telebot::conversation(name = "profile")]
pub(crate) mod profile {
    use telebot::api::{Message, ReplyKeyboardMarkup, ReplyKeyboardRemove};
    use telebot::conversation::{ConversationData, Next};
    use telebot::filters::{self, media};
    use telebot::{Bot, HandlerResult};

    /// Where the interview is.
    #[states(data = Answers)]
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub enum Profile {
        /// Asked for a gender.
        Gender,
        /// Asked for a photo.
        Photo,
        /// Asked for a location.
        Location,
        /// Asked for a bio.
        Bio,
    }

    /// What the user answered so far.
    #[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
    pub struct Answers {
        gender: String,
        photo: bool,
        location: Option<(f64, f64)>,
    }

    type Step = HandlerResult<Next<Profile>>;

    /// Starts the interview.
    #[entry]
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> Step {
        let choices = ReplyKeyboardMarkup::from_texts([["Boy", "Girl", "Other"]]);
        bot.send_message(
            msg.chat.id,
            "Hello! A few questions about you; /cancel stops at any time.\n\
             First: are you a boy, a girl, or other?",
        )
        .reply_markup(choices)
        .await?;
        Ok(Next::To(Profile::Gender))
    }

    #[state(Profile::Gender)]
    #[regex("^(Boy|Girl|Other)$")]
    async fn gender(bot: Bot, msg: Message, mut answers: ConversationData<Answers>) -> Step {
        answers.gender = msg.text.clone().unwrap_or_default();
        bot.send_message(msg.chat.id, "Noted. Now a photo of you, please (or /skip).")
            .reply_markup(ReplyKeyboardRemove::remove())
            .await?;
        Ok(Next::To(Profile::Photo))
    }

    #[state(Profile::Photo)]
    #[message(filter = media::photo())]
    async fn photo(bot: Bot, msg: Message, mut answers: ConversationData<Answers>) -> Step {
        answers.photo = true;
        msg.reply_text(
            &bot,
            "Nice picture! Where are you? Share a location (or /skip).",
        )
        .await?;
        Ok(Next::To(Profile::Location))
    }

    /// Skips the current question.
    #[state(Profile::Photo)]
    #[command("skip")]
    async fn skip_photo(bot: Bot, msg: Message) -> Step {
        msg.reply_text(
            &bot,
            "No photo, fine. Where are you? Share a location (or /skip).",
        )
        .await?;
        Ok(Next::To(Profile::Location))
    }

    #[state(Profile::Location)]
    #[message(filter = media::location())]
    async fn location(bot: Bot, msg: Message, mut answers: ConversationData<Answers>) -> Step {
        answers.location = msg.location.as_ref().map(|l| (l.latitude, l.longitude));
        msg.reply_text(&bot, "Thanks! Last one: tell me a little about yourself.")
            .await?;
        Ok(Next::To(Profile::Bio))
    }

    /// Skips the current question.
    #[state(Profile::Location)]
    #[command("skip")]
    async fn skip_location(bot: Bot, msg: Message) -> Step {
        msg.reply_text(
            &bot,
            "Keeping it private, then. Last one: tell me a little about yourself.",
        )
        .await?;
        Ok(Next::To(Profile::Bio))
    }

    #[state(Profile::Bio)]
    #[message(filter = filters::text() & !filters::command())]
    async fn bio(bot: Bot, msg: Message, answers: ConversationData<Answers>) -> Step {
        let place = match answers.location {
            Some((lat, lon)) => format!("at {lat:.2}, {lon:.2}"),
            None => "somewhere".to_string(),
        };
        let photo = if answers.photo { "with" } else { "without" };
        let summary = format!(
            "Thank you! Profile: {}, {photo} a photo, {place}. Bio: {}",
            answers.gender,
            msg.text.as_deref().unwrap_or_default()
        );
        msg.reply_text(&bot, summary).await?;
        Ok(Next::End)
    }

    /// Stops the interview.
    #[fallback]
    #[command("cancel")]
    async fn cancel(bot: Bot, msg: Message) -> Step {
        bot.send_message(msg.chat.id, "Stopped. /start begins again.")
            .reply_markup(ReplyKeyboardRemove::remove())
            .await?;
        Ok(Next::End)
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    profile::handlers()
}
