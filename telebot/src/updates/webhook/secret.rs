//! The secret token: checked on every request in constant time, made up at startup when the
//! server registers the webhook itself without one.

use crate::Error;
use sha2::{Digest, Sha256};

/// The header Telegram sends the secret in.
pub(crate) const HEADER: &str = "x-telegram-bot-api-secret-token";

/// A secret as the server keeps it: its SHA-256, so that every check compares 32 bytes and
/// takes the same time whatever the length of the guess.
#[derive(Clone)]
pub(crate) struct ExpectedSecret([u8; 32]);

impl ExpectedSecret {
    pub(crate) fn new(secret: &str) -> Self {
        ExpectedSecret(Sha256::digest(secret.as_bytes()).into())
    }

    /// Whether `given` (the header's bytes, empty without the header) is the secret, through
    /// [`crate::constant_time::eq`].
    pub(crate) fn matches(&self, given: &[u8]) -> bool {
        let given: [u8; 32] = Sha256::digest(given).into();
        crate::constant_time::eq(&self.0, &given)
    }
}

/// A random secret for one run: 32 bytes from the operating system, as 64 hex digits (within
/// Telegram's `A-Za-z0-9_-`, at most 256).
pub(super) fn generate() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Setup(format!("cannot make up a webhook secret: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constant_time::probe::bytes_compared;

    #[test]
    fn secrets_compare_exactly() {
        let expected = ExpectedSecret::new("abc");
        assert!(expected.matches(b"abc"));
        assert!(!expected.matches(b"abd"));
        assert!(!expected.matches(b"ab"));
        assert!(!expected.matches(b"abcd"));
        assert!(!expected.matches(b""));
    }

    /// The check goes through the constant-time comparison for every byte of the digest, for a
    /// guess of any length; it fails if `matches` compared with `==` (the count stays 0).
    #[test]
    fn the_secret_check_is_the_constant_time_comparison() {
        let expected = ExpectedSecret::new("s3cret-Token_1");
        for guess in [&b"x"[..], b"s3cret-Token_2", b"", b"s3cret-Token_1"] {
            let (_, compared) = bytes_compared(|| expected.matches(guess));
            assert_eq!(compared, 32, "{guess:?}");
        }
    }

    #[test]
    fn generated_secrets_are_valid_for_telegram_and_differ() {
        let one = generate().unwrap();
        let two = generate().unwrap();
        assert_eq!(one.len(), 64);
        assert!(one.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(one, two);
    }
}
