//! Signatures that make forged callback data detectable: HMAC-SHA256 truncated to 48 bits,
//! written as 8 characters of URL-safe base64.

use hmac::{Hmac, Mac};
use sha2::Sha256;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The length of a written signature.
pub(crate) const SIGNATURE_LEN: usize = 8;

/// 6 bytes → 8 base64 characters.
pub(crate) fn base64_48(bytes: [u8; 6]) -> String {
    let mut out = String::with_capacity(SIGNATURE_LEN);
    for chunk in bytes.chunks(3) {
        let n = u32::from(chunk[0]) << 16 | u32::from(chunk[1]) << 8 | u32::from(chunk[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
        }
    }
    out
}

/// The signature of `payload` under `key`.
pub(crate) fn sign(key: &[u8], payload: &str) -> String {
    // HMAC takes keys of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(payload.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut first = [0u8; 6];
    first.copy_from_slice(&digest[..6]);
    base64_48(first)
}

/// Whether `signature` is `payload`'s, compared in constant time.
pub(crate) fn verify(key: &[u8], payload: &str, signature: &str) -> bool {
    let expected = sign(key, payload);
    expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_deterministically_and_verifies() {
        let a = sign(b"key", "vote:1:7");
        assert_eq!(a.len(), SIGNATURE_LEN);
        assert_eq!(a, sign(b"key", "vote:1:7"));
        assert_ne!(a, sign(b"other key", "vote:1:7"));
        assert_ne!(a, sign(b"key", "vote:1:8"));
        assert!(verify(b"key", "vote:1:7", &a));
        assert!(!verify(b"key", "vote:1:8", &a));
        assert!(!verify(b"key", "vote:1:7", &a[..7]));
    }

    #[test]
    fn base64_of_known_bytes() {
        assert_eq!(base64_48([0, 0, 0, 255, 255, 255]), "AAAA____");
        assert_eq!(base64_48(*b"foobar"), "Zm9vYmFy");
    }
}
