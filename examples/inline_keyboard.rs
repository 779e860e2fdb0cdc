//! Inline keyboards with typed callback data (PTB's inlinekeyboard, grown): `/poll` posts a
//! question whose buttons carry a `Vote` (a struct with `#[derive(CallbackData)]`), each press
//! is counted per chat and the message is edited to show the tally; `/reset` clears it.
//! "Why?" carries a value too long for Telegram's 64 bytes: it goes to the callback-data
//! cache, which is kept in the file store so that the buttons still work after a restart.
//!
//! ```sh
//! cargo run --example inline_keyboard      # the sandbox: `:press 1` presses the first button
//! TELEGRAM_BOT_TOKEN=123456:ABC… CALLBACK_SECRET=… cargo run --example inline_keyboard
//! ```
//!
//! The data is signed with `CALLBACK_SECRET` (a development key without it), so a client that
//! forges a button's data is answered "This button is no longer valid" instead of reaching the
//! handlers, and so is a button from an older version of a type.

use serde::{Deserialize, Serialize};
use telebot::callback_data::{Binding, CallbackData, CallbackDataCodec, CallbackField};

/// The votes of one chat.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Tally {
    yes: u32,
    no: u32,
}

/// An answer; written as its variant number.
#[derive(Debug, Clone, Copy, PartialEq, CallbackField)]
enum Choice {
    Yes,
    No,
}

/// A press of a vote button: `vote:1:<poll>:<choice>:<signature>`.
#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "vote")]
struct Vote {
    poll: u32,
    choice: Choice,
}

/// The reason behind a poll, carried in its button: too long for 64 bytes, so the button holds
/// `why#<key>` and the text waits in the cache.
#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "why")]
struct Reason {
    text: String,
}

#[telebot::bot]
mod poll {
    use super::{Choice, Reason, Tally, Vote};
    use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
    use telebot::extract::Callback;
    use telebot::model::InlineKeyboardBuilder;
    use telebot::{Bot, CallbackContext, ChatData, HandlerResult};

    const QUESTION: &str = "Pizza tonight?";

    /// The poll's buttons, signed for the chat of `msg` (anyone there may vote).
    fn keyboard(
        ctx: &CallbackContext,
        msg: &Message,
    ) -> Result<InlineKeyboardMarkup, telebot::model::KeyboardError> {
        let codec = ctx.application().callback_data();
        let vote = |choice| codec.pack_for(&Vote { poll: 1, choice }, msg);
        let reason = Reason {
            text: "Because the oven is already hot and the place on the corner closes at ten."
                .into(),
        };
        let mut builder = InlineKeyboardBuilder::new();
        builder
            .adjust(&[2]) // Yes and No side by side
            .callback("Yes", vote(Choice::Yes))
            .callback("No", vote(Choice::No))
            .row([InlineKeyboardButton::callback(
                "Why?",
                codec.pack_for(&reason, msg),
            )]);
        builder.build()
    }

    /// Asks the question.
    #[command("poll", "start")]
    async fn ask(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
        bot.send_message(msg.chat.id, QUESTION)
            .reply_markup(keyboard(&ctx, &msg)?)
            .await?;
        Ok(())
    }

    /// Clears the votes.
    #[command("reset")]
    async fn reset(bot: Bot, msg: Message, mut tally: ChatData<Tally>) -> HandlerResult {
        *tally = Tally::default();
        msg.reply_text(&bot, "Votes cleared.").await?;
        Ok(())
    }

    /// Only queries with `vote` data come here, already read into a `Vote`.
    #[callback_query]
    async fn vote(
        bot: Bot,
        query: CallbackQuery,
        Callback(vote): Callback<Vote>,
        mut tally: ChatData<Tally>,
    ) -> HandlerResult {
        let said = match vote.choice {
            Choice::Yes => {
                tally.yes += 1;
                "yes"
            }
            Choice::No => {
                tally.no += 1;
                "no"
            }
        };
        query
            .answer(&bot)
            .text(format!("You voted {said} in poll {}", vote.poll))
            .await?;
        if let Some(message) = query.message.as_ref().and_then(|m| m.accessible()) {
            let text = format!("{QUESTION}\nYes: {}  No: {}", tally.yes, tally.no);
            let mut edit = message.edit_text(&bot, text);
            // The same buttons again (packing them anew would cache "Why?" once more).
            if let Some(buttons) = message.reply_markup.clone() {
                edit = edit.reply_markup(buttons);
            }
            edit.await?;
        }
        Ok(())
    }

    /// The long value, back from the cache.
    #[callback_query]
    async fn why(
        bot: Bot,
        query: CallbackQuery,
        Callback(reason): Callback<Reason>,
    ) -> HandlerResult {
        query.answer(&bot).await?;
        if let Some(message) = query.message.as_ref().and_then(|m| m.accessible()) {
            bot.send_message(message.chat.id, reason.text).await?;
        }
        Ok(())
    }
}

/// The signing key (at least 32 bytes): `CALLBACK_SECRET`, or a fixed one for trying the
/// example.
fn signing_key() -> Vec<u8> {
    std::env::var("CALLBACK_SECRET")
        .unwrap_or_else(|_| "inline-keyboard example: not a secret".to_string())
        .into_bytes()
}

#[telebot::main]
async fn main(
    app: telebot::application::ApplicationBuilder,
) -> Result<telebot::application::ApplicationBuilder, telebot::persistence::PersistenceError> {
    // The tallies and the callback-data cache are written after every handler, so even a
    // killed bot's buttons keep working when it comes back.
    let store =
        telebot::persistence::FilePersistence::open("inline-keyboard-data")?.write_through(true);
    Ok(app
        .handlers(poll::handlers())
        .callback_data(
            CallbackDataCodec::new()
                .signed(signing_key())
                .unwrap_or_else(|e| panic!("CALLBACK_SECRET: {e}"))
                // Anyone in the group may vote, on this chat's poll only.
                .binding(Binding::Chat),
        )
        .persistence(store))
}
