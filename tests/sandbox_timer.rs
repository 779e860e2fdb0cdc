//! The timer example with no token runs in the sandbox: piped commands get their answers, in
//! order, and the program ends with success at the end of input.

use std::io::Write;
use std::process::{Command, Stdio};

fn example(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let dir = exe.parent().and_then(|p| p.parent()).expect("target/debug");
    dir.join("examples").join(name)
}

#[test]
fn timer_sets_and_cancels_alarms_from_piped_stdin() {
    let mut child = Command::new(example("timer"))
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_API_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the timer example is built by cargo test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/set soon\n/set 600\n/set 900\n/unset\n/unset\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{out}");
    let replies: Vec<&str> = out.lines().filter(|l| l.starts_with("bot: ")).collect();
    assert_eq!(
        replies,
        [
            "bot: Usage: /set <seconds>",
            "bot: Timer set.",
            "bot: Timer set; the old one was removed.",
            "bot: Timer cancelled.",
            "bot: You have no active timer.",
        ],
        "{out}"
    );
}
