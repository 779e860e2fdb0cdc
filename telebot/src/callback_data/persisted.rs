//! The callback-data cache in the application's persistence backend (PTB's
//! `arbitrary_callback_data` with persistence): loaded at `initialize`, written when it changed
//! on the backend's interval, at `stop` and, in write-through mode, after each handler.

use super::{CacheImportError, CallbackDataCodec};
use crate::persistence::{Persistence, PersistenceError};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use telebot_client::poison::MutexUnpoisoned;

/// What `initialize` found in the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Loaded {
    /// The backend keeps no callback data (not persisted, or nothing stored yet).
    Nothing,
    /// This many entries were restored.
    Restored(usize),
    /// The stored cache was refused; the application started with an empty one.
    Refused(CacheImportError),
}

/// Which state of the cache the backend holds.
#[derive(Debug)]
pub(crate) struct PersistedCache {
    /// The codec's generation last written (or loaded).
    written: AtomicU64,
    /// Serializes writes, so that an older export never lands after a newer one.
    writing: tokio::sync::Mutex<()>,
    loaded: Mutex<Option<Loaded>>,
}

impl Default for PersistedCache {
    fn default() -> Self {
        PersistedCache {
            written: AtomicU64::new(0),
            writing: tokio::sync::Mutex::new(()),
            loaded: Mutex::new(None),
        }
    }
}

fn persists_callback_data(backend: &dyn Persistence) -> bool {
    backend.settings().input.callback_data
}

impl PersistedCache {
    /// Restores the stored cache into `codec`. A cache the codec refuses (another signing key,
    /// another format, malformed) is logged and left out; only the backend failing is an error.
    pub(crate) async fn load(
        &self,
        codec: &CallbackDataCodec,
        backend: &dyn Persistence,
    ) -> Result<(), PersistenceError> {
        let loaded = if !persists_callback_data(backend) {
            Loaded::Nothing
        } else {
            match backend.get_callback_data().await? {
                None => Loaded::Nothing,
                Some(stored) => match codec.import(&stored) {
                    Ok(count) => Loaded::Restored(count),
                    Err(why) => {
                        tracing::warn!(
                            reason = %why,
                            "the stored callback-data cache is not used; buttons that refer to it are answered as expired"
                        );
                        Loaded::Refused(why)
                    }
                },
            }
        };
        self.written.store(codec.generation(), Ordering::SeqCst);
        *self.loaded.lock_unpoisoned() = Some(loaded);
        Ok(())
    }

    /// Writes the cache when it changed since it was last written; `true` when it wrote.
    pub(crate) async fn save(
        &self,
        codec: &CallbackDataCodec,
        backend: &dyn Persistence,
    ) -> Result<bool, PersistenceError> {
        if !persists_callback_data(backend) || codec.is_shared() {
            // Shared entry by entry (a cluster): never written whole over another instance's.
            return Ok(false);
        }
        let _writing = self.writing.lock().await;
        let generation = codec.generation();
        if generation == self.written.load(Ordering::SeqCst) {
            return Ok(false);
        }
        backend.update_callback_data(codec.export()).await?;
        self.written.store(generation, Ordering::SeqCst);
        Ok(true)
    }

    /// The startup report's line, once `load` ran with a backend that keeps callback data.
    pub(crate) fn report(&self, codec: &CallbackDataCodec) -> Option<String> {
        let loaded = self.loaded.lock_unpoisoned().clone()?;
        let state = match loaded {
            Loaded::Nothing => return None,
            Loaded::Restored(n) => format!("restored {n} long values"),
            Loaded::Refused(why) => format!("stored cache refused ({why})"),
        };
        Some(format!(
            "    callback-data cache: {state}; {} kept now\n",
            codec.cached()
        ))
    }
}
