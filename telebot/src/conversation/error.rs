//! The errors of conversations: at run time ([`ConversationError`], for the error handlers)
//! and when one is built ([`ConversationSetupError`]).

use crate::persistence::PersistenceError;

/// Something went wrong inside a conversation; handed to the error handlers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConversationError {
    /// A stored state does not deserialize into the state type any more (the enum changed):
    /// it was dropped, and the conversation starts over for that key.
    #[error(
        "conversation `{conversation}`: the stored state of key {key} no longer fits the state \
         type ({source}); it was dropped and the conversation starts over"
    )]
    UnreadableState {
        /// The conversation's name.
        conversation: String,
        /// The conversation key.
        key: String,
        /// Why it did not deserialize.
        #[source]
        source: serde_json::Error,
    },
    /// A handler returned a `Next` of another state type than the conversation's.
    #[error(
        "conversation `{conversation}`: a handler returned a `Next` that is not a `Next<{expected}>`"
    )]
    WrongStateType {
        /// The conversation's name.
        conversation: String,
        /// The conversation's state type.
        expected: &'static str,
    },
    /// The state could not be written to or read from the persistence backend.
    #[error("conversation `{conversation}`: storing the state of key {key} failed: {source}")]
    Store {
        /// The conversation's name.
        conversation: String,
        /// The conversation key.
        key: String,
        /// The backend's error.
        #[source]
        source: PersistenceError,
    },
    /// The state or data could not be turned into JSON for the backend.
    #[error("conversation `{conversation}`: the state of key {key} does not serialize: {source}")]
    Serialize {
        /// The conversation's name.
        conversation: String,
        /// The conversation key.
        key: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
}

/// A conversation cannot be built as declared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConversationSetupError {
    /// Handlers were given for a state the state type does not have.
    #[error("conversation `{conversation}`: there is no state `{state}`; the states are {known}")]
    UnknownState {
        /// The conversation's name.
        conversation: String,
        /// The name given.
        state: String,
        /// The states of the state type, comma-separated.
        known: String,
    },
    /// Nothing can start the conversation.
    #[error("conversation `{conversation}` has no entry point; add one with `entry_point`")]
    NoEntryPoint {
        /// The conversation's name.
        conversation: String,
    },
    /// The key has no part: `per_chat`, `per_user`, `per_message` and `per_topic` are all off.
    #[error(
        "conversation `{conversation}` has no key: turn on at least one of per_chat, per_user, \
         per_message"
    )]
    NoKey {
        /// The conversation's name.
        conversation: String,
    },
}
