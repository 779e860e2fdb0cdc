//! Telegram Passport: decrypting the data a user shares with the bot (feature `passport`).
//!
//! A `passport_data` message carries [`PassportData`](crate::api::PassportData): the elements
//! the user shared (personal details, documents, address, phone, email), each encrypted, and
//! the credentials to decrypt them, encrypted for the bot's public key. [`PassportKey`] holds
//! the bot's private key (the one whose public half was given to @BotFather) and does the
//! decryption the Passport documentation specifies:
//!
//! 1. the credentials' `secret` with RSA-OAEP (SHA-1);
//! 2. the credentials' `data` with AES-256-CBC, key and IV from SHA-512 of the secret and the
//!    data's hash, then the hash checked (SHA-256 of the decrypted bytes) and the padding (its
//!    first byte, 32 to 255) removed: that gives [`Credentials`], with the `nonce` the bot asked
//!    for and a secret and hash for each element's data and files;
//! 3. each element's `data` and each file the same way, with its own secret and hash.
//!
//! ```no_run
//! # async fn run(bot: telebot::Bot, message: telebot::api::Message) -> Result<(), Box<dyn std::error::Error>> {
//! use telebot::passport::{PassportKey, PassportValue};
//! let key = PassportKey::from_pem(&std::fs::read_to_string("private.key")?)?;
//! if let Some(shared) = &message.passport_data {
//!     let passport = key.decrypt(shared)?;
//!     println!("nonce {}", passport.nonce);
//!     for element in &passport.elements {
//!         if let Some(PassportValue::PersonalDetails(details)) = &element.value {
//!             println!("{} {}", details.first_name, details.last_name);
//!         }
//!         for file in element.front_side.iter() {
//!             let bytes = file.download(&bot).await?;
//!             println!("{} bytes of a document photo", bytes.len());
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```

mod credentials;
mod decrypt;
mod error;
mod key;
mod values;

pub use credentials::{Credentials, DataCredentials, FileCredentials, SecureData, SecureValue};
pub use decrypt::{decrypt_data, decrypt_file};
pub use error::PassportError;
pub use key::PassportKey;
pub use values::{
    DecryptedElement, DecryptedPassport, EncryptedFile, IdDocumentData, PassportValue,
    PersonalDetails, ResidentialAddress,
};
