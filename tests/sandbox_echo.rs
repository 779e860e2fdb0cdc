//! The echo example with no token runs in the sandbox: piped lines become messages from a
//! sandbox user, the bot's replies are printed, and the program ends with success at the end
//! of input, after the last replies.

use std::io::Write;
use std::process::{Command, Stdio};

#[path = "support/example.rs"]
mod support;
use support::example;

fn run_echo(input: &str, args: &[&str], token: Option<&str>) -> (String, bool) {
    let mut command = Command::new(example("echo"));
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_API_URL");
    if let Some(token) = token {
        command.env("TELEGRAM_BOT_TOKEN", token);
    }
    let mut child = command
        .spawn()
        .expect("the echo example is built by cargo test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.success(),
    )
}

#[test]
fn echo_answers_start_and_echoes_text_from_piped_stdin() {
    let (out, ok) = run_echo(
        "/start\nhello there\n/add 2 40\n/add 2 x\nsecond line\n",
        &[],
        None,
    );
    assert!(
        ok,
        "the sandbox ends with success at the end of input:\n{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("telebot sandbox:"),
        "the first line says this is the sandbox:\n{out}"
    );
    assert!(
        out.contains("TELEGRAM_BOT_TOKEN=<token> cargo run --example echo"),
        "it says how to run on Telegram"
    );
    let replies: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("bot: "))
        .copied()
        .collect();
    assert_eq!(
        replies,
        [
            "bot: Hi!",
            "bot: Hello, there",
            "bot: 42",
            "bot: Usage: /add <a> <b>",
            "bot: second line"
        ],
        "every reply is printed, in order, before the program ends:\n{out}"
    );
}

#[test]
fn sandbox_flag_wins_over_a_token_and_commands_work() {
    let (out, ok) = run_echo(
        ":user bob\nhi from bob\n:quit\nnever sent\n",
        &["--sandbox"],
        Some("1:not-a-real-token"),
    );
    assert!(ok, "{out}");
    assert!(out.contains("--sandbox was given"), "{out}");
    assert!(out.contains("(you are now bob)"));
    assert!(out.contains("bot: hi from bob"));
    assert!(
        !out.contains("never sent"),
        "input after :quit is not sent:\n{out}"
    );
}
