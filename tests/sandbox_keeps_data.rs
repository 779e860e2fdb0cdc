//! The terminal sandbox stops a bot as SIGTERM does (issue #23): a note added in the sandbox,
//! with the file store's default interval (nothing written through), is there after `:quit`
//! and a restart; and so after the end of piped input.

#[path = "support/example.rs"]
mod example;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use std::path::Path;
use std::process::{Command, Stdio};
use temp_dir::TempDir;

const NOTES: &str = env!("CARGO_BIN_EXE_notes_bot");

/// Runs the notes bot in the sandbox inside `dir` with `input`; what it printed.
fn sandbox(dir: &Path, input: &str) -> String {
    let (out, err, ok) = example::run_program_in_sandbox(Path::new(NOTES), dir, input);
    assert!(ok, "{out}\n{err}");
    out
}

#[test]
fn a_note_added_in_the_sandbox_is_there_after_quit_and_restart() {
    let dir = TempDir::new("notes-quit");
    let first = sandbox(&dir, "/add buy milk\n:quit\n");
    assert!(first.contains("bot: noted (1)"), "{first}");
    let second = sandbox(&dir, "/list\n");
    assert!(second.contains("bot: buy milk"), "{second}");
}

#[test]
fn a_note_added_before_the_end_of_piped_input_is_kept_too() {
    let dir = TempDir::new("notes-eof");
    let first = sandbox(&dir, "/add first\n/add second\n");
    assert!(first.contains("bot: noted (2)"), "{first}");
    let second = sandbox(&dir, "/list\n");
    assert!(second.contains("bot: first; second"), "{second}");
}

#[test]
fn without_a_token_and_with_the_sandbox_refused_the_bot_names_the_variable() {
    let output = Command::new(NOTES)
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env("TELEBOT_SANDBOX", "0")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success(), "a non-zero exit");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TELEGRAM_BOT_TOKEN is not set"), "{stderr}");
    assert!(
        stderr.contains("--sandbox"),
        "says how to ask for it: {stderr}"
    );
    assert!(output.stdout.is_empty(), "no sandbox started");
}

#[test]
fn the_banner_names_the_command_that_was_run() {
    let dir = TempDir::new("notes-banner");
    let out = sandbox(&dir, "");
    assert!(out.contains("cargo run --bin notes_bot"), "{out}");
    assert!(!out.contains("--example"), "{out}");
}
