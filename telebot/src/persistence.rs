//! Persistence: `user_data`, `chat_data`, `bot_data`, conversation states, the callback-data
//! cache and jobs survive restarts and crashes (PTB's `BasePersistence`).
//!
//! ```no_run
//! use telebot::persistence::FilePersistence;
//! use telebot::{Application, UserData};
//!
//! #[derive(Default, serde::Serialize, serde::Deserialize)]
//! struct Facts { name: Option<String> }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = Application::builder()
//!     .persistence(FilePersistence::open("bot-data")?)
//!     .data_type::<Facts>("facts") // the name values of `Facts` are stored under
//!     .build()?;
//! app.run_polling().await?; // loads at start, writes changes every 5 s and at the stop
//! # Ok(()) }
//! ```
//!
//! # The model
//!
//! Everything a backend stores is a JSON value ([`serde_json::Value`]) at an address of three
//! parts: a [`Store`] (user data, chat data, bot data, conversations, callback data, jobs), a
//! key inside it (the user or chat id, the conversation's name) and a field (the data type's
//! storage name, the conversation key, the job id). Backends never see the user's types.
//!
//! A backend implements five primitives ([`Persistence::load`], [`Persistence::load_key`],
//! [`Persistence::write`], [`Persistence::describe`], [`Persistence::settings`]); PTB's hooks
//! (`get_user_data`, `update_chat_data`, `refresh_chat_data`, `get_conversations`,
//! `update_conversation`, `get_callback_data`, `get_jobs`, `update_job`, `flush`, …) are
//! provided on top of them and may be overridden.
//!
//! # When data is written
//!
//! The application loads user, chat and bot data at `initialize`. Each data guard
//! ([`ChatData`](crate::ChatData) and friends) that was changed marks its entry dirty; only
//! dirty entries whose JSON differs from what the store holds are written:
//!
//! * by default every [`Settings::update_interval`] (5 s) and when the application stops, so a
//!   crash loses at most one interval of changes;
//! * in write-through mode ([`Settings::write_through`]) after every handler, before the
//!   update counts as handled, so a crash loses nothing a finished handler wrote.
//!
//! A stored value that no longer fits its type is never overwritten: the handler that asks
//! for it gets [`DataError::WrongShape`](crate::data::DataError) (and so do the error
//! handlers), and the stored JSON stays as it was. Types registered with
//! [`ApplicationBuilder::data_type`](crate::application::ApplicationBuilder::data_type) are
//! checked at startup instead, so a bad value stops `initialize` with a clear error.
//!
//! # Backends
//!
//! | backend | feature | for |
//! |---|---|---|
//! | [`FilePersistence`] | always | one process; a directory of human-readable JSON files, each written atomically |
//! | [`SqlitePersistence`] | `sqlite` | one process; one SQLite file in WAL mode, a transaction per write |
//! | [`RedisPersistence`] | `redis` | several bot instances sharing one Redis (per-entry leases, see its docs) |
//! | [`MemoryPersistence`] | always | tests |
//!
//! [`migrate`] copies everything from one backend to another (the file store to Redis, say).

mod file;
mod memory;
mod migrate;
#[cfg(feature = "redis")]
pub(crate) mod redis;
mod settings;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use file::FilePersistence;
pub use memory::MemoryPersistence;
pub use migrate::{MigrationReport, migrate};
#[cfg(feature = "redis")]
pub use redis::RedisPersistence;
pub use settings::{PersistenceInput, Settings};
#[cfg(feature = "sqlite")]
pub use sqlite::SqlitePersistence;
pub use telebot_client::PersistenceError;

use futures_util::future::BoxFuture;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The fields of one key: field name → value.
pub type Fields = BTreeMap<String, Value>;

/// The field under which [`Persistence::update_callback_data`] keeps the cache.
const CALLBACK_DATA_FIELD: &str = "cache";

