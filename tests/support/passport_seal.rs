//! Encrypting Telegram Passport data as Telegram does, for the tests that decrypt it: random
//! padding of 32 to 255 bytes whose first byte is its length, AES-256-CBC with key and IV from
//! SHA-512(secret ‖ hash), the hash being SHA-256 of the padded data.

#![allow(dead_code)]

use aes::cipher::{BlockEncryptMut, KeyIvInit, block_padding::NoPadding};
use base64::Engine;
use sha2::{Digest, Sha256, Sha512};

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Pads `plain` (`pad` bytes, the first holding the count), encrypts it with a key and IV from
/// SHA-512(secret ‖ hash) and returns (encrypted, hash).
pub fn seal(plain: &[u8], secret: &[u8], pad: u8) -> (Vec<u8>, Vec<u8>) {
    let mut pad = usize::from(pad);
    while !(pad + plain.len()).is_multiple_of(16) {
        pad += 1;
    }
    assert!((32..=255).contains(&pad));
    let mut padded = vec![0u8; pad];
    padded[0] = pad as u8;
    for (i, byte) in padded.iter_mut().enumerate().skip(1) {
        *byte = (i * 7) as u8;
    }
    padded.extend_from_slice(plain);
    let hash = Sha256::digest(&padded).to_vec();
    let secret_hash = Sha512::new()
        .chain_update(secret)
        .chain_update(&hash)
        .finalize();
    let encryptor =
        cbc::Encryptor::<aes::Aes256>::new_from_slices(&secret_hash[..32], &secret_hash[32..48])
            .unwrap();
    let len = padded.len();
    let encrypted = encryptor
        .encrypt_padded_mut::<NoPadding>(&mut padded, len)
        .unwrap()
        .to_vec();
    (encrypted, hash)
}
