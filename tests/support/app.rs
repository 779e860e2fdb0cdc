//! Runs an `Application` against a `FakeTelegram` with long polling, until the test says stop.

#![allow(dead_code)]

use std::time::Duration;
use telebot::Application;
use telebot::testing::FakeTelegram;
use telebot::updates::polling::{PollingConfig, run_until};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running application; `stop().await` ends polling gracefully and returns its result.
pub struct Running {
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), telebot::Error>>,
}

impl Running {
    pub async fn stop(mut self) -> Result<(), telebot::Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.await.expect("the polling task panicked")
    }
}

/// An application builder wired to the fake server.
pub fn builder(tg: &FakeTelegram) -> telebot::application::ApplicationBuilder {
    Application::builder().bot(tg.bot())
}

/// Starts polling `app` and waits until it is polling.
pub async fn run(tg: &FakeTelegram, app: &Application) -> Running {
    let (tx, rx) = oneshot::channel();
    let app = app.clone();
    let config = PollingConfig {
        timeout: 5,
        ..PollingConfig::default()
    };
    let task = tokio::spawn(async move {
        run_until(&app, config, async {
            let _ = rx.await;
        })
        .await
    });
    tg.wait_until_polling().await;
    Running {
        stop: Some(tx),
        task,
    }
}

/// Waits until every update the fake holds for the bot is confirmed (so handled: the offset
/// passes an update only once it is) with the next long poll waiting, then until the
/// application's other work (non-blocking handlers, tasks) is done.
pub async fn settle(tg: &FakeTelegram, app: &Application) {
    assert!(
        tg.wait_until_idle(Duration::from_secs(10)).await,
        "the bot did not confirm its updates within 10 s"
    );
    app.wait_idle().await;
}
