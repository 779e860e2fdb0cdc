//! Runs an `Application` against a `FakeTelegram` with long polling, until the test says stop.

#![allow(dead_code)]

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
