use super::entry::{Address, Content, Entry, Typed};
use super::guard::{DataGuard, Held, HeldList, Release};
use super::{DataError, DataValue, Names, Owner};
use crate::persistence::{Change, Persistence, PersistenceError, Store, owner_id};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// Entries changed since the last interval write.
pub(crate) type DirtySet = Mutex<HashMap<Address, Arc<Entry>>>;

/// The values of one owner, by storage name.
#[derive(Default)]
struct Slot {
    entries: Mutex<HashMap<Arc<str>, Arc<Entry>>>,
}

impl Slot {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, Arc<Entry>>> {
        self.entries.lock_unpoisoned()
    }
}

/// What `initialize` loaded, for the startup report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LoadReport {
    pub(crate) users: usize,
    pub(crate) chats: usize,
    pub(crate) bot_values: usize,
}

/// All data of an application, and its link to the persistence backend.
pub(crate) struct DataStore {
    bot: Arc<Slot>,
    chats: Mutex<HashMap<i64, Arc<Slot>>>,
    users: Mutex<HashMap<i64, Arc<Slot>>>,
    names: Names,
    dirty: Arc<DirtySet>,
    persistence: Option<Arc<dyn Persistence>>,
}

impl Default for DataStore {
    fn default() -> Self {
        DataStore::new(None, Names::default())
    }
}

impl DataStore {
    pub(crate) fn new(persistence: Option<Arc<dyn Persistence>>, names: Names) -> Self {
        DataStore {
            bot: Arc::default(),
            chats: Mutex::default(),
            users: Mutex::default(),
            names,
            dirty: Arc::default(),
            persistence,
        }
    }

    pub(crate) fn persistence(&self) -> Option<&Arc<dyn Persistence>> {
        self.persistence.as_ref()
    }

    pub(crate) fn names(&self) -> &Names {
        &self.names
    }

    /// The backend, when it persists `store`.
    fn backend_for(&self, store: Store) -> Option<&Arc<dyn Persistence>> {
        self.persistence
            .as_ref()
            .filter(|p| p.settings().input.includes(store))
    }

    /// Whether changes to `owner`'s values are written when the handler run ends (write-through
    /// or shared backends) rather than on the interval.
    fn writes_through(&self, owner: Owner) -> bool {
        self.backend_for(owner.store())
            .is_some_and(|p| p.shared() || p.settings().write_through)
    }

    fn slot(&self, owner: Owner) -> Arc<Slot> {
        let map = match owner {
            Owner::Bot => return Arc::clone(&self.bot),
            Owner::User(_) => &self.users,
            Owner::Chat(_) => &self.chats,
        };
        let id = match owner {
            Owner::User(id) | Owner::Chat(id) => id,
            Owner::Bot => 0,
        };
        let mut map = map.lock_unpoisoned();
        Arc::clone(map.entry(id).or_default())
    }

    /// Locks `owner`'s value of type `T` for a handler run whose locks `list` keeps: refreshed
    /// from a shared backend first, deserialized from stored JSON on first use, or `T`'s default.
    pub(crate) async fn acquire<T: DataValue>(
        &self,
        owner: Owner,
        list: &HeldList,
    ) -> Result<DataGuard<T>, DataError> {
        let name: Arc<str> = Arc::from(self.names.name_of::<T>()?);
        let address = Address {
            owner,
            name: Arc::clone(&name),
        };
        let release = match self.backend_for(owner.store()) {
            None => Release::Plain,
            Some(_) if self.writes_through(owner) => Release::Hold(list.clone()),
            Some(_) => Release::Dirty(Arc::clone(&self.dirty)),
        };
        let mut held = match list.take(&address) {
            Some(held) => held,
            None => self.lock(address).await?,
        };
        match ensure_typed::<T>(&mut held.content, &held.address) {
            Ok(()) => Ok(DataGuard::new(held, release)),
            Err(e) => {
                // Keep a lease until the run's end, where it is released.
                if held.lease.is_some() {
                    list.push(held);
                }
                Err(e)
            }
        }
    }

