//! The webhook server terminating TLS itself (issue #17): with a self-signed certificate
//! uploaded by `setWebhook`, the fake Telegram (which, like Telegram, then trusts exactly that
//! certificate) delivers updates over HTTPS and the bot answers them; served without the
//! upload, the same certificate is not trusted and nothing is delivered.

#[path = "support/temp_dir.rs"]
mod temp_dir;
#[path = "support/webhook.rs"]
mod webhook;

use std::path::{Path, PathBuf};
use telebot::Application;
use telebot::testing::FakeTelegram;
use temp_dir::TempDir;
use webhook::{gated, serve};

/// A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir`.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let certificate = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&certificate, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (certificate, key)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_signed_certificate_is_uploaded_and_updates_arrive_over_tls() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let _gated = gated(&app);
    let dir = TempDir::new("tls-uploaded");
    let (certificate, key) = self_signed(&dir);
    let served = serve(&app, |config, url| {
        config.webhook_url = Some(url.replace("http://", "https://"));
        *config = config.clone().self_signed(&certificate, &key);
    })
    .await;
    alice.send("over tls").await;
    let answer = tg.expect_reply_to(&alice).await;
    assert_eq!(answer.text.as_deref(), Some("got over tls"));
    let info = tg.webhook_info();
    assert_eq!(info["has_custom_certificate"], true, "{info}");
    assert!(
        info["url"].as_str().unwrap().starts_with("https://"),
        "{info}"
    );
    served.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_upload_a_self_signed_certificate_is_not_trusted() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let _gated = gated(&app);
    let dir = TempDir::new("tls-not-uploaded");
    let (certificate, key) = self_signed(&dir);
    let served = serve(&app, |config, url| {
        config.webhook_url = Some(url.replace("http://", "https://"));
        *config = config.clone().tls(&certificate, &key);
    })
    .await;
    alice.send("over tls").await;
    let error = tg.expect_webhook_error().await;
    assert!(!error.is_empty(), "delivery failed: {error}");
    assert!(
        tg.bot_messages_in(&alice).is_empty(),
        "nothing reached the bot"
    );
    served.stop().await.unwrap();
}
