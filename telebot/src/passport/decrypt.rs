//! The Passport scheme's symmetric part, shared by the credentials, the elements' data and the
//! files: AES-256-CBC with key and IV from SHA-512(secret ‖ hash), the hash checked as
//! SHA-256 of the decrypted bytes, the padding (its first byte) removed.

use super::PassportError;
use super::credentials::{DataCredentials, FileCredentials};
use aes::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};
use base64::Engine;
use sha2::{Digest, Sha256, Sha512};

type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;

/// base64 (standard alphabet, with padding) of `what`.
pub(super) fn base64(what: &'static str, text: &str) -> Result<Vec<u8>, PassportError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| PassportError::Base64 { what })
}

/// Decrypts `encrypted` with `secret` and checks it against `hash`; returns the bytes without
/// the padding.
pub(super) fn open(
    what: &'static str,
    encrypted: &[u8],
    secret: &[u8],
    hash: &[u8],
) -> Result<Vec<u8>, PassportError> {
    if encrypted.is_empty() || !encrypted.len().is_multiple_of(16) {
        return Err(PassportError::Padding { what });
    }
    let secret_hash = Sha512::new()
        .chain_update(secret)
        .chain_update(hash)
        .finalize();
    let (key, iv) = secret_hash.split_at(32);
    let Ok(cipher) = Aes256CbcDec::new_from_slices(key, &iv[..16]) else {
        unreachable!("SHA-512 gives 32 bytes of key and 16 of IV");
    };
    let mut buffer = encrypted.to_vec();
    let Ok(plain) = cipher.decrypt_padded_mut::<NoPadding>(&mut buffer) else {
        return Err(PassportError::Padding { what });
    };
    if Sha256::digest(plain).as_slice() != hash {
        return Err(PassportError::HashMismatch { what });
    }
    let padding = usize::from(plain[0]);
    if !(32..=255).contains(&padding) || padding > plain.len() {
        return Err(PassportError::Padding { what });
    }
    Ok(plain[padding..].to_vec())
}

/// Decrypts an element's `data` (base64, as in `EncryptedPassportElement::data`) with its
/// credentials: JSON of the element's fields.
///
/// # Errors
/// [`PassportError::HashMismatch`] when the data or its credentials were changed.
pub fn decrypt_data(data: &str, credentials: &DataCredentials) -> Result<Vec<u8>, PassportError> {
    open(
        "element data",
        &base64("element data", data)?,
        &base64("data secret", &credentials.secret)?,
        &base64("data hash", &credentials.data_hash)?,
    )
}

/// Decrypts a downloaded Passport file (a document's photo, a selfie, a scan) with its
/// credentials: the image as the user sent it (a JPEG).
///
/// # Errors
/// [`PassportError::HashMismatch`] when the file or its credentials were changed.
pub fn decrypt_file(file: &[u8], credentials: &FileCredentials) -> Result<Vec<u8>, PassportError> {
    open(
        "file",
        file,
        &base64("file secret", &credentials.secret)?,
        &base64("file hash", &credentials.file_hash)?,
    )
}
