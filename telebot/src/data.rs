//! In-memory `bot_data`, `chat_data` and `user_data`: values of the user's own types, one per
//! type per chat (or user, or the bot), each behind its own async lock.
//!
//! Handlers of one chat run in order, so a chat's data is normally not contended; handlers that
//! opt out of blocking may wait for each other on it. Holding two guards of the same value in
//! one handler deadlocks: take each value once.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// What a data value must be: the user's type, serializable for persistence, with a default for
/// chats and users seen for the first time.
pub trait DataValue: Serialize + DeserializeOwned + Default + Send + Sync + 'static {}
impl<T: Serialize + DeserializeOwned + Default + Send + Sync + 'static> DataValue for T {}

/// The values of one owner (a chat, a user or the bot), by type.
#[derive(Default)]
pub(crate) struct Slot {
    values: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Slot {
    /// The value of type `T`, created with its default when absent, locked for the caller.
    pub(crate) async fn lock<T: DataValue>(&self) -> OwnedMutexGuard<T> {
        let cell = {
            let mut values = self.values.lock().unwrap_or_else(|p| p.into_inner());
            let entry = values
                .entry(TypeId::of::<T>())
                .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(T::default())));
            Arc::clone(entry)
        };
        match cell.downcast::<tokio::sync::Mutex<T>>() {
            Ok(cell) => cell.lock_owned().await,
            Err(_) => unreachable!("values are stored under their own TypeId"),
        }
    }

    fn take_all(&self) -> HashMap<TypeId, Arc<dyn Any + Send + Sync>> {
        std::mem::take(&mut *self.values.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn put_all(&self, values: HashMap<TypeId, Arc<dyn Any + Send + Sync>>) {
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(values);
    }
}

/// All data of an application.
#[derive(Default)]
pub(crate) struct DataStore {
    bot: Slot,
    chats: Mutex<HashMap<i64, Arc<Slot>>>,
    users: Mutex<HashMap<i64, Arc<Slot>>>,
}

impl DataStore {
    pub(crate) fn bot(&self) -> &Slot {
        &self.bot
    }

    pub(crate) fn chat(&self, id: i64) -> Arc<Slot> {
        let mut chats = self.chats.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(chats.entry(id).or_default())
    }

    pub(crate) fn user(&self, id: i64) -> Arc<Slot> {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(users.entry(id).or_default())
    }

    /// A group became a supergroup: its data moves to the new id.
    pub(crate) fn migrate_chat(&self, from: i64, to: i64) {
        let old = self
            .chats
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&from);
        if let Some(old) = old {
            self.chat(to).put_all(old.take_all());
        }
    }
}

macro_rules! data_guard {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name<T: DataValue>(pub(crate) OwnedMutexGuard<T>);

        impl<T: DataValue> std::ops::Deref for $name<T> {
            type Target = T;
            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T: DataValue> std::ops::DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T: DataValue + std::fmt::Debug> std::fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&*self.0).finish()
            }
        }
    };
}

data_guard! {
    /// The current chat's value of type `T` (PTB's `context.chat_data`), locked while held.
    ///
    /// ```
    /// # async fn handler(mut count: telebot::ChatData<u64>) { *count += 1; }
    /// ```
    ChatData
}

data_guard! {
    /// The current user's value of type `T` (PTB's `context.user_data`), locked while held.
    UserData
}

data_guard! {
    /// The bot-wide value of type `T` (PTB's `context.bot_data`), locked while held.
    BotData
}
