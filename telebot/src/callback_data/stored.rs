//! The callback-data cache as persistence stores it: its entries, stamped with the format and
//! with a fingerprint of the signing key, so that a cache written under another key (or by a
//! future telebot) is refused as a whole instead of answering buttons with the wrong data.

use super::signature;
use serde_json::{Value, json};

/// The layout of the stored cache this telebot writes and reads.
pub(crate) const FORMAT: u64 = 1;

/// What the fingerprint signs: the key itself never leaves the process.
const FINGERPRINT_PAYLOAD: &str = "telebot callback-data cache";

/// Why a stored callback-data cache was not loaded. The buttons that pointed into it are
/// answered as expired ([`InvalidCallbackData::Expired`](super::InvalidCallbackData::Expired)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheImportError {
    /// The cache was written with another signing key, or with signing switched the other
    /// way; its entries carry signatures this bot would call forged.
    #[error(
        "the stored callback-data cache was written with another signing key (or with signing switched on or off)"
    )]
    OtherSigningKey,
    /// The cache was written in a layout this telebot does not read (a newer one).
    #[error(
        "the stored callback-data cache has format {found}; this telebot reads format {expected}"
    )]
    UnknownFormat {
        /// The format found.
        found: String,
        /// The format read.
        expected: u64,
    },
    /// The stored value is not a cache at all.
    #[error("the stored callback-data cache is malformed: {reason}")]
    Malformed {
        /// What is wrong.
        reason: String,
    },
}

/// A fingerprint of the signing key (`None` for unsigned data): 48 bits of an HMAC of a
/// fixed text, which tells keys apart without revealing them.
pub(crate) fn fingerprint(key: Option<&[u8]>) -> Option<String> {
    key.map(|key| signature::sign(key, FINGERPRINT_PAYLOAD))
}

/// The stored form of `entries` (least recently used first).
pub(crate) fn encode(signer: Option<String>, entries: Vec<(String, String)>) -> Value {
    json!({
        "format": FORMAT,
        "signer": signer,
        "entries": entries
            .into_iter()
            .map(|(key, data)| json!([key, data]))
            .collect::<Vec<_>>(),
    })
}

/// The entries of a stored cache, when it was written in this format under `signer`.
pub(crate) fn decode(
    stored: &Value,
    signer: Option<&str>,
) -> Result<Vec<(String, String)>, CacheImportError> {
    let malformed = |reason: &str| CacheImportError::Malformed {
        reason: reason.to_string(),
    };
    let object = stored
        .as_object()
        .ok_or_else(|| malformed("not a JSON object"))?;
    match object.get("format") {
        Some(format) if format.as_u64() == Some(FORMAT) => {}
        Some(other) => {
            return Err(CacheImportError::UnknownFormat {
                found: other.to_string(),
                expected: FORMAT,
            });
        }
        None => return Err(malformed("no `format`")),
    }
    let stored_signer = match object.get("signer") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Null) | None => None,
        Some(_) => return Err(malformed("`signer` is neither a string nor null")),
    };
    if stored_signer != signer {
        return Err(CacheImportError::OtherSigningKey);
    }
    let entries = object
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("no list of `entries`"))?;
    entries
        .iter()
        .map(|entry| match entry.as_array().map(Vec::as_slice) {
            Some([Value::String(key), Value::String(data)]) => Ok((key.clone(), data.clone())),
            _ => Err(CacheImportError::Malformed {
                reason: format!("an entry is not [key, data]: {entry}"),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<(String, String)> {
        vec![("k1".into(), "order:1:2".into())]
    }

    #[test]
    fn round_trips_under_the_same_key_only() {
        let signer = fingerprint(Some(b"one"));
        let stored = encode(signer.clone(), entries());
        assert_eq!(decode(&stored, signer.as_deref()), Ok(entries()));
        let other = fingerprint(Some(b"two"));
        assert_eq!(
            decode(&stored, other.as_deref()),
            Err(CacheImportError::OtherSigningKey)
        );
        assert_eq!(
            decode(&stored, None),
            Err(CacheImportError::OtherSigningKey)
        );
        let unsigned = encode(None, entries());
        assert_eq!(decode(&unsigned, None), Ok(entries()));
        assert_eq!(
            decode(&unsigned, signer.as_deref()),
            Err(CacheImportError::OtherSigningKey)
        );
        assert!(!stored.to_string().contains("one"));
    }

    #[test]
    fn refuses_other_formats_and_shapes() {
        let mut future = encode(None, entries());
        future["format"] = json!(2);
        assert!(matches!(
            decode(&future, None),
            Err(CacheImportError::UnknownFormat { .. })
        ));
        assert!(matches!(
            decode(&json!([["k", "v"]]), None),
            Err(CacheImportError::Malformed { .. })
        ));
        let mut bad_entry = encode(None, entries());
        bad_entry["entries"] = json!([["k"]]);
        assert!(matches!(
            decode(&bad_entry, None),
            Err(CacheImportError::Malformed { .. })
        ));
    }
}
