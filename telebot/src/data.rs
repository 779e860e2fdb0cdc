//! `bot_data`, `chat_data` and `user_data`: values of the user's own types, any number of types
//! per chat (or user, or the bot), each behind its own async lock, loaded from and written to a
//! [persistence](crate::persistence) backend when the application has one.
//!
//! # Storage names
//!
//! Each type's values are stored under a name. By default it is the type's name without its
//! module path (`Counter` for `my_bot::stats::Counter`, `Vec<Fact>` for `Vec<my_bot::Fact>`),
//! so moving a type between modules keeps its data; renaming the type, or two types of one
//! name in different modules, needs an explicit name:
//! [`ApplicationBuilder::data_type::<T>("name")`](crate::application::ApplicationBuilder::data_type).
//! A registered type's stored values are also checked when the application starts. Two types
//! that end up with one name are refused with [`DataError::NameClash`].
//!
//! # Locks
//!
//! Handlers of one chat run in order, so a chat's data is normally not contended; handlers that
//! opt out of blocking may wait for each other on it. Within one handler a value can be taken
//! again after its guard was dropped; holding two guards of the same value at once deadlocks.

mod entry;
mod guard;
mod names;
mod store;

pub use guard::{BotData, ChatData, UserData};

pub(crate) use guard::HeldList;
pub(crate) use names::Names;
pub(crate) use store::{DataStore, LoadReport};

use crate::persistence::{PersistenceError, Store};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What a data value must be: the user's type, serializable for persistence, with a default for
/// chats and users seen for the first time.
pub trait DataValue: Serialize + DeserializeOwned + Default + Send + Sync + 'static {}
impl<T: Serialize + DeserializeOwned + Default + Send + Sync + 'static> DataValue for T {}

/// Whose data a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A user's.
    User(i64),
    /// A chat's.
    Chat(i64),
    /// The bot's.
    Bot,
}

impl Owner {
    /// The persistence store holding this owner's values.
    pub fn store(self) -> Store {
        match self {
            Owner::User(_) => Store::UserData,
            Owner::Chat(_) => Store::ChatData,
            Owner::Bot => Store::BotData,
        }
    }

    /// The owner's key in its store: the id, or `""` for the bot.
    pub fn key(self) -> String {
        match self {
            Owner::User(id) | Owner::Chat(id) => id.to_string(),
            Owner::Bot => String::new(),
        }
    }
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Owner::User(id) => write!(f, "user {id}"),
            Owner::Chat(id) => write!(f, "chat {id}"),
            Owner::Bot => f.write_str("the bot"),
        }
    }
}

/// Why a data value could not be handed to a handler (or written).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The stored value does not deserialize into the handler's type. The stored value is kept
    /// as it is: fix the type (or its serde attributes), or remove the value.
    #[error(
        "{owner}'s stored `{name}` does not fit {type_name}: {reason}; the stored value is kept unchanged"
    )]
    WrongShape {
        /// Whose value.
        owner: Owner,
        /// The storage name.
        name: String,
        /// The type asked for.
        type_name: &'static str,
        /// What serde reported.
        reason: String,
    },
    /// Two different types have the same storage name.
    #[error(
        "`{name}` is the storage name of both {first} and {second}; give one of them its own with ApplicationBuilder::data_type"
    )]
    NameClash {
        /// The shared name.
        name: String,
        /// The type that used the name first.
        first: &'static str,
        /// The type that asked for it now.
        second: &'static str,
    },
    /// A value could not be serialized for storage (a map with non-string keys, say).
    #[error("{owner}'s `{name}` cannot be stored as JSON: {reason}")]
    Serialize {
        /// Whose value.
        owner: Owner,
        /// The storage name.
        name: String,
        /// What serde reported.
        reason: String,
    },
    /// The persistence backend failed (its error says how).
    #[error("{owner}'s `{name}`: {source}")]
    Storage {
        /// Whose value.
        owner: Owner,
        /// The storage name.
        name: String,
        /// The backend's error.
        #[source]
        source: PersistenceError,
    },
    /// The persistence backend failed writing a batch of values.
    #[error("storing changed data failed: {0}")]
    Write(#[source] PersistenceError),
    /// The persistence backend failed writing the callback-data cache.
    #[error("storing the callback-data cache failed: {0}")]
    CallbackCache(#[source] PersistenceError),
}
