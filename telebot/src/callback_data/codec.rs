//! Packing and unpacking with the application's settings: the signing key and the cache.

use super::cache::LruCache;
use super::signature::{self, SIGNATURE_LEN};
use super::stored::{self, CacheImportError};
use super::wire::{FieldError, Packer, Unpacker};
use super::{CallbackData, MAX_CALLBACK_DATA_LEN, has_prefix};
use crate::api::InlineKeyboardMarkup;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// How many long values the cache keeps by default (as PTB's `arbitrary_callback_data`).
const DEFAULT_CACHE_SIZE: usize = 1024;

/// Why callback data could not be read as the type asked for. The handler's function is not
/// called; the query is answered politely or given to the invalid-callback-data handler.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidCallbackData {
    /// The data belongs to another type, or to no typed callback data at all.
    #[error("callback data \"{data}\" is not `{expected}` data")]
    WrongPrefix {
        /// The prefix expected.
        expected: &'static str,
        /// The data as received.
        data: String,
    },
    /// The button was made for another version of the type's layout.
    #[error("callback data of `{prefix}` has version {found}, this bot reads version {expected}")]
    WrongVersion {
        /// The type's prefix.
        prefix: &'static str,
        /// The version this bot packs.
        expected: u32,
        /// The version in the data.
        found: String,
    },
    /// The data was stored in the cache and is gone (evicted, dropped, or from before a restart
    /// without persistence).
    #[error("callback data of `{prefix}` refers to cache entry {key}, which is no longer kept")]
    Expired {
        /// The type's prefix.
        prefix: &'static str,
        /// The cache key.
        key: String,
    },
    /// The signature does not match: the data was not made by this bot with this key.
    #[error("callback data of `{prefix}` has a wrong signature")]
    BadSignature {
        /// The type's prefix.
        prefix: &'static str,
    },
    /// The fields do not fit the type.
    #[error("callback data of `{prefix}` does not fit the type: {error}")]
    Malformed {
        /// The type's prefix.
        prefix: &'static str,
        /// What was wrong.
        error: FieldError,
    },
}

/// Packs values into `callback_data` and reads them back; shared by the application (cheap to
/// clone). Its `Debug` output never shows the signing key.
#[derive(Clone)]
pub struct CallbackDataCodec {
    inner: Arc<Inner>,
}

struct Inner {
    key: Option<Vec<u8>>,
    cache: Mutex<LruCache>,
    /// Bumped on every change of the cache, for persistence.
    generation: AtomicU64,
    keys: std::collections::hash_map::RandomState,
    counter: AtomicU64,
}

impl std::fmt::Debug for CallbackDataCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackDataCodec")
            .field("signed", &self.inner.key.is_some())
            .field("cached", &self.cached())
            .finish()
    }
}

impl Default for CallbackDataCodec {
    fn default() -> Self {
        CallbackDataCodec::build(None, DEFAULT_CACHE_SIZE)
    }
}

impl CallbackDataCodec {
    fn build(key: Option<Vec<u8>>, cache_size: usize) -> Self {
        CallbackDataCodec {
            inner: Arc::new(Inner {
                key,
                cache: Mutex::new(LruCache::new(cache_size)),
                generation: AtomicU64::new(0),
                keys: std::collections::hash_map::RandomState::new(),
                counter: AtomicU64::new(0),
            }),
        }
    }

    /// Unsigned data, a cache of 1024 long values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs every packed value with `key` (HMAC-SHA256, 8 characters per button) and refuses
    /// data whose signature does not match. Keep the key secret and stable across restarts.
    pub fn signed(self, key: impl Into<Vec<u8>>) -> Self {
        let size = self.cache_capacity();
        CallbackDataCodec::build(Some(key.into()), size)
    }

    /// Keeps at most `entries` long values (default 1024); the least recently used go first.
    pub fn cache_size(self, entries: usize) -> Self {
        CallbackDataCodec::build(self.inner.key.clone(), entries)
    }

