//! Chat-member bot (PTB's chatmemberbot): keeps track of the chats the bot is in, and greets
//! members who join a group and says goodbye to those who leave.
//!
//! ```sh
//! cargo run --example chat_member                                   # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example chat_member    # a real bot on Telegram
//! ```
//!
//! `my_chat_member` updates say when the bot itself was added to or removed from a chat (or
//! blocked in a private chat); `chat_member` updates say the same of other members, in groups
//! where the bot is an administrator. Both are read with
//! [`ChatMemberUpdated::status_change`](telebot::api::ChatMemberUpdated::status_change): was
//! the user in the chat, is the user in it now. `/show_chats` lists what the bot knows.

/// The chat tracking, the greetings and `/show_chats`.
#[telebot::bot]
pub mod members {
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeSet;
    use telebot::api::{ChatMemberUpdated, Message};
    use telebot::{Bot, BotData, ChatType, HandlerResult};

    /// The chats the bot is in, by kind (in `bot_data`).
    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct Chats {
        /// Users who started the bot and have not blocked it.
        pub users: BTreeSet<i64>,
        /// Groups and supergroups the bot is a member of.
        pub groups: BTreeSet<i64>,
        /// Channels the bot is a member of.
        pub channels: BTreeSet<i64>,
    }

    fn who(change: &ChatMemberUpdated) -> String {
        change.from.first_name.clone()
    }

    #[my_chat_member]
    async fn track_chats(change: ChatMemberUpdated, mut chats: BotData<Chats>) -> HandlerResult {
        let Some(status) = change.status_change() else {
            return Ok(());
        };
        let list = match change.chat.kind {
            ChatType::Private => &mut chats.users,
            ChatType::Channel => &mut chats.channels,
            _ => &mut chats.groups,
        };
        if status.joined() {
            list.insert(change.chat.id);
            tracing::info!(chat = change.chat.id, by = %who(&change), "the bot was added");
        } else if status.left() {
            list.remove(&change.chat.id);
            tracing::info!(chat = change.chat.id, by = %who(&change), "the bot was removed");
        }
        Ok(())
    }

    #[chat_member]
    async fn greet(bot: Bot, change: ChatMemberUpdated) -> HandlerResult {
        let Some(status) = change.status_change() else {
            return Ok(());
        };
        let user = change.new_chat_member.user();
        let member = user.map_or_else(|| "someone".to_string(), |u| u.first_name.clone());
        // Whether the member did it (joined, left) or someone else (added, removed them).
        let themselves = user.is_some_and(|u| u.id == change.from.id);
        let text = match (status.joined(), status.left(), themselves) {
            (true, _, true) => format!("{member} joined. Welcome!"),
            (true, _, false) => format!("{member} was added by {}. Welcome!", who(&change)),
            (_, true, true) => format!("{member} left. Thanks for the time together!"),
            (_, true, false) => format!("{member} was removed by {}.", who(&change)),
            _ => return Ok(()),
        };
        bot.send_message(change.chat.id, text).await?;
        Ok(())
    }

    /// Lists the chats the bot is in.
    #[command("show_chats")]
    async fn show_chats(bot: Bot, msg: Message, chats: BotData<Chats>) -> HandlerResult {
        let list = |ids: &BTreeSet<i64>| {
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let text = format!(
            "Users: {}\nGroups: {}\nChannels: {}",
            list(&chats.users),
            list(&chats.groups),
            list(&chats.channels)
        );
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    }

    /// Starts the bot in a private chat (which counts as a chat the bot is in).
    #[command("start")]
    async fn start(bot: Bot, msg: Message, mut chats: BotData<Chats>) -> HandlerResult {
        if msg.chat.kind == ChatType::Private {
            chats.users.insert(msg.chat.id);
        }
        bot.send_message(
            msg.chat.id,
            "Add me to a group as an administrator to see me greet people.",
        )
        .await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    members::handlers()
}
