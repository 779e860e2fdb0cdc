//! Runs an example binary in the sandbox (no token) with piped input, in a directory of the
//! test's choosing, and returns what it printed.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The path of a built example (`cargo test` builds them beside the test binaries).
pub fn example(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let dir = exe.parent().and_then(|p| p.parent()).expect("target/debug");
    dir.join("examples").join(name)
}

/// Runs example `name` in the sandbox inside `dir`, feeding it `input`; its standard output,
/// and whether it ended with success.
pub fn run_in_sandbox(name: &str, dir: &Path, input: &str) -> (String, bool) {
    let (out, _, ok) = run_program_in_sandbox(&example(name), dir, input);
    (out, ok)
}

/// Runs the bot program at `program` in the sandbox (no token) inside `dir`, feeding it
/// `input`; its standard output, its standard error, and whether it ended with success.
pub fn run_program_in_sandbox(program: &Path, dir: &Path, input: &str) -> (String, String, bool) {
    let mut child = Command::new(program)
        .current_dir(dir)
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEGRAM_API_URL")
        .env_remove("TELEBOT_SANDBOX")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program is built by cargo test");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("writing the program's input");
    let output = child.wait_with_output().expect("the program ends");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.success(),
    )
}

/// The bot's lines (`bot: …`, `bot (edited): …` and the keyboard lines under them).
pub fn bot_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("bot") || l.starts_with("    "))
        .collect()
}