/// One of the things a bot persists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Store {
    /// Per-user data: key = user id, field = the data type's storage name.
    UserData,
    /// Per-chat data: key = chat id, field = the data type's storage name.
    ChatData,
    /// Bot-wide data: key = `""`, field = the data type's storage name.
    BotData,
    /// Conversation states: key = the conversation's name, field = the conversation key.
    Conversations,
    /// The callback-data cache: key = `""`, one field.
    CallbackData,
    /// Jobs: key = `""`, field = the job id.
    Jobs,
}

impl Store {
    /// Every store, in a fixed order.
    pub const ALL: [Store; 6] = [
        Store::UserData,
        Store::ChatData,
        Store::BotData,
        Store::Conversations,
        Store::CallbackData,
        Store::Jobs,
    ];

    /// The store's name in files, tables and keys: `user_data`, `chat_data`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Store::UserData => "user_data",
            Store::ChatData => "chat_data",
            Store::BotData => "bot_data",
            Store::Conversations => "conversations",
            Store::CallbackData => "callback_data",
            Store::Jobs => "jobs",
        }
    }

    /// The store named `name`, as [`as_str`](Self::as_str) spells it.
    pub fn from_name(name: &str) -> Option<Store> {
        Store::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl std::fmt::Display for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One stored value and its address.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The key inside the store (user or chat id, conversation name, or `""`).
    pub key: String,
    /// The field inside the key.
    pub field: String,
    /// The value.
    pub value: Value,
}

/// A proof that this process holds a shared backend's lock on one entry; writes under it are
/// refused once another process took the entry over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The backend's name of the locked entry.
    pub resource: String,
    /// What the backend stored to mark the lock as this holder's.
    pub token: String,
}

/// One change in a [`Persistence::write`] batch.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Sets one field (or removes it, with `None`).
    Set {
        /// The store.
        store: Store,
        /// The key.
        key: String,
        /// The field.
        field: String,
        /// The new value; `None` removes the field.
        value: Option<Value>,
        /// For shared backends: the lease the write is made under.
        lease: Option<Lease>,
    },
    /// Removes a key and all its fields.
    DropKey {
        /// The store.
        store: Store,
        /// The key.
        key: String,
    },
}

impl Change {
    /// A change that sets `field` of `key` to `value`.
    pub fn set(
        store: Store,
        key: impl Into<String>,
        field: impl Into<String>,
        value: Value,
    ) -> Self {
        Change::Set {
            store,
            key: key.into(),
            field: field.into(),
            value: Some(value),
            lease: None,
        }
    }

    /// A change that removes `field` of `key`.
    pub fn remove(store: Store, key: impl Into<String>, field: impl Into<String>) -> Self {
        Change::Set {
            store,
            key: key.into(),
            field: field.into(),
            value: None,
            lease: None,
        }
    }

    /// The store this change touches.
    pub fn store(&self) -> Store {
        match self {
            Change::Set { store, .. } | Change::DropKey { store, .. } => *store,
        }
    }
}

