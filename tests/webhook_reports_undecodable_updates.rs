//! The webhook server (issue 5): an authenticated update that is JSON with an `update_id` but
//! does not decode is answered 200 (Telegram would otherwise redeliver it and hold back its
//! chat) and goes to the error handlers once, with its id and raw JSON; a body that is not JSON
//! is still rejected with 400.

use serde_json::json;
use std::time::Duration;
use telebot::testing::FakeTelegram;
use telebot::updates::UndecodableUpdate;
use telebot::updates::webhook::{WebhookConfig, serve_on};
use telebot::{Application, CallbackContext};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

const SECRET: &str = "hook-Secret_9";

#[tokio::test]
async fn an_undecodable_update_is_acknowledged_and_reported_once() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let (tx, mut reported) = mpsc::unbounded_channel();
    app.add_error_handler(move |ctx: CallbackContext| {
        let tx = tx.clone();
        async move {
            if let Some(poison) = ctx
                .error()
                .and_then(|e| e.downcast_ref::<UndecodableUpdate>())
            {
                let _ = tx.send(poison.clone());
            }
        }
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let mut config = WebhookConfig::new(listener.local_addr().unwrap(), "/hook");
    config.secret_token = Some(SECRET.into());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn({
        let app = app.clone();
        async move {
            serve_on(&app, listener, config, async {
                let _ = stopped.await;
            })
            .await
        }
    });
    let http = reqwest::Client::new();
    let post = |body: String| {
        http.post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(body)
            .send()
    };
    let poison = json!({"update_id": 4242, "message": {"message_id": "not a number", "date": 0,
        "chat": {"id": 1, "type": "private"}}})
    .to_string();
    assert_eq!(post(poison.clone()).await.unwrap().status(), 200);
    assert_eq!(
        post(poison).await.unwrap().status(),
        200,
        "a redelivery is acknowledged too"
    );
    assert_eq!(post("{not json".into()).await.unwrap().status(), 400);

    let report = tokio::time::timeout(Duration::from_secs(5), reported.recv())
        .await
        .expect("the error handlers heard of it")
        .unwrap();
    assert_eq!(report.update_id, 4242);
    assert!(report.raw.contains("not a number"), "{}", report.raw);
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    assert!(reported.try_recv().is_err(), "reported once");
}
