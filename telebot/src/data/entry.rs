use super::{DataError, DataValue, Owner};
use serde_json::Value;
use std::any::Any;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// Where a value lives: its owner and storage name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Address {
    pub(crate) owner: Owner,
    pub(crate) name: Arc<str>,
}

/// One value: its content behind an async lock, what the store holds, and whether it changed
/// since it was last written.
#[derive(Default)]
pub(crate) struct Entry {
    pub(crate) content: Arc<tokio::sync::Mutex<Content>>,
    saved: Mutex<Option<Value>>,
    changed: AtomicBool,
}

impl Entry {
    /// An entry holding what the store holds.
    pub(crate) fn stored(value: Value) -> Entry {
        Entry {
            content: Arc::new(tokio::sync::Mutex::new(Content::Raw(value.clone()))),
            saved: Mutex::new(Some(value)),
            changed: AtomicBool::new(false),
        }
    }

    pub(crate) fn saved(&self) -> Option<Value> {
        self.saved.lock_unpoisoned().clone()
    }

    pub(crate) fn set_saved(&self, value: Option<Value>) {
        *self.saved.lock_unpoisoned() = value;
    }

    pub(crate) fn mark_changed(&self) {
        self.changed.store(true, Ordering::SeqCst);
    }

    /// Takes what the store holds now as the entry's content (`content` is the entry's own,
    /// locked), dropping any change made here.
    pub(crate) fn adopt_stored(&self, content: &mut Content, stored: Option<Value>) {
        *content = stored.clone().map(Content::Raw).unwrap_or_default();
        self.set_saved(stored);
        self.take_changed();
    }

    /// Whether the entry changed since it was last written.
    pub(crate) fn is_changed(&self) -> bool {
        self.changed.load(Ordering::SeqCst)
    }

    /// Whether the entry changed since it was last written, clearing the mark.
    pub(crate) fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::SeqCst)
    }

    /// The change to write for this entry, if its content differs from what the store holds.
    /// Clears the changed mark; the caller marks it again when the write fails.
    pub(crate) fn pending(
        &self,
        content: &Content,
        address: &Address,
    ) -> Result<Option<Option<Value>>, DataError> {
        if !self.take_changed() {
            return Ok(None);
        }
        let value = content.to_json().map_err(|e| {
            self.mark_changed();
            DataError::Serialize {
                owner: address.owner,
                name: address.name.to_string(),
                reason: e.to_string(),
            }
        })?;
        if value == self.saved() {
            return Ok(None);
        }
        Ok(Some(value))
    }
}

/// A value as the entry holds it.
#[derive(Default)]
pub(crate) enum Content {
    /// Nothing stored and not yet used.
    #[default]
    Absent,
    /// Stored JSON not yet asked for by its type (kept as it is until then).
    Raw(Value),
    /// A value of the user's type.
    Typed(Box<dyn Erased>),
}

impl Content {
    pub(crate) fn to_json(&self) -> Result<Option<Value>, serde_json::Error> {
        match self {
            Content::Absent => Ok(None),
            Content::Raw(value) => Ok(Some(value.clone())),
            Content::Typed(value) => value.to_json().map(Some),
        }
    }

    pub(crate) fn typed<T: DataValue>(&self) -> Option<&T> {
        match self {
            Content::Typed(value) => value.as_any().downcast_ref::<Typed<T>>().map(|t| &t.0),
            _ => None,
        }
    }

    pub(crate) fn typed_mut<T: DataValue>(&mut self) -> Option<&mut T> {
        match self {
            Content::Typed(value) => value
                .as_any_mut()
                .downcast_mut::<Typed<T>>()
                .map(|t| &mut t.0),
            _ => None,
        }
    }
}

/// A user's value, its type erased.
pub(crate) trait Erased: Any + Send + Sync {
    fn to_json(&self) -> Result<Value, serde_json::Error>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

pub(crate) struct Typed<T>(pub(crate) T);

impl<T: DataValue> Erased for Typed<T> {
    fn to_json(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(&self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