/// A persistence backend: PTB's `BasePersistence` hooks in async Rust.
///
/// Implement the primitives; the hooks are provided. Every method returns a boxed future so
/// that the application can hold any backend as `Arc<dyn Persistence>`.
pub trait Persistence: Send + Sync + 'static {
    /// One line for the startup report: "file store at ./bot-data".
    fn describe(&self) -> String;

    /// Which stores are persisted, how often, and whether writes go through at once.
    fn settings(&self) -> Settings;

    /// Every record of `store`.
    fn load(&self, store: Store) -> BoxFuture<'_, Result<Vec<Record>, PersistenceError>>;

    /// The fields of one key of `store` (empty when the key is absent).
    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Fields, PersistenceError>>;

    /// Applies a batch of changes; durable when the future resolves. Each change is atomic on
    /// its own (a reader sees a field's old or new value, never a mix); a backend with
    /// transactions applies the whole batch at once.
    fn write<'a>(&'a self, changes: &'a [Change]) -> BoxFuture<'a, Result<(), PersistenceError>>;

    /// Makes buffered writes durable (PTB's `flush`), called when the application shuts down.
    /// Backends that write at once need not override it.
    fn flush(&self) -> BoxFuture<'_, Result<(), PersistenceError>> {
        Box::pin(async { Ok(()) })
    }

    /// Whether several processes may share this store. The application then locks an entry
    /// (see [`lock`](Self::lock)), refreshes it from the store before a handler sees it, and
    /// writes it through before unlocking, whatever [`Settings::write_through`] says.
    fn shared(&self) -> bool {
        false
    }

    /// Takes the store-wide lock of one field (shared backends); `None` when the backend does
    /// not lock. Waits while another process holds it, up to a backend-defined limit.
    fn lock<'a>(
        &'a self,
        store: Store,
        key: &'a str,
        field: &'a str,
    ) -> BoxFuture<'a, Result<Option<Lease>, PersistenceError>> {
        let _ = (store, key, field);
        Box::pin(async { Ok(None) })
    }

    /// Releases a lock taken with [`lock`](Self::lock).
    fn unlock(&self, lease: Lease) -> BoxFuture<'_, Result<(), PersistenceError>> {
        let _ = lease;
        Box::pin(async { Ok(()) })
    }

    /// All users' data: user id → (storage name → value).
    fn get_user_data(&self) -> BoxFuture<'_, Result<HashMap<i64, Fields>, PersistenceError>> {
        Box::pin(owners(self, Store::UserData))
    }

    /// All chats' data: chat id → (storage name → value).
    fn get_chat_data(&self) -> BoxFuture<'_, Result<HashMap<i64, Fields>, PersistenceError>> {
        Box::pin(owners(self, Store::ChatData))
    }

    /// The bot's data: storage name → value.
    fn get_bot_data(&self) -> BoxFuture<'_, Result<Fields, PersistenceError>> {
        Box::pin(async move {
            if !self.settings().input.bot_data {
                return Ok(Fields::new());
            }
            self.load_key(Store::BotData, "").await
        })
    }

    /// Stores one of a user's values (`None` removes it).
    fn update_user_data<'a>(
        &'a self,
        user_id: i64,
        name: &'a str,
        value: Option<Value>,
    ) -> BoxFuture<'a, Result<(), PersistenceError>> {
        Box::pin(update_field(
            self,
            Store::UserData,
            user_id.to_string(),
            name,
            value,
        ))
    }

    /// Stores one of a chat's values (`None` removes it).
    fn update_chat_data<'a>(
        &'a self,
        chat_id: i64,
        name: &'a str,
        value: Option<Value>,
    ) -> BoxFuture<'a, Result<(), PersistenceError>> {
        Box::pin(update_field(
            self,
            Store::ChatData,
            chat_id.to_string(),
            name,
            value,
        ))
    }

    /// Stores one of the bot's values (`None` removes it).
    fn update_bot_data<'a>(
        &'a self,
        name: &'a str,
        value: Option<Value>,
    ) -> BoxFuture<'a, Result<(), PersistenceError>> {
        Box::pin(update_field(
            self,
            Store::BotData,
            String::new(),
            name,
            value,
        ))
    }

    /// Removes everything stored for a user.
    fn drop_user_data(&self, user_id: i64) -> BoxFuture<'_, Result<(), PersistenceError>> {
        Box::pin(drop_key(self, Store::UserData, user_id.to_string()))
    }

    /// Removes everything stored for a chat.
    fn drop_chat_data(&self, chat_id: i64) -> BoxFuture<'_, Result<(), PersistenceError>> {
        Box::pin(drop_key(self, Store::ChatData, chat_id.to_string()))
    }

    /// A user's data as the store holds it now (PTB's `refresh_user_data`).
    fn refresh_user_data(&self, user_id: i64) -> BoxFuture<'_, Result<Fields, PersistenceError>> {
        Box::pin(async move { self.load_key(Store::UserData, &user_id.to_string()).await })
    }

    /// A chat's data as the store holds it now (PTB's `refresh_chat_data`).
    fn refresh_chat_data(&self, chat_id: i64) -> BoxFuture<'_, Result<Fields, PersistenceError>> {
        Box::pin(async move { self.load_key(Store::ChatData, &chat_id.to_string()).await })
    }

    /// The bot's data as the store holds it now (PTB's `refresh_bot_data`).
    fn refresh_bot_data(&self) -> BoxFuture<'_, Result<Fields, PersistenceError>> {
        Box::pin(async move { self.load_key(Store::BotData, "").await })
    }

    /// The states of one conversation: conversation key → state (empty when conversations
    /// are not persisted).
    fn get_conversations<'a>(
        &'a self,
        name: &'a str,
    ) -> BoxFuture<'a, Result<HashMap<String, Value>, PersistenceError>> {
        Box::pin(async move {
            if !self.settings().input.conversations {
                return Ok(HashMap::new());
            }
            Ok(self
                .load_key(Store::Conversations, name)
                .await?
                .into_iter()
                .collect())
        })
    }

    /// Stores one conversation's state for one key (`None`: the conversation ended).
    fn update_conversation<'a>(
        &'a self,
        name: &'a str,
        key: &'a str,
        state: Option<Value>,
    ) -> BoxFuture<'a, Result<(), PersistenceError>> {
        Box::pin(update_field(
            self,
            Store::Conversations,
            name.to_string(),
            key,
            state,
        ))
    }

    /// The callback-data cache, when one was stored.
    fn get_callback_data(&self) -> BoxFuture<'_, Result<Option<Value>, PersistenceError>> {
        Box::pin(async move {
            if !self.settings().input.callback_data {
                return Ok(None);
            }
            Ok(self
                .load_key(Store::CallbackData, "")
                .await?
                .remove(CALLBACK_DATA_FIELD))
        })
    }

    /// Stores the callback-data cache.
    fn update_callback_data(&self, data: Value) -> BoxFuture<'_, Result<(), PersistenceError>> {
        Box::pin(update_field(
            self,
            Store::CallbackData,
            String::new(),
            CALLBACK_DATA_FIELD,
            Some(data),
        ))
    }

    /// Every persisted job: job id → job.
    fn get_jobs(&self) -> BoxFuture<'_, Result<HashMap<String, Value>, PersistenceError>> {
        Box::pin(async move {
            if !self.settings().input.jobs {
                return Ok(HashMap::new());
            }
            Ok(self.load_key(Store::Jobs, "").await?.into_iter().collect())
        })
    }

    /// Stores a job (`None` removes it).
    fn update_job<'a>(
        &'a self,
        id: &'a str,
        job: Option<Value>,
    ) -> BoxFuture<'a, Result<(), PersistenceError>> {
        Box::pin(update_field(self, Store::Jobs, String::new(), id, job))
    }

    /// Removes a job.
    fn drop_job<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), PersistenceError>> {
        self.update_job(id, None)
    }
}

