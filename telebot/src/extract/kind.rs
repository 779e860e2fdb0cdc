//! Handler kinds, as types: what each kind of handler offers to extract.
//!
//! | kind | also offers |
//! |---|---|
//! | [`Command`] | `Message`, `User`, `Chat`, `Args<T>`, `ChatData<T>`, `UserData<T>` |
//! | [`Message`] | `Message`, `User`, `Chat`, `Matches` (of regex filters), `ChatData<T>`, `UserData<T>` |
//! | [`CallbackQuery`] | `CallbackQuery`, `User`, `Chat`, `Matches` (of the data pattern), `ChatData<T>`, `UserData<T>` |
//! | [`InlineQuery`] | `InlineQuery`, `User`, `Matches`, `UserData<T>` |
//! | one kind per other update's payload (generated from the update-kind table: [`ChatMember`] for `chat_member` and `my_chat_member`, [`PollAnswer`], …) | its payload (`ChatMemberUpdated`, `PollAnswer`, …), `User`/`Chat` where it has them, `Matches` where a `pattern` applies |
//! | [`Any`] | what every kind offers |
//! | [`Error`] | what every kind offers; the error is `CallbackContext::error` |
//! | [`Job`] | `Job`, `JobData<T>`, and `ChatData<T>`/`UserData<T>` of the job's chat and user (no update) |

mod update_kinds;

pub use update_kinds::*;

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
    /// `MediaGroupHandler`: albums.
    MediaGroup: [WithMessage, WithUser, WithChat];
    /// `TypeHandler`: any update.
    Any: [];
    /// Error handlers.
    Error: [];
    /// Job callbacks: no update; the job's chat and user, where it has them.
    Job: [];
}
