//! A group moderation bot built from filters: it greets new members, removes links posted by
//! members who are not admins, answers "!rules" in groups only, counts photos per chat, and
//! gives admins `/ban` (a reply to the member to ban) and `/stats`.
//!
//! ```sh
//! cargo run --example group_bot       # in the sandbox, `:group` switches to a group chat
//! ```

use serde::{Deserialize, Serialize};

/// What the bot counts per chat.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stats {
    photos: u32,
    links_removed: u32,
}

#[telebot::bot]
mod moderation {
    use super::Stats;
    use telebot::api::Message;
    use telebot::filters::{self, chat_type, media, status_update};
    use telebot::{Bot, ChatData, HandlerResult, MessageEntityType};

    /// Bans the member whose message you reply to.
    #[command("ban", scope = all_chat_administrators, require = admin, filter = chat_type::groups() & filters::reply())]
    async fn ban(bot: Bot, msg: Message) -> HandlerResult {
        let target = msg.reply_to_message.as_ref().and_then(|m| m.from.as_ref());
        if let Some(user) = target {
            bot.ban_chat_member(msg.chat.id, user.id).await?;
            msg.reply_text(&bot, format!("{} was banned.", user.first_name))
                .await?;
        }
        Ok(())
    }

    /// Shows what the bot counted in this chat.
    #[command("stats", scope = all_group_chats, filter = chat_type::groups())]
    async fn stats(bot: Bot, msg: Message, stats: ChatData<Stats>) -> HandlerResult {
        msg.reply_text(
            &bot,
            format!(
                "photos: {}, links removed: {}",
                stats.photos, stats.links_removed
            ),
        )
        .await?;
        Ok(())
    }

    #[message(filter = status_update::new_chat_members())]
    async fn welcome(bot: Bot, msg: Message) -> HandlerResult {
        for member in msg.new_chat_members.iter().flatten().filter(|u| !u.is_bot) {
            bot.send_message(
                msg.chat.id,
                format!("Welcome, {}! Read !rules first.", member.first_name),
            )
            .await?;
        }
        Ok(())
    }

    #[regex(r"(?i)^!rules$", filter = chat_type::groups())]
    async fn rules(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(&bot, "1. Be kind. 2. No links unless you are an admin.")
            .await?;
        Ok(())
    }

    #[message(filter = chat_type::groups() & (filters::entities(MessageEntityType::Url) | filters::entities(MessageEntityType::TextLink)), group = 1)]
    async fn links(bot: Bot, msg: Message, mut stats: ChatData<Stats>) -> HandlerResult {
        let Some(sender) = &msg.from else {
            return Ok(());
        };
        let member = bot.get_chat_member(msg.chat.id, sender.id).await?;
        let admin = matches!(
            member,
            telebot::api::ChatMember::Owner(_) | telebot::api::ChatMember::Administrator(_)
        );
        if !admin {
            msg.delete(&bot).await?;
            stats.links_removed += 1;
            bot.send_message(
                msg.chat.id,
                format!("{}, links are for admins.", sender.first_name),
            )
            .await?;
        }
        Ok(())
    }

    #[message(filter = chat_type::groups() & media::photo(), group = 2)]
    async fn photos(mut stats: ChatData<Stats>) {
        stats.photos += 1;
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    moderation::handlers()
}
