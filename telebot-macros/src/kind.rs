//! The handler attributes (besides `#[job]`, which has its own module): each one's name, the runtime's handler kind marker it extracts for,
//! and the family of options and runtime constructor it uses.

/// How an attribute becomes a handler.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// `#[command]`: a `CommandHandler` with its command info.
    Command,
    /// `#[regex]`: a `RegexHandler`.
    Regex,
    /// `#[prefix]`: a `PrefixHandler` (`!ban`, `#note`).
    Prefix,
    /// A `MessageHandler`, with the fixed filter `telebot::filters::update::<name>()` if any.
    Message(Option<&'static str>),
    /// `#[callback_query]`.
    CallbackQuery,
    /// `#[inline_query]`.
    InlineQuery,
    /// An `UpdateKindHandler` constructor of this name.
    UpdateKind(&'static str),
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

/// Every handler attribute (`#[job]` has its own module).
pub(crate) const KINDS: &[Kind] = &[
    kind("command", "Command", Family::Command),
    kind("regex", "Message", Family::Regex),
    kind("prefix", "Command", Family::Prefix),
    kind("message", "Message", Family::Message(None)),
    kind(
        "edited_message",
        "Message",
        Family::Message(Some("edited_message")),
    ),
    kind(
        "channel_post",
        "Message",
        Family::Message(Some("channel_posts")),
    ),
    kind(
        "business_message",
        "Message",
        Family::Message(Some("business_messages")),
    ),
    kind("callback_query", "CallbackQuery", Family::CallbackQuery),
    kind("inline_query", "InlineQuery", Family::InlineQuery),
    kind(
        "chosen_inline_result",
        "ChosenInlineResult",
        Family::UpdateKind("chosen_inline_result"),
    ),
    kind(
        "chat_member",
        "ChatMember",
        Family::UpdateKind("chat_member"),
    ),
    kind(
        "my_chat_member",
        "ChatMember",
        Family::UpdateKind("my_chat_member"),
    ),
    kind(
        "chat_join_request",
        "ChatJoinRequest",
        Family::UpdateKind("chat_join_request"),
    ),
    kind(
        "message_reaction",
        "MessageReaction",
        Family::UpdateKind("message_reaction"),
    ),
    kind(
        "message_reaction_count",
        "MessageReactionCount",
        Family::UpdateKind("message_reaction_count"),
    ),
    kind("poll", "Poll", Family::UpdateKind("poll")),
    kind(
        "poll_answer",
        "PollAnswer",
        Family::UpdateKind("poll_answer"),
    ),
    kind(
        "shipping_query",
        "ShippingQuery",
        Family::UpdateKind("shipping_query"),
    ),
    kind(
        "pre_checkout_query",
        "PreCheckoutQuery",
        Family::UpdateKind("pre_checkout_query"),
    ),
    kind("chat_boost", "ChatBoost", Family::UpdateKind("chat_boost")),
    kind(
        "removed_chat_boost",
        "RemovedChatBoost",
        Family::UpdateKind("removed_chat_boost"),
    ),
    kind(
        "business_connection",
        "BusinessConnection",
        Family::UpdateKind("business_connection"),
    ),
    kind(
        "deleted_business_messages",
        "BusinessMessagesDeleted",
        Family::UpdateKind("deleted_business_messages"),
    ),
    kind(
        "purchased_paid_media",
        "PurchasedPaidMedia",
        Family::UpdateKind("purchased_paid_media"),
    ),
    kind(
        "managed_bot",
        "ManagedBot",
        Family::UpdateKind("managed_bot"),
    ),
    kind("media_group", "MediaGroup", Family::MediaGroup),
    kind("any_update", "Any", Family::Any),
    kind("error_handler", "Error", Family::Error),
];

/// The keys of an update-kind attribute: the chat restrictions where its updates have a chat,
/// the user restrictions where they have a user, and a `pattern` where they have a text to
/// match (a chosen inline result's query, a shipping or pre-checkout query's invoice payload).
fn update_kind_keys(name: &str) -> &'static [&'static str] {
    const BOTH: &[&str] = &["chat_id", "chat_username", "user_id", "username"];
    const CHAT: &[&str] = &["chat_id", "chat_username"];
    const USER: &[&str] = &["user_id", "username"];
    const USER_AND_PATTERN: &[&str] = &["user_id", "username", "pattern"];
    match name {
        "chat_member" | "my_chat_member" | "chat_join_request" | "message_reaction" => BOTH,
        "message_reaction_count"
        | "chat_boost"
        | "removed_chat_boost"
        | "deleted_business_messages" => CHAT,
        "chosen_inline_result" | "shipping_query" | "pre_checkout_query" => USER_AND_PATTERN,
        "poll_answer" | "business_connection" | "purchased_paid_media" | "managed_bot" => USER,
        _ => &[],
    }
}

/// The attribute called `name`.
pub(crate) fn by_name(name: &str) -> Option<Kind> {
    KINDS.iter().copied().find(|k| k.name == name)
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
            Family::UpdateKind(name) => update_kind_keys(name),
            Family::MediaGroup | Family::Any => &[],
            Family::Error => &[],
        }
    }

    /// Whether the handler goes into a group (error handlers do not).
    pub(crate) fn grouped(self) -> bool {
        self != Family::Error
    }
}
