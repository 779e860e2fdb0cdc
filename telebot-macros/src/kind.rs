//! The handler attributes (besides `#[job]`, which has its own module): each one's name, the
//! runtime's handler kind marker it extracts for, and the family of options and runtime
//! constructor it uses. The attributes named after an update kind come from the update-kind
//! table that `telebot-codegen` generates into `telebot-syntax`.

use telebot_syntax::update_kinds::{self, UpdateKindInfo};

/// How an attribute becomes a handler.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// `#[command]`: a `CommandHandler` with its command info.
    Command,
    /// `#[regex]`: a `RegexHandler`.
    Regex,
    /// `#[prefix]`: a `PrefixHandler` (`!ban`, `#note`).
    Prefix,
    /// A `MessageHandler`; named after one kind that carries a message, with that kind's
    /// filter ([`Family::message_filter`]).
    Message(Option<&'static str>),
    /// `#[callback_query]`.
    CallbackQuery,
    /// `#[inline_query]`.
    InlineQuery,
    /// The `UpdateKindHandler` constructor of this kind.
    UpdateKind(&'static UpdateKindInfo),
    /// `#[media_group]`: albums.
    MediaGroup,
    /// `#[any_update]`: a `TypeHandler` for every update.
    Any,
    /// `#[error_handler]`.
    Error,
}

/// One handler attribute.
#[derive(Clone, Copy)]
pub(crate) struct Kind {
    /// The attribute's name.
    pub(crate) name: &'static str,
    /// The marker type in `telebot::extract::kind`.
    pub(crate) marker: &'static str,
    /// What it expands into.
    pub(crate) family: Family,
}

const fn kind(name: &'static str, marker: &'static str, family: Family) -> Kind {
    Kind {
        name,
        marker,
        family,
    }
}

/// The handler attributes that are not named after an update kind, and those whose kind has a
/// handler of its own (`#[message]` takes every kind that carries a message).
const DEDICATED: &[Kind] = &[
    kind("command", "Command", Family::Command),
    kind("regex", "Message", Family::Regex),
    kind("prefix", "Command", Family::Prefix),
    kind("message", "Message", Family::Message(None)),
    kind("callback_query", "CallbackQuery", Family::CallbackQuery),
    kind("inline_query", "InlineQuery", Family::InlineQuery),
    kind("media_group", "MediaGroup", Family::MediaGroup),
    kind("any_update", "Any", Family::Any),
    kind("error_handler", "Error", Family::Error),
];

/// The attribute called `name`: a dedicated one, or one named after an update kind: a kind
/// that carries a message is a `MessageHandler` with that kind's filter, any other an
/// `UpdateKindHandler` constructor.
pub(crate) fn by_name(name: &str) -> Option<Kind> {
    if let Some(kind) = DEDICATED.iter().find(|k| k.name == name) {
        return Some(*kind);
    }
    let info = update_kinds::by_name(name)?;
    let family = if info.carries_message {
        Family::Message(Some(info.name))
    } else if info.plain {
        Family::UpdateKind(info)
    } else {
        return None;
    };
    Some(kind(info.name, info.marker, family))
}

/// The keys of an update-kind attribute: the chat restrictions where its updates have a chat,
/// the user restrictions where they have a user, and a `pattern` where they have a text to
/// match (a chosen inline result's query, a shipping or pre-checkout query's invoice payload).
fn update_kind_keys(info: &UpdateKindInfo) -> &'static [&'static str] {
    const ALL: &[&str] = &["chat_id", "chat_username", "user_id", "username", "pattern"];
    match (info.has_chat, info.has_user, info.has_pattern_text) {
        (true, true, true) => ALL,
        (true, true, false) => &ALL[..4],
        (true, false, _) => &ALL[..2],
        (false, true, true) => &ALL[2..],
        (false, true, false) => &ALL[2..4],
        (false, false, true) => &ALL[4..],
        (false, false, false) => &[],
    }
}

impl Family {
    /// The option keys this family takes besides `group`, `block` and `crate`.
    pub(crate) fn keys(self) -> &'static [&'static str] {
        match self {
            Family::Command => &[
                "description",
                "hidden",
                "scope",
                "require",
                "allow_edited",
                "filter",
                "args",
                "payload",
            ],
            Family::Regex => &["caption", "allow_edited", "filter"],
            Family::Prefix => &["prefix", "command", "filter"],
            Family::Message(_) => &["filter"],
            Family::CallbackQuery => &["pattern", "game"],
            Family::InlineQuery => &["pattern", "chat_types"],
            Family::UpdateKind(info) => update_kind_keys(info),
            Family::MediaGroup | Family::Any => &[],
            Family::Error => &[],
        }
    }

    /// Every key the family's attributes take: its own ([`keys`](Self::keys)), `group` and
    /// `block` where the handler goes into a group (`block` not for albums), and `crate`.
    pub(crate) fn all_keys(self) -> Vec<&'static str> {
        let mut keys = self.keys().to_vec();
        if self.grouped() {
            keys.push("group");
            if self != Family::MediaGroup {
                keys.push("block");
            }
        }
        keys.push("crate");
        keys
    }

    /// The filter of a `MessageHandler` named after `kind`: an edit kind or a kind without
    /// edits alone (`edited_message`, `guest_message`), any other new and edited
    /// (`channel_post` → `channel_posts`).
    pub(crate) fn message_filter(kind: &str) -> String {
        let edited = format!("edited_{kind}");
        if update_kinds::by_name(&edited).is_some() {
            format!("{kind}s")
        } else {
            kind.to_string()
        }
    }

    /// Whether the handler goes into a group (error handlers do not).
    pub(crate) fn grouped(self) -> bool {
        self != Family::Error
    }
}
