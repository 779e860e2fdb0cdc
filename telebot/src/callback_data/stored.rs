//! The callback-data cache as persistence stores it: its entries, stamped with the format and
//! with a fingerprint of the signing key, so that a cache written under another key (or by a
//! future telebot) is refused as a whole instead of answering buttons with the wrong data.

use super::binding::Binding;
use super::signature::Signer;
use serde_json::{Value, json};

/// The layout of the stored cache this telebot writes and reads: 2 since signatures are 128
/// bits (by default) and bind chat and user.
pub(crate) const FORMAT: u64 = 2;

/// The layout of telebot's first stored caches (48-bit signatures). Its unsigned caches are
/// still read (unsigned data did not change); signed ones are refused.
const FORMAT_48_BIT: u64 = 1;

/// What the fingerprint signs: the key itself never leaves the process.
const FINGERPRINT_PAYLOAD: &str = "telebot callback-data cache";

/// Why a stored callback-data cache was not loaded. The buttons that pointed into it are
/// answered as expired ([`InvalidCallbackData::Expired`](super::InvalidCallbackData::Expired)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheImportError {
    /// The cache was written with another signing key, or with other signature settings
    /// (signing switched on or off, another signature length, another binding); its entries
    /// carry signatures this bot would call forged.
    #[error(
        "the stored callback-data cache was written with another signing key (or with signing switched on or off, another signature length or another binding)"
    )]
    OtherSigningKey,
    /// The cache was written by an older telebot whose signatures were 48 bits and bound
    /// neither chat nor user; this telebot does not accept them.
    #[error(
        "the stored callback-data cache has format {found}, with signatures of an older telebot (48 bits, not bound to chat or user) that this telebot refuses; its buttons read as expired"
    )]
    OutdatedSignatures {
        /// The format found.
        found: u64,
    },
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

/// A fingerprint of the signing key and of the settings its signatures depend on (`None` for
/// unsigned data): an HMAC of a fixed text and the settings, which tells keys apart without
/// revealing them.
pub(crate) fn fingerprint(signer: Option<&Signer>, binding: Binding) -> Option<String> {
    signer.map(|signer| {
        let bits = (signer.tag_len() * 8).to_string();
        signer.sign(&[
            FINGERPRINT_PAYLOAD.as_bytes(),
            bits.as_bytes(),
            binding.describe().as_bytes(),
        ])
    })
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
    let stored_signer = match object.get("signer") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Null) | None => None,
        Some(_) => return Err(malformed("`signer` is neither a string nor null")),
    };
    match object.get("format") {
        Some(format) if format.as_u64() == Some(FORMAT) => {}
        Some(format) if format.as_u64() == Some(FORMAT_48_BIT) => {
            if stored_signer.is_some() {
                return Err(CacheImportError::OutdatedSignatures {
                    found: FORMAT_48_BIT,
                });
            }
        }
        Some(other) => {
            return Err(CacheImportError::UnknownFormat {
                found: other.to_string(),
                expected: FORMAT,
            });
        }
        None => return Err(malformed("no `format`")),
    }
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

    fn signer(key: u8, tag_len: usize) -> Signer {
        Signer::new(vec![key; 32], tag_len)
    }

    #[test]
    fn round_trips_under_the_same_key_and_settings_only() {
        let signer = fingerprint(Some(&signer(1, 16)), Binding::ChatAndUser);
        let stored = encode(signer.clone(), entries());
        assert_eq!(decode(&stored, signer.as_deref()), Ok(entries()));
        for other in [
            fingerprint(Some(&super::tests::signer(2, 16)), Binding::ChatAndUser),
            fingerprint(Some(&super::tests::signer(1, 12)), Binding::ChatAndUser),
            fingerprint(Some(&super::tests::signer(1, 16)), Binding::Chat),
            None,
        ] {
            assert_eq!(
                decode(&stored, other.as_deref()),
                Err(CacheImportError::OtherSigningKey)
            );
        }
        let unsigned = encode(None, entries());
        assert_eq!(decode(&unsigned, None), Ok(entries()));
        assert_eq!(
            decode(&unsigned, signer.as_deref()),
            Err(CacheImportError::OtherSigningKey)
        );
        let secret = Signer::new(b"a secret key of thirty-two bytes".to_vec(), 16);
        let stamped = encode(fingerprint(Some(&secret), Binding::ChatAndUser), entries());
        assert!(!stamped.to_string().contains("secret"));
    }

    #[test]
    fn a_cache_of_the_48_bit_format_is_read_unsigned_and_refused_signed() {
        let mut unsigned = encode(None, entries());
        unsigned["format"] = json!(1);
        assert_eq!(decode(&unsigned, None), Ok(entries()));
        let mut signed = encode(Some("AAAAAAAA".into()), entries());
        signed["format"] = json!(1);
        let ours = fingerprint(Some(&signer(1, 16)), Binding::ChatAndUser);
        assert_eq!(
            decode(&signed, ours.as_deref()),
            Err(CacheImportError::OutdatedSignatures { found: 1 })
        );
        assert_eq!(
            decode(&signed, None),
            Err(CacheImportError::OutdatedSignatures { found: 1 })
        );
    }

    #[test]
    fn refuses_other_formats_and_shapes() {
        let mut future = encode(None, entries());
        future["format"] = json!(3);
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
