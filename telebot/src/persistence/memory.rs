use super::settings::settings_builder;
use super::{Change, Fields, Persistence, PersistenceError, Record, Settings, Store};
use futures_util::future::BoxFuture;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// A backend in memory, for tests: clones share the same data, so a test can "restart" an
/// application on a clone and see what the first one wrote.
#[derive(Clone, Default)]
pub struct MemoryPersistence {
    data: Arc<Mutex<BTreeMap<(Store, String), Fields>>>,
    settings: Settings,
}

settings_builder!(MemoryPersistence);

impl std::fmt::Debug for MemoryPersistence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryPersistence")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl MemoryPersistence {
    /// An empty store.
    pub fn new() -> Self {
        MemoryPersistence::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<(Store, String), Fields>> {
        self.data.lock_unpoisoned()
    }
}

impl Persistence for MemoryPersistence {
    fn describe(&self) -> String {
        "memory store (lost at exit; for tests)".into()
    }

    fn settings(&self) -> Settings {
        self.settings
    }

    fn load(&self, store: Store) -> BoxFuture<'_, Result<Vec<Record>, PersistenceError>> {
        let records = self
            .lock()
            .range((store, String::new())..)
            .take_while(|((s, _), _)| *s == store)
            .flat_map(|((_, key), fields)| {
                fields.iter().map(|(field, value)| Record {
                    key: key.clone(),
                    field: field.clone(),
                    value: value.clone(),
                })
            })
            .collect();
        Box::pin(async move { Ok(records) })
    }

    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Fields, PersistenceError>> {
        let fields = self
            .lock()
            .get(&(store, key.to_string()))
            .cloned()
            .unwrap_or_default();
        Box::pin(async move { Ok(fields) })
    }

    fn write<'a>(&'a self, changes: &'a [Change]) -> BoxFuture<'a, Result<(), PersistenceError>> {
        let mut data = self.lock();
        for change in changes {
            match change {
                Change::Set {
                    store,
                    key,
                    field,
                    value,
                    ..
                } => {
                    let address = (*store, key.clone());
                    match value {
                        Some(value) => {
                            data.entry(address)
                                .or_default()
                                .insert(field.clone(), value.clone());
                        }
                        None => {
                            if let Some(fields) = data.get_mut(&address) {
                                fields.remove(field);
                                if fields.is_empty() {
                                    data.remove(&address);
                                }
                            }
                        }
                    }
                }
                Change::DropKey { store, key } => {
                    data.remove(&(*store, key.clone()));
                }
            }
        }
        drop(data);
        Box::pin(async { Ok(()) })
    }
}
