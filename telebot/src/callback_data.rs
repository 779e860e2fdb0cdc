//! Typed callback data: values of your own types in inline buttons, packed into Telegram's
//! 64-byte `callback_data`, versioned, optionally signed, and kept in a cache when they do not fit.
//!
//! A type implements [`CallbackData`] (usually with `#[derive(CallbackData)]`): a prefix naming
//! it, a version, and how its fields are written. The application's [`CallbackDataCodec`] packs
//! a value into `prefix:version:field:…` (plus a signature when a key is set), or, when that
//! would pass 64 bytes, stores the long form in an LRU cache and sends `prefix#key` instead.
//! Handlers take the value back with the [`Callback<T>`](crate::extract::Callback) extractor;
//! data that is stale (an evicted key), of another version, forged (bad signature) or malformed
//! never reaches the function: the query is answered politely, or handed to the application's
//! invalid-callback-data handler.
//!
//! A signed codec ([`CallbackDataCodec::signed`], a key of at least [`MIN_KEY_LEN`] bytes)
//! adds an HMAC-SHA256 signature of 128 bits to each button (23 of its 64 bytes; fewer only by
//! choice, [`CallbackDataCodec::mac_bits`]) and binds the button to the chat and the user it is
//! packed for ([`CallbackDataCodec::pack_for`], [`Binding`]): a button replayed in another
//! chat, or pressed by another user, reads as forged. Signatures are compared in constant time.
//! A cached value is read only as the type it was packed as.
//!
//! With a persistence backend that keeps callback data
//! ([`PersistenceInput::callback_data`](crate::persistence::PersistenceInput), on by default),
//! the cache survives restarts as PTB's does: it is loaded at `initialize` and written when it
//! changed, on the backend's interval, at `stop`, and after every handler in write-through
//! mode. The stored cache is stamped with a fingerprint of the signing key and its settings
//! (never the key) and its format; one written under another key or settings, with signing
//! switched on or off, with the 48-bit signatures of an older telebot, or by a newer telebot is
//! refused whole ([`CacheImportError`], logged and shown in the startup report), so
//! its buttons read as expired instead of forged. Instances sharing one Redis each write their
//! own whole cache: the last writer wins, and the others' long buttons expire.
//!
//! ```
//! use telebot::callback_data::{CallbackData, CallbackDataCodec, FieldError, Packer, Unpacker};
//!
//! #[derive(Debug, PartialEq)]
//! struct Vote { poll: u32, choice: String }
//!
//! impl CallbackData for Vote {
//!     const PREFIX: &'static str = "vote";
//!     fn write_fields(&self, out: &mut Packer) {
//!         out.field(&self.poll);
//!         out.field(&self.choice);
//!     }
//!     fn read_fields(fields: &mut Unpacker<'_>) -> Result<Self, FieldError> {
//!         Ok(Vote { poll: fields.field()?, choice: fields.field()? })
//!     }
//! }
//!
//! let codec = CallbackDataCodec::new();
//! let data = codec.pack(&Vote { poll: 7, choice: "yes".into() });
//! assert_eq!(data, "vote:1:7:yes");
//! assert_eq!(codec.unpack::<Vote>(&data).unwrap(), Vote { poll: 7, choice: "yes".into() });
//! ```

mod binding;
mod cache;
mod codec;
mod field;
mod persisted;
mod settings;
pub(crate) mod shared;
mod signature;
mod stored;
mod wire;

pub use binding::{Audience, Binding};
pub use codec::{CallbackDataCodec, CodecSetupError, InvalidCallbackData};
pub use field::CallbackField;
pub(crate) use settings::CallbackDataSettings;
pub use signature::{DEFAULT_MAC_BITS, MIN_KEY_LEN};
pub use stored::CacheImportError;
pub use telebot_macros::{CallbackData, CallbackField};
pub use wire::{FieldError, Packer, Unpacker};

/// The most bytes Telegram accepts in a button's `callback_data`.
pub const MAX_CALLBACK_DATA_LEN: usize = 64;

/// A type that travels in inline buttons' `callback_data`.
///
/// Change [`VERSION`](Self::VERSION) when the fields change: buttons sent before then are
/// recognised as stale instead of being read into the wrong fields.
pub trait CallbackData: Sized + Send + Sync + 'static {
    /// Names the type in the data; unique among the bot's callback types. Letters, digits, `_`,
    /// `-` and `.` only.
    const PREFIX: &'static str;
    /// The layout's version.
    const VERSION: u32 = 1;

    /// Writes the fields, in order.
    fn write_fields(&self, out: &mut Packer);

    /// Reads the fields in the order [`write_fields`](Self::write_fields) wrote them.
    fn read_fields(fields: &mut Unpacker<'_>) -> Result<Self, FieldError>;
}

/// Whether `data` was packed for `T` (its prefix), whatever its version or state.
pub fn has_prefix<T: CallbackData>(data: &str) -> bool {
    data.strip_prefix(T::PREFIX)
        .is_some_and(|rest| rest.starts_with(':') || rest.starts_with('#'))
}
