//! Applications for job queue tests: no network, a clock anchored at a chosen date on tokio's
//! paused clock, and a channel of the instants jobs ran at.

#![allow(dead_code)]

use std::future::Future;
use telebot::Application;
use telebot::jobs::jiff::Timestamp;
use telebot::jobs::{Clock, JobQueue};
use tokio::sync::mpsc;

/// A timestamp from RFC 3339 text.
pub fn ts(text: &str) -> Timestamp {
    text.parse().expect("an RFC 3339 timestamp")
}

/// A builder whose clock reads `start` now; the bot is never called.
pub fn builder_at(start: &str) -> telebot::application::ApplicationBuilder {
    Application::builder()
        .bot(telebot::Bot::builder().token("1:not-used"))
        .clock(Clock::starting_at(ts(start)))
}

/// An application whose clock reads `start` now.
pub fn app_at(start: &str) -> Application {
    builder_at(start).build().expect("the application builds")
}

/// Where job callbacks report the instant they ran at.
pub struct Runs {
    tx: mpsc::UnboundedSender<Timestamp>,
    rx: mpsc::UnboundedReceiver<Timestamp>,
}

impl Runs {
    pub fn new() -> Runs {
        let (tx, rx) = mpsc::unbounded_channel();
        Runs { tx, rx }
    }

    /// A job callback that reports the queue's time when it runs.
    pub fn callback(
        &self,
    ) -> impl Fn(JobQueue) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>>
    + Clone
    + Send
    + Sync
    + 'static {
        let tx = self.tx.clone();
        move |queue: JobQueue| {
            let tx = tx.clone();
            Box::pin(async move {
                let _ = tx.send(queue.now());
            })
        }
    }

    /// A sender for callbacks of your own.
    pub fn sender(&self) -> mpsc::UnboundedSender<Timestamp> {
        self.tx.clone()
    }

    /// The next run (tokio's paused clock moves to it).
    pub async fn next(&mut self) -> Timestamp {
        self.rx.recv().await.expect("the runs channel is open")
    }

    /// The next `n` runs, as RFC 3339 strings.
    pub async fn take(&mut self, n: usize) -> Vec<String> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.next().await.to_string());
        }
        out
    }

    /// The runs reported so far and not taken.
    pub fn drain(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Ok(t) = self.rx.try_recv() {
            out.push(t.to_string());
        }
        out
    }
}
