//! Configuration from the environment (issue 17): the echo example's binary reads its settings
//! from variables; a value it cannot use stops it before it calls Telegram, with a non-zero
//! status and one error naming the variable; `TELEBOT_WEBHOOK_LISTEN` (and `_URL`, `_SECRET`)
//! turn `#[telebot::main]` from long polling to the webhook server.

#[path = "support/child.rs"]
mod child;

use child::{Reporting, Signal};
use std::process::Command;
use std::time::Duration;
use telebot::testing::FakeTelegram;

const ECHO: &str = env!("CARGO_BIN_EXE_echo_example");

/// Runs the echo binary to its exit with `vars` and a token for `tg`; returns its stderr.
fn refused(tg: &FakeTelegram, vars: &[(&str, &str)]) -> String {
    let output = Command::new(ECHO)
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(!output.status.success(), "refused with a non-zero status");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn a_value_that_cannot_be_used_names_its_variable_before_anything_starts() {
    let tg = FakeTelegram::start().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = taken.local_addr().unwrap().to_string();
    for (vars, variable) in [
        (
            vec![("TELEGRAM_API_URL", "127.0.0.1:8081")],
            "TELEGRAM_API_URL",
        ),
        (
            vec![("TELEBOT_WEBHOOK_LISTEN", "everywhere")],
            "TELEBOT_WEBHOOK_LISTEN",
        ),
        (
            vec![("TELEBOT_WEBHOOK_LISTEN", taken.as_str())],
            "TELEBOT_WEBHOOK_LISTEN",
        ),
        (
            vec![
                ("TELEBOT_WEBHOOK_LISTEN", "127.0.0.1:0"),
                ("TELEBOT_WEBHOOK_URL", "ftp://x"),
            ],
            "TELEBOT_WEBHOOK_URL",
        ),
        (
            vec![("TELEBOT_METRICS_LISTEN", "localhost")],
            "TELEBOT_METRICS_LISTEN",
        ),
        (
            vec![("TELEBOT_METRICS_LISTEN", taken.as_str())],
            "TELEBOT_METRICS_LISTEN",
        ),
        (
            vec![
                ("TELEBOT_WEBHOOK_LISTEN", "127.0.0.1:0"),
                ("TELEBOT_WEBHOOK_TLS_CERT", "/nonexistent/cert.pem"),
                ("TELEBOT_WEBHOOK_TLS_KEY", "/nonexistent/key.pem"),
            ],
            "TELEBOT_WEBHOOK_TLS_CERT",
        ),
        (vec![("TELEBOT_LOG_FORMAT", "xml")], "TELEBOT_LOG_FORMAT"),
        (vec![("RUST_LOG", "telebot=loud")], "RUST_LOG"),
    ] {
        let stderr = refused(&tg, &vars);
        assert!(stderr.contains(variable), "{vars:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one error: {stderr}");
    }
    assert!(
        tg.calls().is_empty(),
        "nothing reached Telegram: {:?}",
        tg.calls()
    );
}

#[tokio::test]
async fn the_webhook_variables_serve_the_bot_through_a_webhook() {
    let tg = FakeTelegram::start().await;
    let port = child::free_port();
    let listen = format!("127.0.0.1:{port}");
    let url = format!("http://127.0.0.1:{port}/telegram/hook");
    let mut command = Command::new(ECHO);
    command
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("TELEBOT_WEBHOOK_LISTEN", &listen)
        .env("TELEBOT_WEBHOOK_URL", &url)
        .env("TELEBOT_WEBHOOK_SECRET", "env-secret-123")
        .stderr(std::process::Stdio::null());
    let child = Reporting::spawn(command);
    tg.expect_call("setWebhook").await;
    assert_eq!(tg.webhook_info()["url"], url);
    let alice = tg.user("alice");
    alice.send("/start").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Hi!");
    assert!(
        tg.calls_to("getUpdates").is_empty(),
        "no polling beside the webhook"
    );
    let (clean, _) = child.stop(Signal::Term, Duration::from_secs(30)).await;
    assert!(clean);
}
