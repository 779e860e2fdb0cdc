//! A bot as a new user writes it from the README: `/add <text>` keeps a note in the user's
//! `user_data`, `/list` shows them, stored by the file backend with its default interval (not
//! written through). tests/sandbox_keeps_data.rs runs it in the terminal sandbox.

use serde::{Deserialize, Serialize};
use telebot::api::Message;
use telebot::application::ApplicationBuilder;
use telebot::extract::{Args, Rest};
use telebot::persistence::{FilePersistence, PersistenceError};
use telebot::{Bot, HandlerResult, UserData};

#[derive(Debug, Default, Serialize, Deserialize)]
struct Notes(Vec<String>);

#[telebot::bot]
mod notes {
    use super::*;

    /// Keeps a note.
    #[command("add")]
    async fn add(
        bot: Bot,
        msg: Message,
        text: Args<Rest>,
        mut notes: UserData<Notes>,
    ) -> HandlerResult {
        notes.0.push(text.0.0);
        bot.send_message(msg.chat.id, format!("noted ({})", notes.0.len()))
            .await?;
        Ok(())
    }

    /// Lists the notes.
    #[command("list")]
    async fn list(bot: Bot, msg: Message, notes: UserData<Notes>) -> HandlerResult {
        let text = if notes.0.is_empty() {
            "no notes".to_string()
        } else {
            notes.0.join("; ")
        };
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    }
}

#[telebot::main]
async fn main(app: ApplicationBuilder) -> Result<ApplicationBuilder, PersistenceError> {
    Ok(app
        .handlers(notes::handlers())
        .persistence(FilePersistence::open("notes-data")?))
}
