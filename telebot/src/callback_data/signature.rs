//! Signatures that make forged callback data detectable: HMAC-SHA256, cut to the codec's tag
//! length (128 bits unless chosen otherwise), written in URL-safe base64 without padding, and
//! compared in constant time.

use hmac::{Hmac, Mac};
use sha2::Sha256;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The shortest signing key accepted, in bytes: as long as SHA-256's output, so that the key is
/// never the weaker part of the MAC.
pub const MIN_KEY_LEN: usize = 32;

/// The tag length, in bits, unless [`mac_bits`](super::CallbackDataCodec::mac_bits) chooses
/// another.
pub const DEFAULT_MAC_BITS: usize = 128;

/// The range of tag lengths [`mac_bits`](super::CallbackDataCodec::mac_bits) accepts, in bits
/// (whole bytes only).
pub(crate) const MAC_BITS: std::ops::RangeInclusive<usize> = 64..=256;

/// How many base64 characters `bytes` bytes take, without padding.
pub(crate) const fn base64_len(bytes: usize) -> usize {
    (bytes * 8).div_ceil(6)
}

/// `bytes` in URL-safe base64 without padding.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(base64_len(bytes.len()));
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, b) in chunk.iter().enumerate() {
            n |= u32::from(*b) << (16 - 8 * i);
        }
        for shift in [18, 12, 6, 0].into_iter().take(chunk.len() + 1) {
            out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
        }
    }
    out
}

/// The bytes of URL-safe base64 text without padding; `None` for a character outside the
/// alphabet or a length no byte string encodes to.
pub(crate) fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|a| a == c)? as u32;
            n |= value << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// A signing key with the tag length it writes.
#[derive(Clone)]
pub(crate) struct Signer {
    key: Vec<u8>,
    /// Bytes of the HMAC kept.
    tag_len: usize,
}

impl Signer {
    /// `key` must hold at least [`MIN_KEY_LEN`] bytes and `tag_len` be a length in
    /// [`MAC_BITS`] (the codec checks both).
    pub(crate) fn new(key: Vec<u8>, tag_len: usize) -> Signer {
        Signer { key, tag_len }
    }

    pub(crate) fn with_tag_len(&self, tag_len: usize) -> Signer {
        Signer {
            key: self.key.clone(),
            tag_len,
        }
    }

    pub(crate) fn tag_len(&self) -> usize {
        self.tag_len
    }

    /// The written length of a tag.
    pub(crate) fn written_len(&self) -> usize {
        base64_len(self.tag_len)
    }

    /// The tag of the message made of `parts`, each length-prefixed so that no two lists of
    /// parts give the same message.
    fn tag(&self, parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = match Hmac::<Sha256>::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length"),
        };
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        let mut digest = mac.finalize().into_bytes().to_vec();
        digest.truncate(self.tag_len);
        digest
    }

    /// The written signature of `parts`.
    pub(crate) fn sign(&self, parts: &[&[u8]]) -> String {
        base64url(&self.tag(parts))
    }

    /// Whether `written` is the signature of `parts`: it must have the full length and match
    /// in every byte, compared in constant time.
    pub(crate) fn verify(&self, parts: &[&[u8]], written: &str) -> bool {
        if written.len() != self.written_len() {
            return false;
        }
        let Some(given) = base64url_decode(written) else {
            return false;
        };
        // A written form whose spare low bits are set decodes to the same bytes: accept only
        // the one canonical form, so that a signature has exactly one spelling.
        if base64url(&given) != written {
            return false;
        }
        tags_match(&self.tag(parts), &given)
    }
}

/// Whether two tags are equal, looking at every byte whatever the first difference
/// ([`crate::constant_time::eq`]): the time taken says nothing about how much of a forged tag
/// was right. Lengths are public (the codec checks them first) and compared in the open.
pub(crate) fn tags_match(expected: &[u8], given: &[u8]) -> bool {
    crate::constant_time::eq(expected, given)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    pub(crate) use crate::constant_time::probe::bytes_compared;

    fn signer(key: &[u8; 32]) -> Signer {
        Signer::new(key.to_vec(), 16)
    }

    #[test]
    fn signs_deterministically_and_verifies_the_full_tag_only() {
        let one = signer(&[1; 32]);
        let a = one.sign(&[b"vote:1:7"]);
        assert_eq!(a.len(), 22);
        assert_eq!(a, one.sign(&[b"vote:1:7"]));
        assert_ne!(a, signer(&[2; 32]).sign(&[b"vote:1:7"]));
        assert_ne!(a, one.sign(&[b"vote:1:8"]));
        assert_ne!(a, one.sign(&[b"vote:1:", b"7"]), "parts are delimited");
        assert!(one.verify(&[b"vote:1:7"], &a));
        assert!(!one.verify(&[b"vote:1:8"], &a));
        assert!(
            !one.verify(&[b"vote:1:7"], &a[..21]),
            "a cut tag is refused"
        );
        assert!(
            !one.verify(&[b"vote:1:7"], &a[..8]),
            "a 48-bit tag is refused"
        );
        let longer = format!("{a}A");
        assert!(!one.verify(&[b"vote:1:7"], &longer));
    }

    #[test]
    fn base64_round_trips_every_length() {
        assert_eq!(base64url(&[0, 0, 0, 255, 255, 255]), "AAAA____");
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url(&bytes);
            assert_eq!(text.len(), base64_len(len));
            assert_eq!(base64url_decode(&text), Some(bytes));
        }
        assert_eq!(base64url_decode("A"), None);
        assert_eq!(base64url_decode("AA=A"), None);
    }

    #[test]
    fn a_tag_has_one_spelling() {
        let one = signer(&[1; 32]);
        let tag = one.sign(&[b"x"]);
        // 16 bytes leave 4 spare bits in the last character: setting them must not verify.
        let last = tag.as_bytes()[21];
        let index = ALPHABET.iter().position(|c| *c == last).unwrap();
        let twin = ALPHABET[index | 1] as char;
        if twin as u8 != last {
            let spelled = format!("{}{twin}", &tag[..21]);
            assert_eq!(base64url_decode(&spelled), base64url_decode(&tag));
            assert!(!one.verify(&[b"x"], &spelled));
        }
    }

    /// Fails if the comparison were `==` on the tags, or any comparison that stops at the
    /// first difference: a tag wrong in its first byte must still have all its bytes compared.
    #[test]
    fn tags_are_compared_in_every_byte_whatever_the_first_difference() {
        let expected = [7u8; 16];
        let mut wrong_first = expected;
        wrong_first[0] ^= 1;
        let (same, compared) = bytes_compared(|| tags_match(&expected, &wrong_first));
        assert!(!same);
        assert_eq!(compared, 16);
        let (same, compared) = bytes_compared(|| tags_match(&expected, &expected));
        assert!(same);
        assert_eq!(compared, 16);
        let mut wrong_last = expected;
        wrong_last[15] ^= 0x80;
        assert!(!tags_match(&expected, &wrong_last));
        assert!(!tags_match(&expected, &expected[..15]));
    }

    /// The signer's own check goes through `tags_match`: a forged tag of the right length,
    /// wrong from its first byte, is compared in all 16 bytes.
    #[test]
    fn verification_uses_the_constant_time_comparison() {
        let one = signer(&[1; 32]);
        let genuine = one.sign(&[b"payload"]);
        let mut bytes = base64url_decode(&genuine).unwrap();
        bytes[0] ^= 0xff;
        let forged = base64url(&bytes);
        let (valid, compared) = bytes_compared(|| one.verify(&[b"payload"], &forged));
        assert!(!valid);
        assert_eq!(compared, 16);
    }
}
