//! Helpers for the persistence tests: temporary directories, the Redis URL that `.ci/run`
//! exports, updates built by hand, and a backend wrapper that records what is written.

#![allow(dead_code)]

use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use telebot::Update;
use telebot::persistence::{
    Change, Fields, Lease, Persistence, PersistenceError, Record, Settings, Store,
};

#[path = "temp_dir.rs"]
mod temp_dir;
#[allow(unused_imports)] // not every test that includes this file makes a directory
pub use temp_dir::TempDir;

/// The test Redis from `.ci/run` (`TELEBOT_TEST_REDIS_URL`). Missing in CI is a failure; on a
/// developer machine without it the Redis tests say so and pass (run `.ci/run` to get one).
pub fn redis_url() -> Option<String> {
    match std::env::var("TELEBOT_TEST_REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("TELEBOT_TEST_REDIS_URL is not set: .ci/run starts redis-server and exports it")
        }
        _ => {
            eprintln!(
                "TELEBOT_TEST_REDIS_URL is not set: skipping the Redis run (.ci/run sets it)"
            );
            None
        }
    }
}

/// A Redis namespace no other test (or earlier run) uses.
pub fn fresh_namespace(tag: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "test-{tag}-{}-{}-{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A private text message from `user_id`.
pub fn message_from(update_id: i64, user_id: i64, text: &str) -> Update {
    message_in(update_id, user_id, user_id, text)
}

/// A text message from `user_id` in chat `chat_id`.
pub fn message_in(update_id: i64, chat_id: i64, user_id: i64, text: &str) -> Update {
    let chat_type = if chat_id == user_id {
        "private"
    } else {
        "group"
    };
    serde_json::from_value(json!({
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1,
            "chat": {"id": chat_id, "type": chat_type, "title": "t"},
            "from": {"id": user_id, "is_bot": false, "first_name": "u"},
            "text": text
        }
    }))
    .expect("a valid update")
}

/// Wraps a backend and records every change written through it.
#[derive(Clone)]
pub struct Recording<P> {
    pub inner: P,
    pub written: Arc<Mutex<Vec<Change>>>,
}

impl<P> Recording<P> {
    pub fn new(inner: P) -> Self {
        Recording {
            inner,
            written: Arc::default(),
        }
    }

    /// The changes written since the last call.
    pub fn take(&self) -> Vec<Change> {
        std::mem::take(&mut *self.written.lock().unwrap())
    }
}

impl<P: Persistence> Persistence for Recording<P> {
    fn describe(&self) -> String {
        self.inner.describe()
    }
    fn settings(&self) -> Settings {
        self.inner.settings()
    }
    fn load(
        &self,
        store: Store,
    ) -> futures_util::future::BoxFuture<'_, Result<Vec<Record>, PersistenceError>> {
        self.inner.load(store)
    }
    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> futures_util::future::BoxFuture<'a, Result<Fields, PersistenceError>> {
        self.inner.load_key(store, key)
    }
    fn write<'a>(
        &'a self,
        changes: &'a [Change],
    ) -> futures_util::future::BoxFuture<'a, Result<(), PersistenceError>> {
        self.written.lock().unwrap().extend(changes.iter().cloned());
        self.inner.write(changes)
    }
    fn shared(&self) -> bool {
        self.inner.shared()
    }
    fn lock<'a>(
        &'a self,
        store: Store,
        key: &'a str,
        field: &'a str,
    ) -> futures_util::future::BoxFuture<'a, Result<Option<Lease>, PersistenceError>> {
        self.inner.lock(store, key, field)
    }
    fn unlock(
        &self,
        lease: Lease,
    ) -> futures_util::future::BoxFuture<'_, Result<(), PersistenceError>> {
        self.inner.unlock(lease)
    }
}
