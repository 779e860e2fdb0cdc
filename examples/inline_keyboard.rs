//! An inline keyboard with callback queries: `/poll` posts a question with buttons, each press
//! is counted per chat and the message is edited to show the tally; `/reset` clears it.
//!
//! ```sh
//! cargo run --example inline_keyboard      # in the sandbox, `:press 1` presses a button
//! ```

use serde::{Deserialize, Serialize};

/// The votes of one chat.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Tally {
    yes: u32,
    no: u32,
}

#[telebot::bot]
mod poll {
    use super::Tally;
    use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
    use telebot::extract::Groups;
    use telebot::{Bot, ChatData, HandlerResult};

    fn keyboard() -> InlineKeyboardMarkup {
        InlineKeyboardMarkup::from_rows([[
            InlineKeyboardButton::callback("Yes", "vote:yes"),
            InlineKeyboardButton::callback("No", "vote:no"),
        ]])
    }

    /// Asks the question.
    #[command("poll", "start")]
    async fn ask(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(msg.chat.id, "Pizza tonight?")
            .reply_markup(keyboard())
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

    #[callback_query(pattern = r"^vote:(yes|no)$")]
    async fn vote(
        bot: Bot,
        query: CallbackQuery,
        Groups((choice,)): Groups<(String,)>,
        mut tally: ChatData<Tally>,
    ) -> HandlerResult {
        if choice == "yes" {
            tally.yes += 1;
        } else {
            tally.no += 1;
        }
        let text = format!("Pizza tonight?\nYes: {}  No: {}", tally.yes, tally.no);
        query
            .answer(&bot)
            .text(format!("You voted {choice}"))
            .await?;
        if let Some(message) = query.message.as_ref().and_then(|m| m.accessible()) {
            message
                .edit_text(&bot, text)
                .reply_markup(keyboard())
                .await?;
        }
        Ok(())
    }

    #[callback_query]
    async fn stale(bot: Bot, query: CallbackQuery) -> HandlerResult {
        query
            .answer(&bot)
            .text("This button is no longer in use.")
            .await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    poll::handlers()
}