async fn owners<P: Persistence + ?Sized>(
    p: &P,
    store: Store,
) -> Result<HashMap<i64, Fields>, PersistenceError> {
    let mut out: HashMap<i64, Fields> = HashMap::new();
    if !p.settings().input.includes(store) {
        return Ok(out);
    }
    for record in p.load(store).await? {
        let id = owner_id(store, &record.key)?;
        out.entry(id)
            .or_default()
            .insert(record.field, record.value);
    }
    Ok(out)
}

async fn update_field<P: Persistence + ?Sized>(
    p: &P,
    store: Store,
    key: String,
    field: &str,
    value: Option<Value>,
) -> Result<(), PersistenceError> {
    if !p.settings().input.includes(store) {
        return Ok(());
    }
    let change = Change::Set {
        store,
        key,
        field: field.to_string(),
        value,
        lease: None,
    };
    p.write(std::slice::from_ref(&change)).await
}

async fn drop_key<P: Persistence + ?Sized>(
    p: &P,
    store: Store,
    key: String,
) -> Result<(), PersistenceError> {
    if !p.settings().input.includes(store) {
        return Ok(());
    }
    p.write(&[Change::DropKey { store, key }]).await
}

/// The user or chat id a key of `store` names.
pub(crate) fn owner_id(store: Store, key: &str) -> Result<i64, PersistenceError> {
    key.parse().map_err(|_| PersistenceError::Corrupt {
        location: format!("{store} key {key:?}"),
        reason: "the key is not a numeric id".into(),
    })
}
