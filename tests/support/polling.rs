//! Long polling against a `FakeTelegram` with a chosen `PollingConfig`, and a handler that
//! reports every update it handles on a channel.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use telebot::testing::FakeTelegram;
use telebot::updates::polling::{PollingConfig, run_until};
use telebot::{Application, CallbackContext};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// A polling task; `stop().await` ends it gracefully and returns its result.
pub struct Polling {
    stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<Result<(), telebot::Error>>,
}

impl Polling {
    pub fn start(app: &Application, config: PollingConfig) -> Polling {
        let (tx, rx) = oneshot::channel();
        let app = app.clone();
        let task = tokio::spawn(async move {
            run_until(&app, config, async {
                let _ = rx.await;
            })
            .await
        });
        Polling {
            stop: Some(tx),
            task,
        }
    }

    pub async fn stop(mut self) -> Result<(), telebot::Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(Duration::from_secs(20), self.task)
            .await
            .expect("polling did not stop within 20 s")
            .expect("the polling task panicked")
    }
}

/// Short long polls and quick backoff, for tests.
pub fn quick() -> PollingConfig {
    PollingConfig {
        timeout: 1,
        min_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
        ..PollingConfig::default()
    }
}

/// A private-chat text message update (the fake assigns the `update_id`).
pub fn message(chat: i64, text: &str) -> Value {
    static NEXT: AtomicI64 = AtomicI64::new(1);
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    json!({"message": {"message_id": id, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "U"},
        "from": {"id": chat, "is_bot": false, "first_name": "U"}, "text": text}})
}

/// The text of the update's message.
pub fn text_of(ctx: &CallbackContext) -> String {
    ctx.update()
        .and_then(|u| u.effective_message())
        .and_then(|m| m.text.clone())
        .unwrap_or_default()
}

/// Receives `n` values, failing the test when they do not come within 10 s.
pub async fn receive<T>(rx: &mut mpsc::UnboundedReceiver<T>, n: usize) -> Vec<T> {
    let mut got = Vec::with_capacity(n);
    while got.len() < n {
        match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            Ok(Some(value)) => got.push(value),
            Ok(None) => panic!("the channel closed after {} of {n}", got.len()),
            Err(_) => panic!("only {} of {n} arrived within 10 s", got.len()),
        }
    }
    got
}

/// The `offset` of every getUpdates call so far.
pub fn offsets(tg: &FakeTelegram) -> Vec<i64> {
    tg.calls_to("getUpdates")
        .iter()
        .filter_map(|c| c.param("offset").and_then(Value::as_i64))
        .collect()
}
