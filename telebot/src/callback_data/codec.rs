//! Packing and unpacking with the application's settings: the signing key, what buttons are
//! bound to, and the cache.

use super::binding::{Audience, Binding};
use super::cache::LruCache;
use super::signature::{DEFAULT_MAC_BITS, MAC_BITS, MIN_KEY_LEN, Signer, base64url};
use super::stored::{self, CacheImportError};
use super::wire::{FieldError, Packer, Unpacker};
use super::{CallbackData, MAX_CALLBACK_DATA_LEN, has_prefix};
use crate::api::{CallbackQuery, InlineKeyboardMarkup};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use telebot_client::poison::{MutexUnpoisoned, RwLockUnpoisoned};

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
    /// The signature does not match: the data was not made by this bot with this key, or it
    /// was made for another chat or another user than the press comes from (see
    /// [`Binding`]).
    #[error(
        "callback data of `{prefix}` has a wrong signature (forged, or pressed in another chat or by another user than it was made for)"
    )]
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

/// Why a codec could not be set up as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodecSetupError {
    /// The signing key is shorter than [`MIN_KEY_LEN`](super::MIN_KEY_LEN) bytes.
    #[error(
        "the callback-data signing key has {len} bytes; at least {min} are needed (e.g. 32 random bytes from `head -c 32 /dev/urandom | base64`, kept secret and stable)"
    )]
    KeyTooShort {
        /// The key's length.
        len: usize,
        /// The least length accepted.
        min: usize,
    },
    /// The signature length asked of [`mac_bits`](CallbackDataCodec::mac_bits) is not a whole
    /// number of bytes from 64 to 256 bits.
    #[error(
        "a callback-data signature of {bits} bits is not supported; choose a multiple of 8 from 64 to 256 (default 128)"
    )]
    MacBits {
        /// The length asked for.
        bits: usize,
    },
}

/// Packs values into `callback_data` and reads them back; shared by the application (cheap to
/// clone). Its `Debug` output never shows the signing key.
#[derive(Clone)]
pub struct CallbackDataCodec {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    cache: Mutex<LruCache>,
    /// Bumped on every change of the cache, for persistence.
    generation: AtomicU64,
    keys: std::collections::hash_map::RandomState,
    counter: AtomicU64,
    /// Where long values are shared with other instances, if they are.
    shared: std::sync::RwLock<Option<Arc<dyn super::shared::SharedCallbackCache>>>,
}

/// How data is signed: the key and tag length, and what buttons are bound to.
#[derive(Clone)]
struct Config {
    signer: Option<Signer>,
    /// The tag length in bytes (kept for a later `signed`).
    tag_len: usize,
    binding: Binding,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            signer: None,
            tag_len: DEFAULT_MAC_BITS / 8,
            binding: Binding::default(),
        }
    }
}

impl Config {
    /// What buttons are bound to: nothing without a key (there is no signature to bind with).
    fn binding(&self) -> Binding {
        match self.signer {
            Some(_) => self.binding,
            None => Binding::Anyone,
        }
    }
}

impl std::fmt::Debug for CallbackDataCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackDataCodec")
            .field("signed", &self.inner.config.signer.is_some())
            .field("signature_bits", &self.signature_bits())
            .field("binding", &self.inner.config.binding())
            .field("cached", &self.cached())
            .finish()
    }
}

impl Default for CallbackDataCodec {
    fn default() -> Self {
        CallbackDataCodec::build(Config::default(), DEFAULT_CACHE_SIZE)
    }
}

impl CallbackDataCodec {
    fn build(config: Config, cache_size: usize) -> Self {
        CallbackDataCodec {
            inner: Arc::new(Inner {
                config,
                cache: Mutex::new(LruCache::new(cache_size)),
                shared: std::sync::RwLock::new(None),
                generation: AtomicU64::new(0),
                keys: std::collections::hash_map::RandomState::new(),
                counter: AtomicU64::new(0),
            }),
        }
    }