    /// Locks an entry; with a shared backend also takes its lease and refreshes it.
    async fn lock(&self, address: Address) -> Result<Held, DataError> {
        let owner = address.owner;
        let entry = {
            let slot = self.slot(owner);
            let mut entries = slot.entries();
            Arc::clone(entries.entry(Arc::clone(&address.name)).or_default())
        };
        let content = Arc::clone(&entry.content).lock_owned().await;
        let mut held = Held {
            address,
            entry,
            content,
            lease: None,
        };
        let Some(backend) = self.backend_for(owner.store()).filter(|p| p.shared()) else {
            return Ok(held);
        };
        let key = owner.key();
        let name = held.address.name.to_string();
        held.lease = backend
            .lock(owner.store(), &key, &name)
            .await
            .map_err(|e| storage_error(owner, &name, e))?;
        match backend.load_key(owner.store(), &key).await {
            Ok(mut fields) => {
                let stored = fields.remove(&name);
                if stored != held.entry.saved() {
                    held.entry.adopt_stored(&mut held.content, stored);
                }
                Ok(held)
            }
            Err(e) => {
                if let Some(lease) = held.lease.take()
                    && let Err(unlock) = backend.unlock(lease).await
                {
                    tracing::warn!(error = %unlock, "releasing a lock after a failed refresh");
                }
                Err(storage_error(owner, &name, e))
            }
        }
    }

    /// Reloads `owner`'s values from the backend (PTB's `refresh_*_data` hooks), for data
    /// another process may have written. A value changed here and not yet written keeps the
    /// change (it is written next), and a value locked right now (held by a running handler)
    /// is left as it is. Returns how many values changed. Without persistence: nothing.
    pub(crate) async fn refresh(&self, owner: Owner) -> Result<usize, DataError> {
        let Some(backend) = self.backend_for(owner.store()) else {
            return Ok(0);
        };
        let fields = match owner {
            Owner::User(id) => backend.refresh_user_data(id).await,
            Owner::Chat(id) => backend.refresh_chat_data(id).await,
            Owner::Bot => backend.refresh_bot_data().await,
        }
        .map_err(|e| storage_error(owner, "*", e))?;
        let slot = self.slot(owner);
        let mut refreshed = 0;
        for (name, value) in fields {
            let entry = Arc::clone(slot.entries().entry(Arc::from(name.as_str())).or_default());
            let Ok(mut content) = Arc::clone(&entry.content).try_lock_owned() else {
                continue;
            };
            if entry.is_changed() || entry.saved().as_ref() == Some(&value) {
                continue;
            }
            entry.adopt_stored(&mut content, Some(value));
            refreshed += 1;
        }
        Ok(refreshed)
    }

