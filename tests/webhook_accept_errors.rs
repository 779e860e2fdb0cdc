//! Accept errors do not spin the CPU (issue #17): the echo example's webhook server runs with
//! so few file descriptors that connections beyond them make `accept` fail (EMFILE) while
//! they wait; the server logs the failure and pauses instead of retrying at once, so the
//! process uses a small share of one core meanwhile, and a real update gets through once
//! descriptors are free again.

#![cfg(target_os = "linux")]

#[path = "support/child.rs"]
mod child;

use child::{Reporting, Signal};
use std::process::Command;
use std::time::{Duration, Instant};
use telebot::testing::FakeTelegram;

const ECHO: &str = env!("CARGO_BIN_EXE_echo_example");

/// The CPU time (user + system) the process has used so far.
fn cpu_of(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // The kernel reports in USER_HZ, 100 per second on Linux.
    Duration::from_millis(ticks * 10)
}

/// Reads the child's output (its logs) until a line contains `wanted`.
async fn until_line(child: &mut Reporting, wanted: &str) {
    loop {
        match child.next_line(Duration::from_secs(30)).await {
            Some(line) if line.contains(wanted) => return,
            Some(_) => {}
            None => panic!("the child exited before logging {wanted:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accept_errors_pause_the_server_instead_of_spinning() {
    let tg = FakeTelegram::start().await;
    let port = child::free_port();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" 2>&1")
        .arg(ECHO)
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("TELEBOT_WEBHOOK_LISTEN", format!("127.0.0.1:{port}"))
        .env(
            "TELEBOT_WEBHOOK_URL",
            format!("http://127.0.0.1:{port}/telegram"),
        )
        .env("TELEBOT_WEBHOOK_SECRET", "accept-errors-1")
        .env("RUST_LOG", "warn,telebot=info");
    let mut child = Reporting::spawn(command);
    until_line(&mut child, "intake: webhook").await;

    // More connections than descriptors: the server accepts what it can, then fails.
    let mut held = Vec::new();
    for _ in 0..120 {
        held.push(std::net::TcpStream::connect(("127.0.0.1", port)).unwrap());
    }
    until_line(&mut child, "accept failed; pausing").await;

    // While the failures last (the accepted connections wait out the 10 s header timeout),
    // the process stays nearly idle.
    let (cpu_before, wall_before) = (cpu_of(child.id()), Instant::now());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let used = cpu_of(child.id()) - cpu_before;
    let share = used.as_secs_f64() / wall_before.elapsed().as_secs_f64();
    assert!(
        share < 0.25,
        "the server used {:.0}% of a core while accept failed",
        share * 100.0
    );

    // Descriptors free again: a real update is delivered and answered.
    drop(held);
    let alice = tg.user("alice");
    alice.send("/start").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Hi!");
    let (clean, _) = child.stop(Signal::Term, Duration::from_secs(30)).await;
    assert!(clean);
}
