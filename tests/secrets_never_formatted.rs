//! No secret in any `Debug` or `Display` (issue 24): every public configuration type is
//! formatted with a known secret in it, and so is every error the secret could reach, and
//! none holds any piece of it.

use std::net::SocketAddr;
use telebot::updates::webhook::WebhookConfig;
use telebot::{Application, Bot};

const TOKEN: &str = "987654321:AAFsecretTOKENpart_0123456789abcdefXY";
const WEBHOOK_SECRET: &str = "webhook-SECRET-value_0123456789";
#[cfg(feature = "redis")]
const REDIS_PASSWORD: &str = "redisPASSWORDsecret42";

/// Every run of 8 characters of `secret`, to find any piece of it in a text.
fn pieces(secret: &str) -> Vec<&str> {
    (0..=secret.len() - 8).map(|i| &secret[i..i + 8]).collect()
}

fn assert_clean(what: &str, text: &str, secret: &str) {
    for piece in pieces(secret) {
        assert!(
            !text.contains(piece),
            "{what} shows {piece:?} of a secret: {text}"
        );
    }
}

fn token_secret() -> &'static str {
    TOKEN.split_once(':').map_or(TOKEN, |(_, s)| s)
}

#[test]
fn the_bot_and_its_builder_show_no_token() {
    let bot = Bot::new(TOKEN);
    assert_clean("Bot", &format!("{bot:?}"), token_secret());
    let builder = Bot::builder().token(TOKEN).api_url("http://127.0.0.1:9");
    let shown = format!("{builder:?}");
    assert_clean("BotBuilder", &shown, token_secret());
    assert!(
        shown.contains("[redacted]"),
        "the builder says a token is set: {shown}"
    );
}

#[test]
fn an_application_shows_no_token() {
    let app = Application::builder()
        .bot(
            telebot::Bot::builder()
                .token(TOKEN)
                .api_url("http://127.0.0.1:9"),
        )
        .build()
        .expect("an application builds without reaching Telegram");
    assert_clean("Application", &format!("{app:?}"), token_secret());
    assert_clean(
        "Bot of the application",
        &format!("{:?}", app.bot()),
        token_secret(),
    );
}

#[test]
fn a_webhook_configuration_shows_no_secret() {
    let listen: SocketAddr = "127.0.0.1:8443".parse().unwrap();
    let mut config = WebhookConfig::new(listen, "/telegram");
    config.secret_token = Some(WEBHOOK_SECRET.to_string());
    let shown = format!("{config:?}");
    assert_clean("WebhookConfig", &shown, WEBHOOK_SECRET);
    assert!(
        shown.contains("[redacted]"),
        "the configuration says a secret is set: {shown}"
    );
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn a_redis_password_is_in_no_error_nor_debug() {
    use telebot::persistence::RedisPersistence;
    // Nothing listens on port 9: the open fails, and its error names the server only.
    let url = format!("redis://bot:{REDIS_PASSWORD}@127.0.0.1:9/0");
    let error = RedisPersistence::open(&url, "secrets")
        .await
        .expect_err("no Redis listens on port 9");
    assert_clean("RedisPersistence error", &error.to_string(), REDIS_PASSWORD);
    assert_clean(
        "RedisPersistence error",
        &format!("{error:?}"),
        REDIS_PASSWORD,
    );
}

#[test]
fn a_callback_data_codec_shows_no_signing_key() {
    use telebot::callback_data::CallbackDataCodec;
    const KEY: &str = "callback-SIGNING-key_0123456789abcdef";
    let codec = CallbackDataCodec::new()
        .signed(KEY.as_bytes().to_vec())
        .expect("a key of 37 bytes is long enough");
    assert_clean("CallbackDataCodec", &format!("{codec:?}"), KEY);
    let app = Application::builder()
        .bot(
            telebot::Bot::builder()
                .token(TOKEN)
                .api_url("http://127.0.0.1:9"),
        )
        .callback_data(codec)
        .build()
        .expect("an application builds without reaching Telegram");
    assert_clean("Application with a codec", &format!("{app:?}"), KEY);
    assert_clean("its codec", &format!("{:?}", app.callback_data()), KEY);
    // A key too short is refused with an error that does not repeat it.
    let short = "short-SECRET-key";
    let error = CallbackDataCodec::new()
        .signed(short.as_bytes().to_vec())
        .expect_err("16 bytes are too few");
    assert_clean("the short-key error", &format!("{error} {error:?}"), short);
}