    /// Writes the changes of a handler run's held entries, then unlocks them.
    pub(crate) async fn commit(&self, list: &HeldList) -> Result<(), DataError> {
        let held = list.drain();
        if held.is_empty() {
            return Ok(());
        }
        let Some(backend) = self.persistence.as_ref() else {
            return Ok(());
        };
        let mut failure = None;
        let mut changes = Vec::new();
        let mut written = Vec::new();
        for h in &held {
            match h.entry.pending(&h.content, &h.address) {
                Ok(Some(value)) => {
                    changes.push(Change::Set {
                        store: h.address.owner.store(),
                        key: h.address.owner.key(),
                        field: h.address.name.to_string(),
                        value: value.clone(),
                        lease: h.lease.clone(),
                    });
                    written.push((h.address.clone(), Arc::clone(&h.entry), value));
                }
                Ok(None) => {}
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        if !changes.is_empty() {
            match backend.write(&changes).await {
                Ok(()) => {
                    for (_, entry, value) in written {
                        entry.set_saved(value);
                    }
                }
                Err(e) => {
                    // A lost lease means another instance owns the value now: the next use
                    // refreshes it from the store. Otherwise the change is kept and retried.
                    if !matches!(e, PersistenceError::LeaseLost { .. }) {
                        let mut dirty = self.dirty.lock_unpoisoned();
                        for (address, entry, _) in written {
                            entry.mark_changed();
                            if !backend.shared() {
                                dirty.insert(address, entry);
                            }
                        }
                    }
                    failure = Some(DataError::Write(e));
                }
            }
        }
        for mut h in held {
            if let Some(lease) = h.lease.take()
                && let Err(e) = backend.unlock(lease).await
            {
                tracing::warn!(error = %e, "releasing a data lock failed; it expires by itself");
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// Writes every entry changed since the last write (entries a handler holds right now wait
    /// for the next round). Returns how many values were written.
    pub(crate) async fn flush(&self) -> Result<usize, DataError> {
        let Some(backend) = self.persistence.as_ref() else {
            return Ok(0);
        };
        let dirty = std::mem::take(&mut *self.dirty.lock_unpoisoned());
        let mut busy = Vec::new();
        let mut changes = Vec::new();
        let mut written = Vec::new();
        for (address, entry) in dirty {
            let Ok(content) = Arc::clone(&entry.content).try_lock_owned() else {
                busy.push((address, entry));
                continue;
            };
            match entry.pending(&content, &address) {
                Ok(Some(value)) => {
                    changes.push(Change::Set {
                        store: address.owner.store(),
                        key: address.owner.key(),
                        field: address.name.to_string(),
                        value: value.clone(),
                        lease: None,
                    });
                    written.push((address, Arc::clone(&entry), value));
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "a changed value stays in memory only"),
            }
        }
        let mut requeue = busy;
        let result = if changes.is_empty() {
            Ok(0)
        } else {
            match backend.write(&changes).await {
                Ok(()) => {
                    let count = written.len();
                    for (_, entry, value) in written {
                        entry.set_saved(value);
                    }
                    Ok(count)
                }
                Err(e) => {
                    for (address, entry, _) in written {
                        entry.mark_changed();
                        requeue.push((address, entry));
                    }
                    Err(DataError::Write(e))
                }
            }
        };
        self.dirty.lock_unpoisoned().extend(requeue);
        result
    }

    /// Loads user, chat and bot data from the backend (the stores it persists); values of
    /// registered types are checked against their types.
    pub(crate) async fn load(&self) -> Result<LoadReport, PersistenceError> {
        let mut report = LoadReport::default();
        let Some(backend) = self.persistence.as_ref() else {
            return Ok(report);
        };
        let mut misfits = Vec::new();
        for store in [Store::UserData, Store::ChatData, Store::BotData] {
            if !backend.settings().input.includes(store) {
                continue;
            }
            let mut owners = std::collections::HashSet::new();
            for record in backend.load(store).await? {
                let owner = match store {
                    Store::UserData => Owner::User(owner_id(store, &record.key)?),
                    Store::ChatData => Owner::Chat(owner_id(store, &record.key)?),
                    _ => Owner::Bot,
                };
                if let Err((type_name, reason)) = self.names.check(&record.field, &record.value) {
                    misfits.push((owner, record.field.clone(), type_name, reason));
                }
                owners.insert(owner);
                if owner == Owner::Bot {
                    report.bot_values += 1;
                }
                self.slot(owner).entries().insert(
                    Arc::from(record.field),
                    Arc::new(Entry::stored(record.value)),
                );
            }
            match store {
                Store::UserData => report.users = owners.len(),
                Store::ChatData => report.chats = owners.len(),
                _ => {}
            }
        }
        if let Some((owner, name, type_name, reason)) = misfits.first() {
            return Err(PersistenceError::WrongShape {
                location: format!("{owner}'s `{name}`"),
                type_name,
                reason: reason.clone(),
                others: misfits.len() - 1,
            });
        }
        Ok(report)
    }

    /// The ids of the users (or chats, by `store`) that hold a value stored under `name`:
    /// those in memory, and with a shared backend (which other instances write to) those in
    /// the store too. Sorted.
    pub(crate) async fn owners_with(
        &self,
        store: Store,
        name: &str,
    ) -> Result<Vec<i64>, DataError> {
        let map = match store {
            Store::UserData => &self.users,
            Store::ChatData => &self.chats,
            _ => return Ok(Vec::new()),
        };
        let mut ids: std::collections::BTreeSet<i64> = map
            .lock_unpoisoned()
            .iter()
            .filter(|(_, slot)| slot.entries().contains_key(name))
            .map(|(id, _)| *id)
            .collect();
        if let Some(backend) = self.backend_for(store).filter(|b| b.shared()) {
            for record in backend.load(store).await.map_err(DataError::Write)? {
                if record.field == name {
                    ids.insert(owner_id(store, &record.key).map_err(DataError::Write)?);
                }
            }
        }
        Ok(ids.into_iter().collect())
    }

    /// Forgets every value of a user or a chat, in memory and in the store (through the
    /// backend's `drop_user_data` / `drop_chat_data`). A handler holding one of its values
    /// right now writes it back when it ends.
    pub(crate) async fn drop_owner(&self, owner: Owner) -> Result<(), DataError> {
        let (map, id) = match owner {
            Owner::User(id) => (&self.users, id),
            Owner::Chat(id) => (&self.chats, id),
            Owner::Bot => return Ok(()),
        };
        map.lock_unpoisoned().remove(&id);
        self.dirty
            .lock_unpoisoned()
            .retain(|address, _| address.owner != owner);
        let Some(backend) = self.backend_for(owner.store()) else {
            return Ok(());
        };
        let dropped = match owner {
            Owner::User(id) => backend.drop_user_data(id).await,
            Owner::Chat(id) => backend.drop_chat_data(id).await,
            Owner::Bot => Ok(()),
        };
        dropped.map_err(DataError::Write)
    }

    /// A group became a supergroup: its values move to the new id, in memory and in the store.
    pub(crate) async fn migrate_chat(&self, from: i64, to: i64) -> Result<(), DataError> {
        let old = self.chats.lock_unpoisoned().remove(&from);
        let moved: Vec<(Arc<str>, Arc<Entry>)> = match old {
            Some(slot) => slot.entries().drain().collect(),
            None => Vec::new(),
        };
        let target = self.slot(Owner::Chat(to));
        for (name, entry) in &moved {
            // The store holds nothing under the new id yet.
            entry.set_saved(None);
            entry.mark_changed();
            target.entries().insert(Arc::clone(name), Arc::clone(entry));
        }
        let Some(backend) = self.backend_for(Store::ChatData) else {
            return Ok(());
        };
        let old_key = from.to_string();
        let stored = backend
            .load_key(Store::ChatData, &old_key)
            .await
            .map_err(DataError::Write)?;
        for (name, value) in stored {
            let mut entries = target.entries();
            if !moved.iter().any(|(n, _)| **n == *name) {
                let entry = Arc::new(Entry::stored(value));
                entry.set_saved(None);
                entry.mark_changed();
                entries.entry(Arc::from(name)).or_insert(entry);
            }
        }
        let entries: Vec<(Arc<str>, Arc<Entry>)> = target
            .entries()
            .iter()
            .map(|(n, e)| (Arc::clone(n), Arc::clone(e)))
            .collect();
        let mut changes = Vec::new();
        let mut written = Vec::new();
        for (name, entry) in entries {
            let address = Address {
                owner: Owner::Chat(to),
                name,
            };
            let Ok(content) = Arc::clone(&entry.content).try_lock_owned() else {
                self.dirty.lock_unpoisoned().insert(address, entry);
                continue;
            };
            if let Some(value) = entry.pending(&content, &address)? {
                changes.push(Change::Set {
                    store: Store::ChatData,
                    key: to.to_string(),
                    field: address.name.to_string(),
                    value: value.clone(),
                    lease: None,
                });
                written.push((address, Arc::clone(&entry), value));
            }
        }
        changes.push(Change::DropKey {
            store: Store::ChatData,
            key: old_key,
        });
        match backend.write(&changes).await {
            Ok(()) => {
                for (_, entry, value) in written {
                    entry.set_saved(value);
                }
                Ok(())
            }
            Err(e) => {
                let mut dirty = self.dirty.lock_unpoisoned();
                for (address, entry, _) in written {
                    entry.mark_changed();
                    dirty.insert(address, entry);
                }
                Err(DataError::Write(e))
            }
        }
    }
}

fn storage_error(owner: Owner, name: &str, source: PersistenceError) -> DataError {
    DataError::Storage {
        owner,
        name: name.to_string(),
        source,
    }
}

/// Turns the entry's content into a `T`: stored JSON is deserialized (and left untouched when it
/// does not fit), an absent value becomes `T::default()`.
fn ensure_typed<T: DataValue>(content: &mut Content, address: &Address) -> Result<(), DataError> {
    match content {
        Content::Typed(_) => {
            if content.typed::<T>().is_some() {
                Ok(())
            } else {
                Err(DataError::NameClash {
                    name: address.name.to_string(),
                    first: "another type",
                    second: std::any::type_name::<T>(),
                })
            }
        }
        Content::Raw(value) => match T::deserialize(&*value) {
            Ok(typed) => {
                *content = Content::Typed(Box::new(Typed(typed)));
                Ok(())
            }
            Err(e) => Err(DataError::WrongShape {
                owner: address.owner,
                name: address.name.to_string(),
                type_name: std::any::type_name::<T>(),
                reason: e.to_string(),
            }),
        },
        Content::Absent => {
            *content = Content::Typed(Box::new(Typed(T::default())));
            Ok(())
        }
    }
}
