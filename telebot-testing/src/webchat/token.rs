//! The random token in the page's address: without it the server answers nothing but the
//! static assets, so other users of the machine cannot drive the sandbox.

use subtle::ConstantTimeEq;

/// A token of 32 random bytes, written as 64 hex digits.
#[derive(Clone)]
pub(crate) struct AccessToken(String);

impl AccessToken {
    /// A fresh token from the operating system's random source.
    pub fn generate() -> std::io::Result<AccessToken> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| std::io::Error::other(format!("no random bytes for the token: {e}")))?;
        Ok(AccessToken(
            bytes.iter().map(|b| format!("{b:02x}")).collect(),
        ))
    }

    /// The token as it appears in the address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `given` is the token; the comparison takes the same time wherever the first
    /// difference is.
    pub fn matches(&self, given: &str) -> bool {
        self.0.len() == given.len() && bool::from(self.0.as_bytes().ct_eq(given.as_bytes()))
    }
}

// The token never appears in logs or panics.
impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::AccessToken;

    #[test]
    fn tokens_are_random_hex_and_only_the_same_one_matches() {
        let a = AccessToken::generate().expect("random bytes");
        let b = AccessToken::generate().expect("random bytes");
        assert_eq!(a.as_str().len(), 64);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()));
        assert!(!a.matches(""));
        assert!(!a.matches(&a.as_str()[..63]));
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}
