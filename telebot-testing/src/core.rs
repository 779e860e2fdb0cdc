//! The shared heart of one fake server: its state behind a lock, and a change signal that
//! long polls, webhook delivery and test expectations wait on.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;

use tokio::sync::watch;
use tokio::time::Instant;

use super::state::State;

/// Everything one fake server shares between its connections and the test script.
#[derive(Debug)]
pub(crate) struct Core {
    state: Mutex<State>,
    changed: watch::Sender<u64>,
    /// The bot token the server accepts.
    pub token: String,
    /// The server root, `http://127.0.0.1:PORT`.
    pub api_url: String,
    /// The longest a getUpdates call waits, whatever its `timeout`.
    pub max_long_poll: Duration,
    /// How long test expectations wait by default.
    pub expect_timeout: Mutex<Duration>,
    /// The client used for webhook delivery and for fetching files given by URL.
    pub http: reqwest::Client,
}

impl Core {
    /// A core around the given state.
    pub fn new(
        state: State,
        token: String,
        api_url: String,
        max_long_poll: Duration,
        expect_timeout: Duration,
    ) -> Core {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Core {
            state: Mutex::new(state),
            changed: watch::Sender::new(0),
            token,
            api_url,
            max_long_poll,
            expect_timeout: Mutex::new(expect_timeout),
            http,
        }
    }

    /// Locks the state. A panic in another holder does not make the state unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock_unpoisoned()
    }

    /// A receiver that sees every change from now on (the web sandbox's event stream).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Wakes everything waiting for a change.
    pub fn notify(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Runs `f` on the state now and after every change until it returns `Some`, or until
    /// `timeout` has passed (then `None`).
    pub async fn wait_for<T>(
        &self,
        timeout: Duration,
        mut f: impl FnMut(&mut State) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + timeout;
        let mut changes = self.changed.subscribe();
        loop {
            if let Some(found) = f(&mut self.lock()) {
                return Some(found);
            }
            tokio::select! {
                _ = changes.changed() => {}
                _ = tokio::time::sleep_until(deadline) => return f(&mut self.lock()),
            }
        }
    }

    /// The default time-out of test expectations.
    pub fn expect_timeout(&self) -> Duration {
        *self.expect_timeout.lock_unpoisoned()
    }
}
