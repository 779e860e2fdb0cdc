//! A callback-data cache shared by several instances (the cluster keeps it in Redis, one
//! entry per key): a long value packed on one instance is found on another when its button is
//! pressed there, and no instance writes the whole cache over another's.

use futures_util::future::BoxFuture;

/// Long callback data kept outside the process, entry by entry.
pub(crate) trait SharedCallbackCache: Send + Sync + 'static {
    /// Stores a new entry (in the background: the button it belongs to is sent after).
    fn put(&self, key: String, data: String);

    /// The entry under `key`, if any.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>>;

    /// Forgets an entry (in the background).
    fn remove(&self, key: String);
}
