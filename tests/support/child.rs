//! A child process that reports its progress on stdout, one line at a time: the crash tests
//! wait on these lines (never on the clock) to decide when to kill it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::sync::mpsc;

/// A loopback port nothing listens on now (for a child to listen on).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// How the child is stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Signal {
    /// Killed at once: no handler, no flush, no confirmation.
    Kill,
    /// Asked to stop gracefully.
    Term,
}

/// A running child and the lines it has printed but the test has not read yet.
pub struct Reporting {
    /// `None` once `stop` took it.
    child: Option<Child>,
    lines: mpsc::UnboundedReceiver<String>,
}

impl Reporting {
    /// Starts `command` with its stdout read line by line (stdin closed).
    pub fn spawn(mut command: Command) -> Reporting {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::unbounded_channel();
        // Reads until the child's stdout closes (it exited or was killed).
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Reporting {
            child: Some(child),
            lines,
        }
    }

    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// The next line; `None` once the child's stdout closed. Fails the test after `bound`.
    pub async fn next_line(&mut self, bound: Duration) -> Option<String> {
        match tokio::time::timeout(bound, self.lines.recv()).await {
            Ok(line) => line,
            Err(_) => panic!("the child printed nothing for {bound:?}"),
        }
    }

    /// Reads lines until one is `wanted`; returns the lines before it. Fails the test if the
    /// child exits first, or prints nothing for `bound`.
    pub async fn expect(&mut self, wanted: &str, bound: Duration) -> Vec<String> {
        let mut before = Vec::new();
        loop {
            match self.next_line(bound).await {
                Some(line) if line == wanted => return before,
                Some(line) => before.push(line),
                None => {
                    panic!("the child exited before printing {wanted:?} (it printed {before:?})")
                }
            }
        }
    }

    /// Sends the signal and waits for the child to exit; returns whether it exited with
    /// success, and the lines it printed that were not read yet (including those printed
    /// after the signal, up to its exit).
    pub async fn stop(mut self, how: Signal, bound: Duration) -> (bool, Vec<String>) {
        let mut child = self.child.take().expect("a running child");
        match how {
            Signal::Kill => child.kill().expect("SIGKILL"),
            Signal::Term => {
                let status = Command::new("kill")
                    .args(["-s", "TERM", &child.id().to_string()])
                    .status()
                    .expect("run kill");
                assert!(status.success(), "kill -s TERM failed");
            }
        }
        let exited = tokio::task::spawn_blocking(move || child.wait());
        let status = tokio::time::timeout(bound, exited)
            .await
            .unwrap_or_else(|_| panic!("the child did not exit within {bound:?} of {how:?}"))
            .unwrap()
            .unwrap();
        let mut rest = Vec::new();
        // The reader sees end of file once the child is gone.
        while let Some(line) = tokio::time::timeout(bound, self.lines.recv())
            .await
            .expect("the child's stdout stays open after its exit")
        {
            rest.push(line);
        }
        (status.success(), rest)
    }
}

impl Drop for Reporting {
    /// A test that fails (panics) before stopping its child leaves no process behind: it would
    /// go on running (retrying its Redis or its fake Telegram) beside the tests that follow.
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
