use super::DataValue;
use super::entry::{Address, Content, Entry};
use super::store::DirtySet;
use crate::persistence::Lease;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::OwnedMutexGuard;

/// A locked entry: its content, and for shared backends the store-wide lease.
pub(crate) struct Held {
    pub(crate) address: Address,
    pub(crate) entry: Arc<Entry>,
    pub(crate) content: OwnedMutexGuard<Content>,
    pub(crate) lease: Option<Lease>,
}

/// Entries a handler run used, kept locked until its changes are written (write-through and
/// shared backends), so no other handler or instance sees them half done.
#[derive(Clone, Default)]
pub(crate) struct HeldList(Arc<Mutex<Vec<Held>>>);

impl HeldList {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Held>> {
        self.0.lock_unpoisoned()
    }

    /// The entry at `address`, when this run holds it already.
    pub(crate) fn take(&self, address: &Address) -> Option<Held> {
        let mut held = self.lock();
        let index = held.iter().position(|h| h.address == *address)?;
        Some(held.swap_remove(index))
    }

    pub(crate) fn push(&self, held: Held) {
        self.lock().push(held);
    }

    /// Whether the run holds no entry (nothing to write when it ends).
    pub(crate) fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    pub(crate) fn drain(&self) -> Vec<Held> {
        std::mem::take(&mut *self.lock())
    }
}

/// What a guard does with its entry when dropped.
pub(crate) enum Release {
    /// Unlock it (no persistence).
    Plain,
    /// Unlock it, and when changed, queue it for the next interval write.
    Dirty(Arc<DirtySet>),
    /// Keep it locked in the handler run's list until the run's changes are written.
    Hold(HeldList),
}

/// The lock on one value of type `T`, for the public guards.
pub(crate) struct DataGuard<T: DataValue> {
    held: Option<Held>,
    touched: bool,
    release: Release,
    _type: PhantomData<fn() -> T>,
}

impl<T: DataValue> DataGuard<T> {
    /// A guard over `held`, whose content must be a `T`.
    pub(crate) fn new(held: Held, release: Release) -> Self {
        DataGuard {
            held: Some(held),
            touched: false,
            release,
            _type: PhantomData,
        }
    }

    fn value(&self) -> &T {
        match self.held.as_ref().and_then(|h| h.content.typed::<T>()) {
            Some(value) => value,
            None => unreachable!("a data guard holds a value of its own type until dropped"),
        }
    }

    fn value_mut(&mut self) -> &mut T {
        self.touched = true;
        match self.held.as_mut().and_then(|h| h.content.typed_mut::<T>()) {
            Some(value) => value,
            None => unreachable!("a data guard holds a value of its own type until dropped"),
        }
    }
}

impl<T: DataValue> Drop for DataGuard<T> {
    fn drop(&mut self) {
        let Some(held) = self.held.take() else {
            return;
        };
        if self.touched {
            held.entry.mark_changed();
        }
        match &self.release {
            Release::Plain => {}
            Release::Dirty(dirty) => {
                if self.touched {
                    dirty
                        .lock_unpoisoned()
                        .insert(held.address.clone(), Arc::clone(&held.entry));
                }
            }
            Release::Hold(list) => list.push(held),
        }
    }
}

macro_rules! data_guard {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name<T: DataValue>(pub(crate) DataGuard<T>);

        impl<T: DataValue> std::ops::Deref for $name<T> {
            type Target = T;
            fn deref(&self) -> &T {
                self.0.value()
            }
        }

        impl<T: DataValue> std::ops::DerefMut for $name<T> {
            /// Marks the value changed, so it is written at the next flush.
            fn deref_mut(&mut self) -> &mut T {
                self.0.value_mut()
            }
        }

        impl<T: DataValue + std::fmt::Debug> std::fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(self.0.value()).finish()
            }
        }
    };
}

data_guard! {
    /// The current chat's value of type `T` (PTB's `context.chat_data`), locked while held.
    /// Changing it (through `DerefMut`) marks it for writing to the persistence backend.
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