    fn cache_capacity(&self) -> usize {
        self.lock().capacity()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache> {
        self.inner.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The `callback_data` for `value`: inline when it fits in 64 bytes, else a cache key.
    pub fn pack<T: CallbackData>(&self, value: &T) -> String {
        debug_assert!(
            valid_prefix(T::PREFIX),
            "callback data prefix {:?} must be 1–40 of letters, digits, _, - and .",
            T::PREFIX
        );
        let mut packer = Packer::with_header(T::PREFIX, T::VERSION);
        value.write_fields(&mut packer);
        let mut inline = packer.finish();
        if let Some(key) = &self.inner.key {
            let signature = signature::sign(key, &inline);
            inline.push(':');
            inline.push_str(&signature);
        }
        if inline.len() <= MAX_CALLBACK_DATA_LEN {
            return inline;
        }
        let mut cache = self.lock();
        // Keys restored from before a restart came from another random state: skip a clash.
        let key = loop {
            let key = self.fresh_key();
            if !cache.contains(&key) {
                break key;
            }
        };
        cache.insert(key.clone(), inline);
        drop(cache);
        self.inner.generation.fetch_add(1, Ordering::Relaxed);
        format!("{}#{key}", T::PREFIX)
    }

    /// An unguessable cache key: 48 bits from a randomly keyed SipHash of a counter.
    fn fresh_key(&self) -> String {
        let mut hasher = self.inner.keys.build_hasher();
        hasher.write_u64(self.inner.counter.fetch_add(1, Ordering::Relaxed));
        let bits = hasher.finish().to_le_bytes();
        let mut six = [0u8; 6];
        six.copy_from_slice(&bits[..6]);
        signature::base64_48(six)
    }

    /// Reads `data` back as a `T`.
    pub fn unpack<T: CallbackData>(&self, data: &str) -> Result<T, InvalidCallbackData> {
        let prefix = T::PREFIX;
        if !has_prefix::<T>(data) {
            return Err(InvalidCallbackData::WrongPrefix {
                expected: prefix,
                data: data.to_string(),
            });
        }
        let rest = &data[prefix.len()..];
        let inline = match rest.strip_prefix('#') {
            Some(key) => self
                .lock()
                .get(key)
                .ok_or_else(|| InvalidCallbackData::Expired {
                    prefix,
                    key: key.to_string(),
                })?,
            None => data.to_string(),
        };
        let mut body = &inline[prefix.len() + 1..];
        if let Some(key) = &self.inner.key {
            let signed_len = inline.len().checked_sub(SIGNATURE_LEN + 1);
            let valid = signed_len.is_some_and(|n| {
                inline.is_char_boundary(n)
                    && inline[n..].starts_with(':')
                    && signature::verify(key, &inline[..n], &inline[n + 1..])
            });
            let Some(n) = signed_len.filter(|_| valid) else {
                return Err(InvalidCallbackData::BadSignature { prefix });
            };
            body = &inline[prefix.len() + 1..n];
        }
        let (version, fields) = match body.split_once(':') {
            Some((version, fields)) => (version, Some(fields)),
            None => (body, None),
        };
        if version != T::VERSION.to_string() {
            return Err(InvalidCallbackData::WrongVersion {
                prefix,
                expected: T::VERSION,
                found: version.to_string(),
            });
        }
        let mut unpacker = fields.map_or_else(Unpacker::empty, Unpacker::new);
        let value = T::read_fields(&mut unpacker)
            .and_then(|value| unpacker.finish().map(|()| value))
            .map_err(|error| InvalidCallbackData::Malformed { prefix, error })?;
        Ok(value)
    }

    /// Forgets the cached value behind `data` (PTB's `drop_callback_data`); `true` when there
    /// was one.
    pub fn drop_data(&self, data: &str) -> bool {
        let Some((_, key)) = data.split_once('#') else {
            return false;
        };
        let removed = self.lock().remove(key);
        if removed {
            self.inner.generation.fetch_add(1, Ordering::Relaxed);
        }
        removed
    }

    /// Forgets the cached values of every button of `keyboard`; returns how many there were.
    pub fn drop_keyboard(&self, keyboard: &InlineKeyboardMarkup) -> usize {
        keyboard
            .inline_keyboard
            .iter()
            .flatten()
            .filter_map(|button| button.callback_data.as_deref())
            .filter(|data| self.drop_data(data))
            .count()
    }

    /// How many long values are cached.
    pub fn cached(&self) -> usize {
        self.lock().len()
    }

    /// A number that changes whenever the cache does (for persistence's dirty tracking).
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Relaxed)
    }

    /// The cache as persistence stores it: its entries, least recently used first, stamped with
    /// the layout's format and a fingerprint of the signing key (never the key itself).
    pub fn export(&self) -> serde_json::Value {
        let entries = self.lock().entries();
        stored::encode(self.signer(), entries)
    }

    /// Restores a cache that [`export`](Self::export) produced, keeping its order of use;
    /// returns how many entries it held. A cache written under another signing key (or with
    /// signing switched on or off), in another format, or malformed is refused as a whole and
    /// nothing is restored: its buttons then read as expired, never as forged or as other data.
    pub fn import(&self, stored: &serde_json::Value) -> Result<usize, CacheImportError> {
        let entries = stored::decode(stored, self.signer().as_deref())?;
        let count = entries.len();
        let mut cache = self.lock();
        for (key, data) in entries {
            cache.insert(key, data);
        }
        Ok(count)
    }

    /// The fingerprint of the signing key the stored cache is stamped with.
    fn signer(&self) -> Option<String> {
        stored::fingerprint(self.inner.key.as_deref())
    }
}

/// What `#[derive(CallbackData)]` checks at compile time, checked again when packing.
fn valid_prefix(prefix: &str) -> bool {
    (1..=40).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}