    /// The same codec with its settings changed (and an empty cache).
    fn rebuild(self, change: impl FnOnce(&mut Config)) -> Self {
        let mut config = self.inner.config.clone();
        change(&mut config);
        let size = self.cache_capacity();
        CallbackDataCodec::build(config, size)
    }

    /// Unsigned data, a cache of 1024 long values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Signs every packed value with `key` (HMAC-SHA256 cut to 128 bits: 23 of each button's
    /// 64 bytes) and refuses data whose signature does not match. Each button is also bound to
    /// its chat and its user ([`Binding::ChatAndUser`]; see [`binding`](Self::binding)), so
    /// buttons are packed with [`pack_for`](Self::pack_for).
    ///
    /// The key must hold at least [`MIN_KEY_LEN`](super::MIN_KEY_LEN) (32) bytes, random and
    /// secret; keep it stable across restarts, or the buttons already sent stop working.
    ///
    /// ```
    /// use telebot::callback_data::{CallbackDataCodec, CodecSetupError};
    ///
    /// let codec = CallbackDataCodec::new().signed(*b"0123456789abcdef0123456789abcdef");
    /// assert!(codec.is_ok());
    /// assert_eq!(
    ///     CallbackDataCodec::new().signed(*b"short").unwrap_err(),
    ///     CodecSetupError::KeyTooShort { len: 5, min: 32 }
    /// );
    /// ```
    pub fn signed(self, key: impl Into<Vec<u8>>) -> Result<Self, CodecSetupError> {
        let key = key.into();
        if key.len() < MIN_KEY_LEN {
            return Err(CodecSetupError::KeyTooShort {
                len: key.len(),
                min: MIN_KEY_LEN,
            });
        }
        Ok(self.rebuild(|config| config.signer = Some(Signer::new(key, config.tag_len))))
    }

    /// Cuts signatures to `bits` (a multiple of 8 from 64 to 256; default 128).
    ///
    /// The trade-off: Telegram's `callback_data` holds 64 bytes, and a signature takes
    /// `1 + ⌈bits / 6⌉` of them: 23 at 128 bits, leaving 41 for the prefix, version and fields;
    /// a value that does not fit goes to the cache (`prefix#key`), which keeps only the last
    /// [`cache_size`](Self::cache_size) long values and, without persistence, none across a
    /// restart. Each bit less halves a forger's work: at 64 bits (12 bytes, leaving 52) a
    /// forged or replayed press has one chance in 2⁶⁴ of passing, and below 128 bits the
    /// margin rests on how few presses an attacker can send, not on the signature alone.
    /// More than 128 bits buys little and leaves less room.
    ///
    /// Set it before or after [`signed`](Self::signed). A cache persisted with another length
    /// is refused at start (its buttons read as expired).
    ///
    /// ```
    /// use telebot::callback_data::CallbackDataCodec;
    ///
    /// let codec = CallbackDataCodec::new().mac_bits(96).unwrap();
    /// assert_eq!(codec.signature_bits(), 96);
    /// assert!(CallbackDataCodec::new().mac_bits(48).is_err());
    /// ```
    pub fn mac_bits(self, bits: usize) -> Result<Self, CodecSetupError> {
        if !MAC_BITS.contains(&bits) || !bits.is_multiple_of(8) {
            return Err(CodecSetupError::MacBits { bits });
        }
        Ok(self.rebuild(|config| {
            config.tag_len = bits / 8;
            config.signer = config.signer.as_ref().map(|s| s.with_tag_len(bits / 8));
        }))
    }

