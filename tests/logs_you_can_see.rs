//! Logs you can see (issue 17): the echo example's binary, run with a token against the fake
//! Telegram and `RUST_LOG` unset, writes its startup report (the bot's username, how updates
//! arrive, the handlers) and a shutdown report to stderr, never the token; with
//! `TELEBOT_LOG_FORMAT=json` every line is a JSON object; a log format it does not know stops
//! it before polling, naming the variable.

#[path = "support/child.rs"]
mod child;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use child::{Reporting, Signal};
use std::process::Command;
use std::time::Duration;
use telebot::testing::FakeTelegram;
use temp_dir::TempDir;

const ECHO: &str = env!("CARGO_BIN_EXE_echo_example");
const BOUND: Duration = Duration::from_secs(30);

/// Runs the echo bot until it answered `/start`, then stops it with SIGTERM; returns its
/// stderr and whether it exited cleanly.
async fn run_echo(tg: &FakeTelegram, format: Option<&str>) -> (String, bool) {
    let dir = TempDir::new(&format!("logs-{}", format.unwrap_or("text")));
    let path = dir.join("stderr");
    let mut command = Command::new(ECHO);
    command
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env_remove("RUST_LOG")
        .env_remove("TELEBOT_LOG_FORMAT")
        .stderr(std::fs::File::create(&path).unwrap());
    if let Some(format) = format {
        command.env("TELEBOT_LOG_FORMAT", format);
    }
    let child = Reporting::spawn(command);
    let alice = tg.user("alice");
    alice.send("/start").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Hi!");
    let (clean, _) = child.stop(Signal::Term, BOUND).await;
    (std::fs::read_to_string(&path).unwrap(), clean)
}

#[tokio::test]
async fn the_startup_and_shutdown_reports_are_shown_and_the_token_is_not() {
    let tg = FakeTelegram::start().await;
    let (logs, clean) = run_echo(&tg, None).await;
    assert!(clean, "a clean stop: {logs}");
    for wanted in [
        "telebot application: @fake_test_bot (id ",
        "intake: long polling",
        "/start",
        "/add",
        "stopped: ",
    ] {
        assert!(logs.contains(wanted), "{wanted:?} missing from:\n{logs}");
    }
    let secret = tg
        .token()
        .split_once(':')
        .map(|(_, s)| s.to_owned())
        .unwrap();
    assert!(!logs.contains(&secret), "the token leaked:\n{logs}");
}

#[tokio::test]
async fn json_logs_are_one_object_per_line() {
    let tg = FakeTelegram::start().await;
    let (logs, clean) = run_echo(&tg, Some("json")).await;
    assert!(clean, "{logs}");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let messages: Vec<&str> = lines.iter().filter_map(|l| l["message"].as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("@fake_test_bot")),
        "the startup report is a line: {messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("stopped: ")),
        "{messages:?}"
    );
    assert!(
        lines.iter().all(|l| l["level"].is_string()),
        "every line has a level"
    );
    let secret = tg
        .token()
        .split_once(':')
        .map(|(_, s)| s.to_owned())
        .unwrap();
    assert!(!logs.contains(&secret));
}

#[test]
fn an_unknown_log_format_stops_the_bot_naming_the_variable() {
    let output = Command::new(ECHO)
        .env("TELEGRAM_BOT_TOKEN", "123:abc")
        .env("TELEGRAM_API_URL", "http://127.0.0.1:9")
        .env("TELEBOT_LOG_FORMAT", "yaml")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("TELEBOT_LOG_FORMAT") && stderr.contains("yaml"),
        "{stderr}"
    );
}
