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

/// The user who boosted, where the source names one (the generated [`UpdateKind::user`] of
/// boost updates).
pub(crate) fn boost_user(source: &ChatBoostSource) -> Option<&User> {
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
        self.kind.carried_message()
    }

    /// The user the update came from, whatever its kind; `None` for channel posts, polls and
    /// anonymous updates. Where each kind names its user is the generated
    /// [`UpdateKind::user`].
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
        self.kind.user()
    }

    /// The chat the update happened in, whatever its kind (the generated
    /// [`UpdateKind::chat`]).
    pub fn effective_chat(&self) -> Option<&Chat> {
        self.kind.chat()
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