    /// What each signed button is bound to (default [`Binding::ChatAndUser`]): a press from
    /// another chat, or by another user, than the button was packed for
    /// ([`pack_for`](Self::pack_for)) is refused as
    /// [`BadSignature`](InvalidCallbackData::BadSignature), through the invalid-callback-data
    /// path. [`Binding::Chat`] suits a poll in a group; [`Binding::Anyone`] turns binding off.
    /// Without a signing key nothing is bound. A cache persisted under another binding is
    /// refused at start (its buttons read as expired).
    pub fn binding(self, binding: Binding) -> Self {
        self.rebuild(|config| config.binding = binding)
    }

    /// The signature length in bits (without a key: the length [`signed`](Self::signed) will
    /// use).
    pub fn signature_bits(&self) -> usize {
        self.inner.config.tag_len * 8
    }

    /// Keeps at most `entries` long values (default 1024); the least recently used go first.
    pub fn cache_size(self, entries: usize) -> Self {
        CallbackDataCodec::build(self.inner.config.clone(), entries)
    }

    fn cache_capacity(&self) -> usize {
        self.lock().capacity()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache> {
        self.inner.cache.lock_unpoisoned()
    }

    /// The `callback_data` for `value`, for a codec that binds nothing (unsigned, or
    /// [`Binding::Anyone`]): inline when it fits in 64 bytes, else a cache key.
    ///
    /// # Panics
    /// When the codec binds buttons to a chat or a user (a signed codec does by default): it
    /// cannot know them here; use [`pack_for`](Self::pack_for).
    pub fn pack<T: CallbackData>(&self, value: &T) -> String {
        let binding = self.inner.config.binding();
        assert!(
            binding == Binding::Anyone,
            "CallbackDataCodec::pack: this codec binds each button to its {}; pack with \
             `pack_for(&value, &message)` (or an `Audience`), or choose `.binding(Binding::Anyone)`",
            binding.describe()
        );
        self.pack_with(value, Audience::default())
    }

    /// The `callback_data` for `value`, to be pressed in the audience's chat by its user (as
    /// far as the codec's [`binding`](Self::binding) goes): inline when it fits in 64 bytes,
    /// else a cache key. A [`Message`](crate::api::Message) the keyboard answers, a
    /// [`CallbackQuery`] or an [`Update`](crate::Update) convert into the [`Audience`].
    ///
    /// ```
    /// use telebot::callback_data::{Audience, CallbackData, CallbackDataCodec};
    /// # use telebot::callback_data::{FieldError, Packer, Unpacker};
    /// # #[derive(Debug, PartialEq)]
    /// # struct Vote { choice: u8 }
    /// # impl CallbackData for Vote {
    /// #     const PREFIX: &'static str = "vote";
    /// #     fn write_fields(&self, out: &mut Packer) { out.field(&self.choice); }
    /// #     fn read_fields(f: &mut Unpacker<'_>) -> Result<Self, FieldError> { Ok(Vote { choice: f.field()? }) }
    /// # }
    ///
    /// let codec = CallbackDataCodec::new().signed(*b"0123456789abcdef0123456789abcdef").unwrap();
    /// let alice_here = Audience::new(Some(-1001), Some(7));
    /// let data = codec.pack_for(&Vote { choice: 1 }, alice_here);
    /// assert_eq!(codec.unpack_for::<Vote>(&data, alice_here), Ok(Vote { choice: 1 }));
    /// let bob_here = Audience::new(Some(-1001), Some(8));
    /// assert!(codec.unpack_for::<Vote>(&data, bob_here).is_err());
    /// ```
    pub fn pack_for<T: CallbackData>(&self, value: &T, audience: impl Into<Audience>) -> String {
        self.pack_with(value, audience.into())
    }

    fn pack_with<T: CallbackData>(&self, value: &T, audience: Audience) -> String {
        debug_assert!(
            valid_prefix(T::PREFIX),
            "callback data prefix {:?} must be 1–40 of letters, digits, _, - and .",
            T::PREFIX
        );
        let mut packer = Packer::with_header(T::PREFIX, T::VERSION);
        value.write_fields(&mut packer);
        let mut inline = packer.finish();
        if let Some(signer) = &self.inner.config.signer {
            let [chat, user] = audience.parts(self.inner.config.binding());
            let signature = signer.sign(&[&chat, &user, inline.as_bytes()]);
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
        cache.insert(key.clone(), inline.clone());
        drop(cache);
        self.inner.generation.fetch_add(1, Ordering::Relaxed);
        if let Some(shared) = self.shared() {
            shared.put(key.clone(), inline);
        }
        format!("{}#{key}", T::PREFIX)
    }

    /// An unguessable cache key: 48 bits from a randomly keyed SipHash of a counter.
    fn fresh_key(&self) -> String {
        let mut hasher = self.inner.keys.build_hasher();
        hasher.write_u64(self.inner.counter.fetch_add(1, Ordering::Relaxed));
        let bits = hasher.finish().to_le_bytes();
        base64url(&bits[..6])
    }

    /// Reads a pressed button's data back as a `T`, checking it against the chat and the user
    /// of the press as far as the codec's [`binding`](Self::binding) goes. This is what the
    /// [`Callback<T>`](crate::extract::Callback) extractor does.
    pub fn unpack_query<T: CallbackData>(
        &self,
        query: &CallbackQuery,
    ) -> Result<T, InvalidCallbackData> {
        let Some(data) = query.data.as_deref() else {
            return Err(InvalidCallbackData::WrongPrefix {
                expected: T::PREFIX,
                data: String::new(),
            });
        };
        self.unpack_for(data, Audience::from(query))
    }

    /// Reads `data` back as a `T`, for a codec that binds nothing; with a binding, data packed
    /// for a chat or a user reads as [`BadSignature`](InvalidCallbackData::BadSignature): use
    /// [`unpack_query`](Self::unpack_query) or [`unpack_for`](Self::unpack_for).
    pub fn unpack<T: CallbackData>(&self, data: &str) -> Result<T, InvalidCallbackData> {
        self.unpack_for(data, Audience::default())
    }

    /// Reads `data` back as a `T`, pressed by the audience's user in its chat.
    pub fn unpack_for<T: CallbackData>(
        &self,
        data: &str,
        audience: impl Into<Audience>,
    ) -> Result<T, InvalidCallbackData> {
        let prefix = T::PREFIX;
        if !has_prefix::<T>(data) {
            return Err(InvalidCallbackData::WrongPrefix {
                expected: prefix,
                data: data.to_string(),
            });
        }
        let rest = &data[prefix.len()..];
        let inline = match rest.strip_prefix('#') {
            Some(key) => {
                let stored = self
                    .lock()
                    .get(key)
                    .ok_or_else(|| InvalidCallbackData::Expired {
                        prefix,
                        key: key.to_string(),
                    })?;
                // The stored value names its own type: `vote#KEY` sent back as `kick#KEY` is
                // not a `kick`.
                if !stored
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with(':'))
                {
                    return Err(InvalidCallbackData::WrongPrefix {
                        expected: prefix,
                        data: data.to_string(),
                    });
                }
                stored
            }
            None => data.to_string(),
        };
        let header = prefix.len() + 1;
        let mut body = &inline[header..];
        if let Some(signer) = &self.inner.config.signer {
            let [chat, user] = audience.into().parts(self.inner.config.binding());
            let signed_len = inline
                .len()
                .checked_sub(signer.written_len() + 1)
                .filter(|n| *n >= header && inline.is_char_boundary(*n));
            let valid = signed_len.is_some_and(|n| {
                inline[n..].starts_with(':')
                    && signer.verify(&[&chat, &user, &inline.as_bytes()[..n]], &inline[n + 1..])
            });
            let Some(n) = signed_len.filter(|_| valid) else {
                return Err(InvalidCallbackData::BadSignature { prefix });
            };
            body = &inline[header..n];
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
        if let Some(shared) = self.shared() {
            shared.remove(key.to_string());
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

    /// Shares long values with other instances entry by entry (a cluster's Redis).
    #[cfg(feature = "cluster")]
    pub(crate) fn share_cache(&self, shared: Option<Arc<dyn super::shared::SharedCallbackCache>>) {
        *self.inner.shared.write_unpoisoned() = shared;
    }

    fn shared(&self) -> Option<Arc<dyn super::shared::SharedCallbackCache>> {
        self.inner.shared.read_unpoisoned().clone()
    }

    /// Whether long values are shared with other instances (the whole cache is then never
    /// written to the persistence backend: each entry is stored on its own).
    pub(crate) fn is_shared(&self) -> bool {
        self.shared().is_some()
    }

    /// Fetches the long value behind `data` from the shared cache when this instance does not
    /// hold it (it was packed on another); a no-op without a shared cache.
    pub(crate) async fn fetch_shared(&self, data: &str) {
        let Some((_, key)) = data.split_once('#') else {
            return;
        };
        let Some(shared) = self.shared() else {
            return;
        };
        if self.lock().contains(key) {
            return;
        }
        if let Some(found) = shared.get(key).await {
            self.lock().insert(key.to_string(), found);
        }
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
    /// returns how many entries it held. A cache written under another signing key or other
    /// signature settings (signing on or off, signature length, binding), in another format
    /// (signed data of a telebot with 48-bit signatures included), or malformed is refused as
    /// a whole and nothing is restored: its buttons then read as expired, never as forged or
    /// as other data.
    pub fn import(&self, stored: &serde_json::Value) -> Result<usize, CacheImportError> {
        let entries = stored::decode(stored, self.signer().as_deref())?;
        if let Some((_, data)) = entries
            .iter()
            .find(|(_, data)| !stored_prefix_is_valid(data))
        {
            return Err(CacheImportError::Malformed {
                reason: format!("an entry does not start with a type's prefix: {data:?}"),
            });
        }
        let count = entries.len();
        let mut cache = self.lock();
        for (key, data) in entries {
            cache.insert(key, data);
        }
        Ok(count)
    }

    /// The fingerprint of the signing key and settings the stored cache is stamped with.
    fn signer(&self) -> Option<String> {
        let config = &self.inner.config;
        stored::fingerprint(config.signer.as_ref(), config.binding())
    }
}

/// What `#[derive(CallbackData)]` checks at compile time, checked again when packing.
fn valid_prefix(prefix: &str) -> bool {
    (1..=40).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// Whether a cached value starts with a prefix and `:`, as every packed value does.
fn stored_prefix_is_valid(data: &str) -> bool {
    data.split_once(':')
        .is_some_and(|(prefix, _)| valid_prefix(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::callback_data::signature::tests::bytes_compared;

    #[derive(Debug, PartialEq)]
    struct Text(String);

    impl CallbackData for Text {
        const PREFIX: &'static str = "t";
        fn write_fields(&self, out: &mut Packer) {
            out.field(&self.0);
        }
        fn read_fields(fields: &mut Unpacker<'_>) -> Result<Self, FieldError> {
            Ok(Text(fields.field()?))
        }
    }

    const HERE: Audience = Audience::new(Some(1), Some(2));

    fn signed() -> CallbackDataCodec {
        CallbackDataCodec::new().signed([9u8; 32]).unwrap()
    }

    /// The codec's check of a press goes through the constant-time comparison, in every byte
    /// of the tag: replacing it by `==` on the written signatures would compare none.
    #[test]
    fn unpacking_compares_the_whole_signature_in_constant_time() {
        let codec = signed();
        let data = codec.pack_for(&Text("x".into()), HERE);
        let (body, tag) = data.rsplit_once(':').unwrap();
        let flipped = if tag.starts_with('A') { 'B' } else { 'A' };
        let forged = format!("{body}:{flipped}{}", &tag[1..]);
        let (result, compared) = bytes_compared(|| codec.unpack_for::<Text>(&forged, HERE));
        assert_eq!(
            result,
            Err(InvalidCallbackData::BadSignature { prefix: "t" })
        );
        assert_eq!(compared, 16);
        let (result, compared) = bytes_compared(|| codec.unpack_for::<Text>(&data, HERE));
        assert_eq!(result, Ok(Text("x".into())));
        assert_eq!(compared, 16);
    }

    /// `t:1:<field>:<tag>`: 27 bytes besides the field at 128 bits, 16 at 64.
    #[test]
    fn a_value_goes_to_the_cache_exactly_when_it_and_its_signature_pass_64_bytes() {
        for (codec, room) in [
            (signed(), 64 - 27),
            (signed().mac_bits(64).unwrap(), 64 - 16),
            (
                CallbackDataCodec::new()
                    .mac_bits(64)
                    .unwrap()
                    .signed([9u8; 32])
                    .unwrap(),
                64 - 16,
            ),
        ] {
            let fits = codec.pack_for(&Text("a".repeat(room)), HERE);
            assert_eq!(fits.len(), 64, "{fits}");
            let cached = codec.pack_for(&Text("a".repeat(room + 1)), HERE);
            assert!(cached.starts_with("t#"), "{cached}");
            assert_eq!(
                codec.unpack_for::<Text>(&cached, HERE),
                Ok(Text("a".repeat(room + 1)))
            );
        }
    }

    #[test]
    fn signature_lengths_outside_64_to_256_whole_bytes_are_refused() {
        for bits in [0, 48, 56, 100, 264] {
            assert_eq!(
                CallbackDataCodec::new().mac_bits(bits).unwrap_err(),
                CodecSetupError::MacBits { bits }
            );
        }
        for bits in [64, 128, 256] {
            assert_eq!(
                CallbackDataCodec::new()
                    .mac_bits(bits)
                    .unwrap()
                    .signature_bits(),
                bits
            );
        }
    }

    #[test]
    #[should_panic(expected = "pack with `pack_for")]
    fn pack_without_an_audience_panics_on_a_binding_codec() {
        signed().pack(&Text("x".into()));
    }

    #[test]
    fn binding_settings_decide_who_may_press() {
        let elsewhere = Audience::new(Some(3), Some(2));
        let someone_else = Audience::new(Some(1), Some(4));
        let value = || Text("v".into());
        let cases = [
            (Binding::ChatAndUser, false, false),
            (Binding::Chat, false, true),
            (Binding::User, true, false),
            (Binding::Anyone, true, true),
        ];
        for (binding, other_chat_ok, other_user_ok) in cases {
            let codec = signed().binding(binding);
            let data = codec.pack_for(&value(), HERE);
            assert_eq!(codec.unpack_for::<Text>(&data, HERE), Ok(value()));
            assert_eq!(
                codec.unpack_for::<Text>(&data, elsewhere).is_ok(),
                other_chat_ok,
                "{binding:?}"
            );
            assert_eq!(
                codec.unpack_for::<Text>(&data, someone_else).is_ok(),
                other_user_ok,
                "{binding:?}"
            );
        }
        // A cache exported under one binding is refused under another.
        let chat = signed().binding(Binding::Chat);
        chat.pack_for(&Text("x".repeat(60)), HERE);
        assert_eq!(
            signed().import(&chat.export()),
            Err(CacheImportError::OtherSigningKey)
        );
        assert_eq!(
            signed().binding(Binding::Chat).import(&chat.export()),
            Ok(1)
        );
    }

    #[test]
    fn imported_entries_must_start_with_a_prefix() {
        let codec = CallbackDataCodec::new();
        let stored = stored::encode(None, vec![("k".into(), "no prefix here".into())]);
        assert!(matches!(
            codec.import(&stored),
            Err(CacheImportError::Malformed { .. })
        ));
    }
}
