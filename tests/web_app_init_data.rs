//! Web App init data (issue #18): the bot's check by hash and a third party's by Ed25519
//! signature accept what Telegram signs and refuse changed data, another bot's data, old data
//! and text that is not init data, without the token in any error.

#![cfg(feature = "web-app")]

use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use telebot::web_app::{
    InitDataError, TelegramKey, validate_init_data, verify_init_data_signature,
};

const TOKEN: &str = "123456:TEST-token-for-web-app";
const DAY: Duration = Duration::from_secs(86_400);
const FOREVER: Duration = Duration::from_secs(u64::MAX / 2);

/// Made by Python's `hmac` and `urllib` from the Web Apps documentation's scheme (an
/// implementation apart from ours): signed for `TOKEN` at 1733000000.
const SIGNED_BY_PYTHON: &str = "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vlad%22%2C%22last_name%22%3A%22Ivanov%22%2C%22username%22%3A%22vladivanov%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%7D&auth_date=1733000000&chat_instance=-8617402957395512107&chat_type=sender&hash=898a774f9e0d82d75f13eed4fa3671845ea2a05fd6ef2c2b85ad1177c6aedf4e";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn check_string(fields: &[(&str, String)]) -> String {
    let mut lines: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    lines.sort();
    lines.join("\n")
}

fn query(fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Init data signed now for `token`, as Telegram makes it.
fn signed_now(token: &str, auth_date: i64) -> String {
    let mut fields = vec![
        ("query_id", "AAQ-1".to_string()),
        (
            "user",
            r#"{"id":42,"first_name":"Ann & Bob","username":"ann"}"#.to_string(),
        ),
        ("auth_date", auth_date.to_string()),
        ("start_param", "ref=7".to_string()),
    ];
    let secret = hmac(b"WebAppData", token.as_bytes());
    let hash: String = hmac(&secret, check_string(&fields).as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    fields.push(("hash", hash));
    query(&fields)
}

#[test]
fn data_signed_by_another_implementation_is_accepted_and_typed() {
    let data = validate_init_data(SIGNED_BY_PYTHON, TOKEN, FOREVER).unwrap();
    let user = data.user.expect("the user");
    assert_eq!(user.id, 279058397);
    assert_eq!(user.first_name, "Vlad");
    assert_eq!(user.username.as_deref(), Some("vladivanov"));
    assert_eq!(user.is_premium, Some(true));
    assert_eq!(data.query_id.as_deref(), Some("AAHdF6IQAAAAAN0XohDhrOrc"));
    assert_eq!(data.chat_type.as_deref(), Some("sender"));
    assert_eq!(data.auth_date, 1733000000);
}

#[test]
fn changed_data_another_token_and_old_data_are_refused() {
    let changed = SIGNED_BY_PYTHON.replace("279058397", "279058398");
    assert_eq!(
        validate_init_data(&changed, TOKEN, FOREVER),
        Err(InitDataError::HashMismatch)
    );
    let error = validate_init_data(SIGNED_BY_PYTHON, "654321:another-token", FOREVER).unwrap_err();
    assert_eq!(error, InitDataError::HashMismatch);
    assert!(!error.to_string().contains("another-token"));
    assert!(matches!(
        validate_init_data(SIGNED_BY_PYTHON, TOKEN, DAY),
        Err(InitDataError::Expired { .. })
    ));
    let added = format!("{SIGNED_BY_PYTHON}&can_send_after=5");
    assert_eq!(
        validate_init_data(&added, TOKEN, FOREVER),
        Err(InitDataError::HashMismatch),
        "a field added after signing"
    );
}

#[test]
fn fresh_data_passes_and_its_age_is_checked() {
    let fresh = signed_now(TOKEN, now() - 30);
    let data = validate_init_data(&fresh, TOKEN, Duration::from_secs(3600)).unwrap();
    assert_eq!(data.user.unwrap().first_name, "Ann & Bob");
    assert_eq!(data.start_param.as_deref(), Some("ref=7"));
    let hour_old = signed_now(TOKEN, now() - 3700);
    assert!(matches!(
        validate_init_data(&hour_old, TOKEN, Duration::from_secs(3600)),
        Err(InitDataError::Expired { age, .. }) if age >= Duration::from_secs(3700)
    ));
}

#[test]
fn text_that_is_not_init_data_is_malformed() {
    for text in [
        "",
        "auth_date=1&user=7",
        "hash=00&hash=00&auth_date=1",
        "user=%7Bnot-json&auth_date=1&hash=00",
    ] {
        assert!(
            matches!(
                validate_init_data(text, TOKEN, FOREVER),
                Err(InitDataError::Malformed(_) | InitDataError::HashMismatch)
            ),
            "{text:?}"
        );
    }
    assert!(matches!(
        validate_init_data("auth_date=1", TOKEN, FOREVER),
        Err(InitDataError::Malformed(m)) if m.contains("hash")
    ));
}

/// Signs like Telegram does for third parties: Ed25519 over `"<bot id>:WebAppData\n"` and the
/// data-check string without `hash` and `signature`.
fn third_party_data(key: &SigningKey, bot_id: i64, auth_date: i64) -> String {
    let mut fields = vec![
        ("user", r#"{"id":42,"first_name":"Ann"}"#.to_string()),
        ("auth_date", auth_date.to_string()),
        ("chat_type", "private".to_string()),
    ];
    let message = format!("{bot_id}:WebAppData\n{}", check_string(&fields));
    let signature = key.sign(message.as_bytes());
    fields.push((
        "signature",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature.to_bytes()),
    ));
    fields.push(("hash", "0".repeat(64)));
    query(&fields)
}

#[test]
fn a_third_party_checks_telegram_s_signature_with_the_bot_id_only() {
    let telegram = SigningKey::from_bytes(&[7u8; 32]);
    let key = TelegramKey::Custom(telegram.verifying_key().to_bytes());
    let data = third_party_data(&telegram, 123456, now());
    let checked = verify_init_data_signature(&data, 123456, key, DAY).unwrap();
    assert_eq!(checked.user.unwrap().id, 42);
    assert_eq!(checked.chat_type.as_deref(), Some("private"));

    assert_eq!(
        verify_init_data_signature(&data, 654321, key, DAY),
        Err(InitDataError::SignatureMismatch),
        "another bot's data"
    );
    assert_eq!(
        verify_init_data_signature(&data.replace("private", "group"), 123456, key, DAY),
        Err(InitDataError::SignatureMismatch),
        "changed data"
    );
    assert_eq!(
        verify_init_data_signature(&data, 123456, TelegramKey::Production, DAY),
        Err(InitDataError::SignatureMismatch),
        "not signed by Telegram's production key"
    );
    let old = third_party_data(&telegram, 123456, now() - 2 * 86_400);
    assert!(matches!(
        verify_init_data_signature(&old, 123456, key, DAY),
        Err(InitDataError::Expired { .. })
    ));
}
