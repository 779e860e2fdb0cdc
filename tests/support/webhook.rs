//! Serving an `Application` through the webhook server in a test: a gated handler that reports
//! what it starts and finishes, and a stop handle.

#![allow(dead_code)]

use serde_json::json;
use std::sync::{Arc, Mutex};
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::MessageHandler;
use telebot::updates::webhook::{WebhookConfig, serve_on};
use telebot::{Application, Bot, HandlerResult};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch};

pub const SECRET: &str = "hook-Secret_24";

/// What happened, in order, as seen by the handlers and the test.
#[derive(Clone, Default)]
pub struct Events(Arc<Mutex<Vec<String>>>);

impl Events {
    pub fn push(&self, event: impl Into<String>) {
        self.0.lock().unwrap().push(event.into());
    }
    pub fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
    pub fn position(&self, event: &str) -> Option<usize> {
        self.all().iter().position(|e| e == event)
    }
}

/// Handlers wait while the gate is closed (text `wait…` only) and report `start <text>` on a
/// channel and `done <text>` in the events; text `panic` panics, text `fail` returns an error.
pub struct Gated {
    pub gate: watch::Sender<bool>,
    pub started: mpsc::UnboundedReceiver<String>,
    pub events: Events,
}

/// Adds the gated handler to `app`; it answers `got <text>` in the chat when done.
pub fn gated(app: &Application) -> Gated {
    let (gate, opened) = watch::channel(false);
    let (started_tx, started) = mpsc::unbounded_channel();
    let events = Events::default();
    let seen = events.clone();
    app.add_handler(
        MessageHandler::new(filters::text(), move |bot: Bot, msg: Message| {
            let mut opened = opened.clone();
            let started_tx = started_tx.clone();
            let seen = seen.clone();
            async move {
                let text = msg.text.clone().unwrap_or_default();
                let _ = started_tx.send(text.clone());
                if text.starts_with("wait") {
                    let _ = opened.wait_for(|open| *open).await;
                }
                seen.push(format!("done {text}"));
                match text.as_str() {
                    "panic" => panic!("a handler panicked on purpose"),
                    "fail" => return Err("a handler failed on purpose".into()),
                    _ => {}
                }
                bot.send_message(msg.chat.id, format!("got {text}")).await?;
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    Gated {
        gate,
        started,
        events,
    }
}

/// A webhook server running on a port of its own.
pub struct Served {
    pub url: String,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), telebot::Error>>,
}

impl Served {
    pub async fn stop(self) -> Result<(), telebot::Error> {
        let _ = self.stop.send(());
        self.task.await.expect("the webhook task panicked")
    }
}

/// Serves `app` on 127.0.0.1 with `configure` applied to a config at `/hook` with [`SECRET`];
/// `configure` also gets the server's URL.
pub async fn serve(app: &Application, configure: impl FnOnce(&mut WebhookConfig, &str)) -> Served {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let mut config = WebhookConfig::new(listener.local_addr().unwrap(), "/hook");
    config.secret_token = Some(SECRET.to_string());
    configure(&mut config, &url);
    let (stop, stopped) = oneshot::channel::<()>();
    let app = app.clone();
    let task = tokio::spawn(async move {
        serve_on(&app, listener, config, async {
            let _ = stopped.await;
        })
        .await
    });
    Served { url, stop, task }
}

/// A text message update from a private chat.
pub fn update(id: i64, chat: i64, text: &str) -> serde_json::Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": false, "first_name": "A"}, "text": text}})
}

/// Posts `body` with the secret; the answer's status and `Retry-After`.
pub async fn post(url: &str, body: String) -> (u16, Option<String>) {
    let response = reqwest::Client::new()
        .post(url)
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the webhook answers");
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (response.status().as_u16(), retry_after)
}
