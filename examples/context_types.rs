//! Context types (PTB's contexttypesbot): counters kept per chat and per user, with types of
//! the bot's own. `/start` shows a button that counts its clicks, per message in each chat;
//! every message a user writes is counted for its chat and for its sender, and `/stats` shows
//! both counts.
//!
//! ```sh
//! cargo run --example context_types      # the sandbox: `:press 1` clicks, `:user ben` switches
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example context_types
//! ```
//!
//! PTB gets there with custom context types: a `ChatData` class and a `CallbackContext`
//! subclass with properties, declared once through `ContextTypes`. telebot has no context to
//! subclass: a handler names the data it needs as typed extractors — `ChatData<ChatCounts>`,
//! `UserData<UserCounts>`, `BotData<T>` — each a `Default + Serialize + Deserialize` type of
//! your own, created on first use, written back when the handler returns (and kept by a
//! persistence backend when there is one). A handler in group -1 counts every message before
//! the commands in group 0 see it, as PTB's `TypeHandler` in group -1 does.

/// The counters and the handlers that keep them.
#[telebot::bot]
pub mod counters {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;
    use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
    use telebot::{Bot, ChatData, HandlerResult, UserData, filters};

    /// What the bot keeps per chat.
    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct ChatCounts {
        /// Clicks of each `/start` message's button, by message id.
        pub clicks_per_message: BTreeMap<i64, u32>,
        /// Messages seen in the chat.
        pub messages: u32,
    }

    /// What the bot keeps per user, across chats.
    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct UserCounts {
        /// Messages the user sent.
        pub messages: u32,
        /// Buttons the user clicked.
        pub clicks: u32,
    }

    fn clicked(times: u32) -> String {
        format!("This button was clicked {times} times.")
    }

    /// Counts every message a user wrote (not service messages such as joins), for its chat
    /// and its sender, before the commands see it.
    #[message(filter = !filters::status_update::any(), group = -1)]
    async fn count_message(mut chat: ChatData<ChatCounts>, mut user: UserData<UserCounts>) {
        chat.messages += 1;
        user.messages += 1;
    }

    /// Shows a button that counts its clicks.
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        let button = InlineKeyboardButton::callback("Click me!", "click");
        bot.send_message(msg.chat.id, clicked(0))
            .reply_markup(InlineKeyboardMarkup::from_rows([[button]]))
            .await?;
        Ok(())
    }

    /// A click: counted for the message (in its chat) and for the user.
    #[callback_query(pattern = "^click$")]
    async fn click(
        bot: Bot,
        query: CallbackQuery,
        mut chat: ChatData<ChatCounts>,
        mut user: UserData<UserCounts>,
    ) -> HandlerResult {
        user.clicks += 1;
        query
            .answer(&bot)
            .text(format!(
                "You clicked {} times and sent me {} messages in all.",
                user.clicks, user.messages
            ))
            .await?;
        let Some(message) = query.message.as_ref().and_then(|m| m.accessible()) else {
            return Ok(());
        };
        let times = chat
            .clicks_per_message
            .entry(message.message_id)
            .or_default();
        *times += 1;
        let mut edit = message.edit_text(&bot, clicked(*times));
        if let Some(buttons) = message.reply_markup.clone() {
            edit = edit.reply_markup(buttons);
        }
        edit.await?;
        Ok(())
    }

    /// Shows the counts of this chat and of the user.
    #[command("stats")]
    async fn stats(
        bot: Bot,
        msg: Message,
        chat: ChatData<ChatCounts>,
        user: UserData<UserCounts>,
    ) -> HandlerResult {
        let clicks: u32 = chat.clicks_per_message.values().sum();
        msg.reply_text(
            &bot,
            format!(
                "This chat: {} messages, {clicks} clicks. You: {} messages, {} clicks, in all chats.",
                chat.messages, user.messages, user.clicks
            ),
        )
        .await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    counters::handlers()
}
