//! Why Passport data did not decrypt.

/// Why Passport data did not decrypt. A wrong key, changed data or a changed secret each give
/// their own error; none of them holds key material.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PassportError {
    /// The private key could not be read (not a PEM RSA private key in PKCS#1 or PKCS#8).
    #[error("the Passport private key cannot be read: {0}")]
    Key(String),
    /// The credentials' secret does not decrypt with this key: the data was encrypted for
    /// another key (the public key given to @BotFather is not this key's), or the secret was
    /// changed.
    #[error(
        "the Passport credentials' secret does not decrypt with this private key (another bot's key, or a changed secret)"
    )]
    WrongKey,
    /// A field that should be base64 is not.
    #[error("Passport {what} is not valid base64")]
    Base64 {
        /// Which field.
        what: &'static str,
    },
    /// The decrypted bytes do not have the hash they came with: the data, its secret or its
    /// hash was changed.
    #[error(
        "Passport {what} does not match its hash (the data, its secret or its hash was changed)"
    )]
    HashMismatch {
        /// What was decrypted.
        what: &'static str,
    },
    /// The decrypted bytes are not padded as the Passport scheme pads them, or not a whole
    /// number of AES blocks.
    #[error("Passport {what} is not padded as the Passport scheme pads data")]
    Padding {
        /// What was decrypted.
        what: &'static str,
    },
    /// The decrypted JSON is not what the Passport documentation describes.
    #[error("Passport {what} decrypted to JSON that does not fit: {message}")]
    Json {
        /// What was decrypted.
        what: &'static str,
        /// serde's message.
        message: String,
    },
    /// An element has data or files but the credentials hold no secret for it.
    #[error("the Passport credentials hold no secret for the element `{0}`")]
    NoCredentials(String),
}
