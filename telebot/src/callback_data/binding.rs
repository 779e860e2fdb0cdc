//! Binding signed buttons to where they were sent and to whom: the chat and the user are signed
//! with the data, so a button replayed in another chat or pressed by another user does not
//! verify.

use crate::api::{CallbackQuery, Message, Update};

/// What a signed codec binds each button to, besides its data
/// ([`CallbackDataCodec::binding`](super::CallbackDataCodec::binding)). Nothing is written into
/// the button for it: the chat and the user go into the signature only, and the press is
/// checked against the chat and the user of the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Binding {
    /// Only the user the button was made for may press it, only in the chat it was made for.
    /// The default of a signed codec.
    #[default]
    ChatAndUser,
    /// Anyone in the chat the button was made for (a poll in a group).
    Chat,
    /// Only the user the button was made for, wherever the message is (e.g. forwarded).
    User,
    /// Anyone anywhere: the signature covers the data only.
    Anyone,
}

impl Binding {
    pub(crate) fn chat(self) -> bool {
        matches!(self, Binding::ChatAndUser | Binding::Chat)
    }

    pub(crate) fn user(self) -> bool {
        matches!(self, Binding::ChatAndUser | Binding::User)
    }

    /// What a button is bound to, as the signature covers it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Binding::ChatAndUser => "chat and user",
            Binding::Chat => "chat",
            Binding::User => "user",
            Binding::Anyone => "nothing",
        }
    }
}

/// Where a button goes and who may press it: the chat and the user a bound button is signed
/// for ([`CallbackDataCodec::pack_for`](super::CallbackDataCodec::pack_for)), or those of a
/// press ([`CallbackDataCodec::unpack_query`](super::CallbackDataCodec::unpack_query)).
///
/// `None` is a value of its own: a button on an inline-mode message has no chat, and is signed
/// for "no chat"; a press of it comes with no chat either.
///
/// ```
/// use telebot::callback_data::Audience;
///
/// let audience = Audience::new(Some(-10042), Some(7));
/// assert_eq!(audience.chat(), Some(-10042));
/// assert_eq!(audience.user(), Some(7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Audience {
    chat: Option<i64>,
    user: Option<i64>,
}

impl Audience {
    /// The chat (by id) and the user (by id).
    pub const fn new(chat: Option<i64>, user: Option<i64>) -> Audience {
        Audience { chat, user }
    }

    /// The chat's id.
    pub fn chat(&self) -> Option<i64> {
        self.chat
    }

    /// The user's id.
    pub fn user(&self) -> Option<i64> {
        self.user
    }

    /// The signed parts for `binding`: what is not bound is left out, so that it cannot
    /// matter; what is bound and absent is signed as absent.
    pub(crate) fn parts(&self, binding: Binding) -> [Vec<u8>; 2] {
        let part = |bound: bool, id: Option<i64>| match (bound, id) {
            (false, _) => b"*".to_vec(),
            (true, None) => b"-".to_vec(),
            (true, Some(id)) => id.to_string().into_bytes(),
        };
        [
            part(binding.chat(), self.chat),
            part(binding.user(), self.user),
        ]
    }
}

/// A reply to `message`: its chat, and its sender (the user whose command the keyboard
/// answers).
impl From<&Message> for Audience {
    fn from(message: &Message) -> Audience {
        Audience {
            chat: Some(message.chat.id),
            user: message.from.as_ref().map(|user| user.id),
        }
    }
}

/// The chat of the query's message (none for an inline-mode message) and the user who pressed.
impl From<&CallbackQuery> for Audience {
    fn from(query: &CallbackQuery) -> Audience {
        Audience {
            chat: query
                .message
                .as_ref()
                .and_then(|message| message.chat())
                .map(|chat| chat.id),
            user: Some(query.from.id),
        }
    }
}

/// The update's effective chat and effective user.
impl From<&Update> for Audience {
    fn from(update: &Update) -> Audience {
        Audience {
            chat: update.effective_chat().map(|chat| chat.id),
            user: update.effective_user().map(|user| user.id),
        }
    }
}
