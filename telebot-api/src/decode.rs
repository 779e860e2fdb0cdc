//! Decoding Bot API objects: the one JSON reader every decode goes through, and the pieces the
//! generated decoders are built from (object fields, borrowed keys, unions without serde's
//! buffering, the unknown fields every object keeps, `MaybeInaccessibleMessage`).

mod key;
mod maybe_inaccessible;
mod object_field;
pub(crate) mod union;
mod unknown_fields;

pub(crate) use key::Key;
pub(crate) use object_field::{fill_once, required};
pub use unknown_fields::UnknownFields;
pub(crate) use unknown_fields::keep_unknown;

use crate::Update;
use serde::Deserialize;

/// Decodes JSON, validating UTF-8 once for the whole body rather than string by string.
///
/// Every decode of Bot API objects (responses, polled and webhook updates, the fake server's
/// messages) goes through here with the same reader (`serde_json::from_str`): each
/// `Deserialize` impl is compiled once per reader type it is used with, and the generated API
/// is a large share of the crate's build time. A body that is not UTF-8 is not JSON
/// (RFC 8259, section 8.1) and is rejected.
pub fn decode_json<'de, T: Deserialize<'de>>(body: &'de [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(error) => Err(serde::de::Error::custom(format_args!(
            "the body is not UTF-8 text ({error})"
        ))),
    }
}

/// Decodes one update: [`decode_json`] for [`Update`], for every intake (polling, the webhook,
/// a cluster's log).
///
/// Not generic, so that the decoders of the update's objects are compiled once, in this crate,
/// and not again in each crate that reads updates (in a release build a generic function is
/// compiled anew in each crate that uses it).
pub fn decode_update(body: &[u8]) -> serde_json::Result<Update> {
    decode_json(body)
}
