//! Handler kinds, as types: what each kind of handler offers to extract.
//!
//! | kind | also offers |
//! |---|---|
//! | [`Command`] | `Message`, `User`, `Chat`, `Args<T>`, `ChatData<T>`, `UserData<T>` |
//! | [`Message`] | `Message`, `User`, `Chat`, `Matches` (of regex filters), `ChatData<T>`, `UserData<T>` |
//! | [`CallbackQuery`] | `CallbackQuery`, `User`, `Chat`, `Matches` (of the data pattern), `ChatData<T>`, `UserData<T>` |
//! | [`InlineQuery`] | `InlineQuery`, `User`, `Matches`, `UserData<T>` |
//! | one kind per other update | its payload (`ChatMemberUpdated`, `PollAnswer`, …), and `User`/`Chat` where it has them |
//! | [`Any`] | what every kind offers |
//! | [`Error`] | what every kind offers; the error is `CallbackContext::error` |
//! | [`Job`] | `Job`, `JobData<T>`, and `ChatData<T>`/`UserData<T>` of the job's chat and user (no update) |

use super::{ExtractError, FromContext};
use crate::context::CallbackContext;
use crate::{UpdateKind, api};

/// Kinds whose updates carry a message.
pub trait WithMessage {}
/// Kinds whose updates have a user.
pub trait WithUser {}
/// Kinds whose updates have a chat.
pub trait WithChat {}
/// Kinds that record regex matches.
pub trait WithMatches {}

macro_rules! kinds {
    ($($(#[$meta:meta])* $name:ident: [$($cap:ident),*];)*) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            $(impl $cap for $name {})*
        )*
    };
}

kinds! {
    /// `CommandHandler` and `PrefixHandler` (matches: a command's `payload` pattern).
    Command: [WithMessage, WithUser, WithChat, WithMatches];
    /// `MessageHandler` and `RegexHandler`.
    Message: [WithMessage, WithUser, WithChat, WithMatches];
    /// `CallbackQueryHandler`.
    CallbackQuery: [WithUser, WithChat, WithMatches];
    /// `InlineQueryHandler`.
    InlineQuery: [WithUser, WithMatches];
    /// Chosen inline results.
    ChosenInlineResult: [WithUser, WithMatches];
    /// Poll state updates.
    Poll: [];
    /// Poll answers.
    PollAnswer: [WithUser];
    /// `chat_member` and `my_chat_member` updates.
    ChatMember: [WithUser, WithChat];
    /// Join requests.
    ChatJoinRequest: [WithUser, WithChat];
    /// Reactions of one user.
    MessageReaction: [WithChat];
    /// Anonymous reaction counts.
    MessageReactionCount: [WithChat];
    /// Shipping queries.
    ShippingQuery: [WithUser, WithMatches];
    /// Pre-checkout queries.
    PreCheckoutQuery: [WithUser, WithMatches];
    /// Boosts added.
    ChatBoost: [WithChat];
    /// Boosts removed.
    RemovedChatBoost: [WithChat];
    /// Business connections.
    BusinessConnection: [WithUser];
    /// Deleted business messages.
    BusinessMessagesDeleted: [WithChat];
    /// Purchased paid media.
    PurchasedPaidMedia: [WithUser];
    /// Managed bot updates.
    ManagedBot: [WithUser];
    /// `MediaGroupHandler`: albums.
    MediaGroup: [WithMessage, WithUser, WithChat];
    /// `TypeHandler`: any update.
    Any: [];
    /// Error handlers.
    Error: [];
    /// Job callbacks: no update; the job's chat and user, where it has them.
    Job: [];
}

macro_rules! payloads {
    ($($kind:ident => $ty:ident: $($variant:ident)|+;)*) => {
        $(
            impl FromContext<$kind> for api::$ty {
                async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
                    match ctx.update().map(|u| &u.kind) {
                        $(Some(UpdateKind::$variant(v)))|+ => Ok((**v).clone()),
                        _ => Err(ExtractError::Missing { what: stringify!($ty) }),
                    }
                }
            }
        )*
    };
}

payloads! {
    CallbackQuery => CallbackQuery: CallbackQuery;
    InlineQuery => InlineQuery: InlineQuery;
    ChosenInlineResult => ChosenInlineResult: ChosenInlineResult;
    Poll => Poll: Poll;
    PollAnswer => PollAnswer: PollAnswer;
    ChatMember => ChatMemberUpdated: ChatMember | MyChatMember;
    ChatJoinRequest => ChatJoinRequest: ChatJoinRequest;
    MessageReaction => MessageReactionUpdated: MessageReaction;
    MessageReactionCount => MessageReactionCountUpdated: MessageReactionCount;
    ShippingQuery => ShippingQuery: ShippingQuery;
    PreCheckoutQuery => PreCheckoutQuery: PreCheckoutQuery;
    ChatBoost => ChatBoostUpdated: ChatBoost;
    RemovedChatBoost => ChatBoostRemoved: RemovedChatBoost;
    BusinessConnection => BusinessConnection: BusinessConnection;
    BusinessMessagesDeleted => BusinessMessagesDeleted: DeletedBusinessMessages;
    PurchasedPaidMedia => PaidMediaPurchased: PurchasedPaidMedia;
    ManagedBot => ManagedBotUpdated: ManagedBot;
}
