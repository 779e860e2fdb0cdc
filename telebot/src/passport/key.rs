//! The bot's private key, and the decryption of a whole `passport_data`.

use super::PassportError;
use super::credentials::Credentials;
use super::decrypt::{base64, open};
use super::values::{DecryptedPassport, decrypt_element};
use crate::api::{EncryptedCredentials, PassportData};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Oaep, RsaPrivateKey};

/// The bot's Passport private key (RSA), read once at startup.
#[derive(Clone)]
pub struct PassportKey(RsaPrivateKey);

impl std::fmt::Debug for PassportKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PassportKey([private])")
    }
}

impl PassportKey {
    /// Reads a PEM private key: PKCS#1 (`BEGIN RSA PRIVATE KEY`, what `openssl genrsa` writes)
    /// or PKCS#8 (`BEGIN PRIVATE KEY`).
    ///
    /// # Errors
    /// [`PassportError::Key`] for anything else.
    pub fn from_pem(pem: &str) -> Result<PassportKey, PassportError> {
        RsaPrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
            .map(PassportKey)
            .map_err(|e| PassportError::Key(e.to_string()))
    }

    /// The key itself.
    pub fn from_rsa(key: RsaPrivateKey) -> PassportKey {
        PassportKey(key)
    }

    /// Decrypts the credentials of a `passport_data` message.
    ///
    /// # Errors
    /// [`PassportError::WrongKey`] when the secret was not encrypted for this key (or was
    /// changed), `HashMismatch` when the data or its hash was changed.
    pub fn decrypt_credentials(
        &self,
        credentials: &EncryptedCredentials,
    ) -> Result<Credentials, PassportError> {
        let secret = base64("credentials secret", &credentials.secret)?;
        let secret = self
            .0
            .decrypt(Oaep::new::<sha1::Sha1>(), &secret)
            .map_err(|_| PassportError::WrongKey)?;
        let json = open(
            "credentials",
            &base64("credentials data", &credentials.data)?,
            &secret,
            &base64("credentials hash", &credentials.hash)?,
        )?;
        serde_json::from_slice(&json).map_err(|e| PassportError::Json {
            what: "credentials",
            message: e.to_string(),
        })
    }

    /// Decrypts everything a `passport_data` message holds but the files: the credentials,
    /// then each element's data, typed ([`PassportValue`](super::PassportValue)); the files
    /// come with their credentials, to download and decrypt when needed.
    ///
    /// # Errors
    /// As [`decrypt_credentials`](Self::decrypt_credentials), and for an element whose data
    /// does not decrypt with its credentials.
    pub fn decrypt(&self, data: &PassportData) -> Result<DecryptedPassport, PassportError> {
        let credentials = self.decrypt_credentials(&data.credentials)?;
        let elements = data
            .data
            .iter()
            .map(|element| decrypt_element(element, &credentials.secure_data))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DecryptedPassport {
            nonce: credentials.nonce.clone(),
            elements,
            credentials,
        })
    }
}
