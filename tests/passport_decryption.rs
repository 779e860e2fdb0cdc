//! Telegram Passport (issue #18): data encrypted the way Telegram encrypts it (RSA-OAEP for the
//! secret, AES-256-CBC with SHA-512-derived key and IV, SHA-256 hashes, random padding of 32 to
//! 255 bytes whose first byte is its length) decrypts to the typed values and files; a wrong
//! key, a changed secret, changed data and a changed hash are each refused with their error.

#![cfg(feature = "passport")]

#[path = "support/passport_seal.rs"]
mod passport_seal;

use base64::Engine;
use passport_seal::{b64, seal};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use serde_json::json;
use telebot::api::PassportData;
use telebot::passport::{PassportError, PassportKey, PassportValue, decrypt_file};

const KEY: &str = include_str!("fixtures/passport_test_key.pem");

struct Shared {
    data: PassportData,
    front_side: Vec<u8>,
    photo: Vec<u8>,
}

/// A `passport_data` with personal details, a passport (data and front side) and an email,
/// encrypted for `public`.
fn shared_with(public: &RsaPublicKey) -> Shared {
    let details = json!({"first_name": "Ann", "last_name": "Lee", "birth_date": "01.02.1990",
        "gender": "female", "country_code": "GB", "residence_country_code": "GB"});
    let (details_data, details_hash) = seal(
        details.to_string().as_bytes(),
        b"details-secret-32-bytes-long....",
        40,
    );
    let document = json!({"document_no": "X123", "expiry_date": "01.01.2030"});
    let (document_data, document_hash) =
        seal(document.to_string().as_bytes(), b"document-secret", 32);
    let photo = b"\xff\xd8\xff\xe0 a jpeg of a passport".to_vec();
    let (front_side, front_hash) = seal(&photo, b"front-secret", 100);
    let credentials = json!({
        "secure_data": {
            "personal_details": {"data": {"data_hash": b64(&details_hash), "secret": b64(b"details-secret-32-bytes-long....")}},
            "passport": {
                "data": {"data_hash": b64(&document_hash), "secret": b64(b"document-secret")},
                "front_side": {"file_hash": b64(&front_hash), "secret": b64(b"front-secret")}
            }
        },
        "nonce": "nonce-42"
    });
    let credentials_secret = [9u8; 32];
    let (credentials_data, credentials_hash) =
        seal(credentials.to_string().as_bytes(), &credentials_secret, 64);
    let encrypted_secret = public
        .encrypt(
            &mut rand_core::OsRng,
            Oaep::new::<sha1::Sha1>(),
            &credentials_secret,
        )
        .unwrap();
    let data = serde_json::from_value(json!({
        "data": [
            {"type": "personal_details", "data": b64(&details_data), "hash": "h1"},
            {"type": "passport", "data": b64(&document_data), "hash": "h2",
             "front_side": {"file_id": "front", "file_unique_id": "f", "file_size": 10, "file_date": 1}},
            {"type": "email", "email": "ann@example.com", "hash": "h3"}
        ],
        "credentials": {"data": b64(&credentials_data), "hash": b64(&credentials_hash),
                        "secret": b64(&encrypted_secret)}
    }))
    .unwrap();
    Shared {
        data,
        front_side,
        photo,
    }
}

fn key() -> (PassportKey, RsaPublicKey) {
    let private = RsaPrivateKey::from_pkcs1_pem(KEY).unwrap();
    let public = RsaPublicKey::from(&private);
    (PassportKey::from_pem(KEY).unwrap(), public)
}

#[test]
fn data_encrypted_for_the_bot_decrypts_to_typed_values_and_files() {
    let (key, public) = key();
    let shared = shared_with(&public);
    let passport = key.decrypt(&shared.data).unwrap();
    assert_eq!(passport.nonce, "nonce-42");
    assert_eq!(passport.elements.len(), 3);
    let Some(PassportValue::PersonalDetails(details)) = &passport.elements[0].value else {
        panic!("personal details: {:?}", passport.elements[0]);
    };
    assert_eq!(
        (details.first_name.as_str(), details.last_name.as_str()),
        ("Ann", "Lee")
    );
    assert_eq!(details.birth_date, "01.02.1990");
    let Some(PassportValue::IdDocument(document)) = &passport.elements[1].value else {
        panic!("document: {:?}", passport.elements[1]);
    };
    assert_eq!(document.document_no, "X123");
    let front = passport.elements[1]
        .front_side
        .as_ref()
        .expect("front side");
    assert_eq!(front.file.file_id, "front");
    assert_eq!(front.decrypt(&shared.front_side).unwrap(), shared.photo);
    assert_eq!(
        passport.elements[2].value,
        Some(PassportValue::Email("ann@example.com".into()))
    );
}

#[test]
fn a_wrong_key_a_changed_secret_changed_data_and_a_changed_hash_are_refused() {
    let (key, public) = key();
    let shared = shared_with(&public);

    // Encrypted for another key: the secret does not decrypt with ours.
    let mut elsewhere = shared.data.clone();
    let foreign =
        RsaPrivateKey::from_pkcs1_pem(include_str!("fixtures/passport_other_key.pem")).unwrap();
    elsewhere.credentials.secret = b64(&RsaPublicKey::from(&foreign)
        .encrypt(&mut rand_core::OsRng, Oaep::new::<sha1::Sha1>(), &[9u8; 32])
        .unwrap());
    assert_eq!(
        key.decrypt(&elsewhere).unwrap_err(),
        PassportError::WrongKey
    );

    // A secret of ours, but another one: the data's hash does not come out.
    let mut changed_secret = shared.data.clone();
    changed_secret.credentials.secret = b64(&public
        .encrypt(&mut rand_core::OsRng, Oaep::new::<sha1::Sha1>(), &[8u8; 32])
        .unwrap());
    assert!(matches!(
        key.decrypt(&changed_secret).unwrap_err(),
        PassportError::HashMismatch {
            what: "credentials"
        } | PassportError::Padding { .. }
    ));

    // A flipped byte in an element's data.
    let mut changed_data = shared.data.clone();
    let mut bytes = base64::engine::general_purpose::STANDARD
        .decode(changed_data.data[0].data.as_ref().unwrap())
        .unwrap();
    bytes[20] ^= 1;
    changed_data.data[0].data = Some(b64(&bytes));
    assert_eq!(
        key.decrypt(&changed_data).unwrap_err(),
        PassportError::HashMismatch {
            what: "element data"
        }
    );

    // The credentials' hash changed.
    let mut changed_hash = shared.data.clone();
    changed_hash.credentials.hash = b64(&[0u8; 32]);
    assert!(matches!(
        key.decrypt(&changed_hash).unwrap_err(),
        PassportError::HashMismatch { .. } | PassportError::Padding { .. }
    ));

    // A file changed after download.
    let passport = key.decrypt(&shared.data).unwrap();
    let front = passport.elements[1].front_side.clone().unwrap();
    let mut tampered = shared.front_side.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x80;
    assert_eq!(
        decrypt_file(&tampered, &front.credentials).unwrap_err(),
        PassportError::HashMismatch { what: "file" }
    );
    assert!(matches!(
        PassportKey::from_pem(
            "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----"
        ),
        Err(PassportError::Key(_))
    ));
}
