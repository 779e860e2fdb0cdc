//! examples/custom_webhook.rs end to end (issue #17, PTB's customwebhookbot): its own axum
//! server takes Telegram's webhook from the fake Telegram, answers its health route, turns
//! `/submitpayload` into an update of its own whose handler reports to the admin chat, and
//! refuses a webhook request without the secret with 403.

#![cfg(feature = "axum")]

#[path = "support/child.rs"]
mod child;

use child::{Reporting, Signal};
use std::process::Command;
use std::time::Duration;
use telebot::testing::FakeTelegram;

const EXAMPLE: &str = env!("CARGO_BIN_EXE_custom_webhook_example");
const SECRET: &str = "custom-Secret_17";

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url)
        .await
        .expect("the example's server answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_custom_webhook_example_serves_telegram_and_its_own_routes() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let admin = tg.user("admin");
    let port = child::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut command = Command::new(EXAMPLE);
    command
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("TELEBOT_WEBHOOK_LISTEN", format!("127.0.0.1:{port}"))
        .env("TELEBOT_WEBHOOK_URL", format!("{base}/telegram"))
        .env("TELEBOT_WEBHOOK_SECRET", SECRET)
        .env("ADMIN_CHAT_ID", admin.id().to_string())
        .stderr(std::process::Stdio::null());
    let child = Reporting::spawn(command);
    tg.expect_call("setWebhook").await;
    assert_eq!(tg.webhook_info()["url"], format!("{base}/telegram"));

    // Telegram's updates arrive through the webhook route.
    alice.send("/start").await;
    let help = tg.expect_reply_to(&alice).await.text.unwrap_or_default();
    assert!(help.contains(&format!("{base}/healthcheck")), "{help}");
    assert!(
        help.contains(&format!("{base}/submitpayload?user_id={}", alice.id())),
        "{help}"
    );

    // Its own routes.
    let (status, body) = get(&format!("{base}/healthcheck")).await;
    assert_eq!(status, 200);
    assert!(body.contains("running"), "{body}");
    for (payload, expected) in [
        ("first", vec!["first"]),
        ("second <b>", vec!["first", "second &lt;b&gt;"]),
    ] {
        let (status, _) = get(&format!(
            "{base}/submitpayload?user_id={}&payload={}",
            alice.id(),
            payload
                .replace(' ', "%20")
                .replace('<', "%3C")
                .replace('>', "%3E")
        ))
        .await;
        assert_eq!(status, 200);
        let report = tg.expect_message_in(&admin).await;
        let text = report.text.unwrap_or_default();
        for listed in &expected {
            assert!(
                text.contains(&format!("<code>{listed}</code>")),
                "{listed} in {text}"
            );
        }
        assert!(
            text.contains(&format!("tg://user?id={}", alice.id())),
            "mentions the user: {text}"
        );
    }
    let (status, _) = get(&format!("{base}/submitpayload?payload=x")).await;
    assert_eq!(status, 400, "a payload without a user");

    // The webhook route checks the secret as telebot's own server does.
    let refused = reqwest::Client::new()
        .post(format!("{base}/telegram"))
        .header("X-Telegram-Bot-Api-Secret-Token", "wrong")
        .header("content-type", "application/json")
        .body(r#"{"update_id": 999999, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}, "text": "/start"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);

    let (clean, _) = child.stop(Signal::Term, Duration::from_secs(30)).await;
    assert!(clean, "stopped gracefully on SIGTERM");
}
