//! PTB's `effective_*` helpers: who sent an update, in which chat, about which message.

use crate::api::{Chat, ChatBoostSource, Message, User};
use crate::{Update, UpdateKind};

/// Who sent an update: a user, or a chat speaking as itself (channel posts, anonymous admins).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sender<'a> {
    /// A user.
    User(&'a User),
    /// A chat sending on its own behalf.
    Chat(&'a Chat),
}

fn boost_user(source: &ChatBoostSource) -> Option<&User> {
    match source {
        ChatBoostSource::Premium(s) => Some(&s.user),
        ChatBoostSource::GiftCode(s) => Some(&s.user),
        ChatBoostSource::Giveaway(s) => s.user.as_deref(),
        ChatBoostSource::Unknown(_) => None,
    }
}

impl Update {
    /// The message of the kinds whose payload is a message (new or edited messages, channel
    /// posts, business and guest messages); unlike [`effective_message`](Self::effective_message),
    /// not the message of a callback query.
    pub fn carried_message(&self) -> Option<&Message> {
        match &self.kind {
            UpdateKind::Message(m)
            | UpdateKind::EditedMessage(m)
            | UpdateKind::ChannelPost(m)
            | UpdateKind::EditedChannelPost(m)
            | UpdateKind::BusinessMessage(m)
            | UpdateKind::EditedBusinessMessage(m)
            | UpdateKind::GuestMessage(m) => Some(m),
            _ => None,
        }
    }

    /// The user the update came from, whatever its kind; `None` for channel posts, polls and
    /// anonymous updates.
    ///
    /// ```
    /// let update: telebot_api::Update = serde_json::from_str(r#"{"update_id": 1, "message": {
    ///     "message_id": 5, "date": 1700000000, "chat": {"id": 7, "type": "private"},
    ///     "from": {"id": 7, "is_bot": false, "first_name": "Alice"}, "text": "hi"}}"#).unwrap();
    /// assert_eq!(update.effective_user().map(|u| u.id), Some(7));
    /// assert_eq!(update.effective_chat().map(|c| c.id), Some(7));
    /// assert_eq!(update.effective_message().and_then(|m| m.text.as_deref()), Some("hi"));
    /// ```
    pub fn effective_user(&self) -> Option<&User> {
        // Every kind is listed, so a kind added by regeneration must be decided here.
        match &self.kind {
            UpdateKind::Message(m)
            | UpdateKind::EditedMessage(m)
            | UpdateKind::ChannelPost(m)
            | UpdateKind::EditedChannelPost(m)
            | UpdateKind::BusinessMessage(m)
            | UpdateKind::EditedBusinessMessage(m)
            | UpdateKind::GuestMessage(m) => m.from.as_ref(),
            UpdateKind::BusinessConnection(c) => Some(&c.user),
            UpdateKind::DeletedBusinessMessages(_) => None,
            UpdateKind::MessageReaction(r) => r.user.as_deref(),
            UpdateKind::MessageReactionCount(_) => None,
            UpdateKind::InlineQuery(q) => Some(&q.from),
            UpdateKind::ChosenInlineResult(r) => Some(&r.from),
            UpdateKind::CallbackQuery(q) => Some(&q.from),
            UpdateKind::ShippingQuery(q) => Some(&q.from),
            UpdateKind::PreCheckoutQuery(q) => Some(&q.from),
            UpdateKind::PurchasedPaidMedia(p) => Some(&p.from),
            UpdateKind::Poll(_) => None,
            UpdateKind::PollAnswer(a) => a.user.as_deref(),
            UpdateKind::MyChatMember(m) | UpdateKind::ChatMember(m) => Some(&m.from),
            UpdateKind::ChatJoinRequest(r) => Some(&r.from),
            UpdateKind::ChatBoost(b) => boost_user(&b.boost.source),
            UpdateKind::RemovedChatBoost(b) => boost_user(&b.source),
            UpdateKind::ManagedBot(m) => Some(&m.user),
            UpdateKind::Unknown(_) => None,
        }
    }

    /// The chat the update happened in, whatever its kind.
    pub fn effective_chat(&self) -> Option<&Chat> {
        if let Some(message) = self.carried_message() {
            return Some(&message.chat);
        }
        match &self.kind {
            UpdateKind::DeletedBusinessMessages(d) => Some(&d.chat),
            UpdateKind::MessageReaction(r) => Some(&r.chat),
            UpdateKind::MessageReactionCount(r) => Some(&r.chat),
            UpdateKind::CallbackQuery(q) => q.message.as_ref().and_then(|m| m.chat()),
            UpdateKind::PollAnswer(a) => a.voter_chat.as_deref(),
            UpdateKind::MyChatMember(m) | UpdateKind::ChatMember(m) => Some(&m.chat),
            UpdateKind::ChatJoinRequest(r) => Some(&r.chat),
            UpdateKind::ChatBoost(b) => Some(&b.chat),
            UpdateKind::RemovedChatBoost(b) => Some(&b.chat),
            _ => None,
        }
    }

    /// The message the update carries: a new or edited message or post, or the message of a
    /// callback query when it is still accessible.
    pub fn effective_message(&self) -> Option<&Message> {
        if let Some(message) = self.carried_message() {
            return Some(message);
        }
        match &self.kind {
            UpdateKind::CallbackQuery(q) => q.message.as_ref().and_then(|m| m.accessible()),
            _ => None,
        }
    }

    /// Who sent the update: the sender chat when a message was sent on behalf of a chat,
    /// otherwise the effective user.
    pub fn effective_sender(&self) -> Option<Sender<'_>> {
        if let Some(chat) = self
            .effective_message()
            .and_then(|m| m.sender_chat.as_deref())
        {
            return Some(Sender::Chat(chat));
        }
        if let UpdateKind::MessageReaction(r) = &self.kind
            && let Some(chat) = r.actor_chat.as_deref()
        {
            return Some(Sender::Chat(chat));
        }
        if let Some(user) = self.effective_user() {
            return Some(Sender::User(user));
        }
        match &self.kind {
            UpdateKind::PollAnswer(a) => a.voter_chat.as_deref().map(Sender::Chat),
            UpdateKind::ChannelPost(m) | UpdateKind::EditedChannelPost(m) => {
                Some(Sender::Chat(&m.chat))
            }
            _ => None,
        }
    }

    /// The `allowed_updates` name of the update's kind.
    pub fn kind_name(&self) -> &str {
        self.kind.name()
    }
}
