//! Webhook delivery by FakeTelegram to a tiny local endpoint.

#[path = "support/api.rs"]
mod api;

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use api::Api;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use telebot_testing::FakeTelegram;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// One POST received by the endpoint.
#[derive(Debug)]
struct Delivery {
    secret: Option<String>,
    body: Value,
    answered: u16,
}

/// Starts an endpoint that fails the first `failures` requests with 500, then answers
/// 200 with `answer` as body. Returns its URL and the received deliveries.
async fn endpoint(failures: usize, answer: Value) -> (String, mpsc::UnboundedReceiver<Delivery>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let (sender, receiver) = mpsc::unbounded_channel();
    let seen = Arc::new(AtomicUsize::new(0));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (sender, seen, answer) = (sender.clone(), seen.clone(), answer.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let (sender, seen, answer) = (sender.clone(), seen.clone(), answer.clone());
                    async move {
                        let secret = request
                            .headers()
                            .get("X-Telegram-Bot-Api-Secret-Token")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned);
                        let bytes = request
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                        let status = if seen.fetch_add(1, Ordering::SeqCst) < failures {
                            500
                        } else {
                            200
                        };
                        let _ = sender.send(Delivery {
                            secret,
                            body,
                            answered: status,
                        });
                        let mut response =
                            Response::new(Full::new(Bytes::from(answer.to_string())));
                        *response.status_mut() =
                            hyper::StatusCode::from_u16(status).expect("status");
                        response.headers_mut().insert(
                            "content-type",
                            hyper::header::HeaderValue::from_static("application/json"),
                        );
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, receiver)
}

async fn next(receiver: &mut mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(std::time::Duration::from_secs(10), receiver.recv())
        .await
        .expect("a delivery within 10 s")
        .expect("endpoint alive")
}

#[tokio::test]
async fn updates_are_posted_in_order_with_the_secret_token() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let (url, mut deliveries) = endpoint(0, json!({})).await;
    api.ok(
        "setWebhook",
        json!({ "url": url, "secret_token": "s3cr3t_token-1", "max_connections": 5 }),
    )
    .await;
    let alice = tg.user("alice");
    alice.send("first").await;
    alice.send("second").await;

    let first = next(&mut deliveries).await;
    let second = next(&mut deliveries).await;
    assert_eq!(first.secret.as_deref(), Some("s3cr3t_token-1"));
    assert_eq!(second.secret.as_deref(), Some("s3cr3t_token-1"));
    assert_eq!(first.body["message"]["text"], "first");
    assert_eq!(second.body["message"]["text"], "second");
    assert_eq!(
        second.body["update_id"].as_i64(),
        first.body["update_id"].as_i64().map(|id| id + 1)
    );

    let info = api.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], url);
    assert_eq!(info["max_connections"], 5);
    assert_eq!(info["has_custom_certificate"], false);
    // Delivered updates leave the queue (the endpoint may have answered before the queue
    // was updated, so wait for it).
    let fake = tg.clone();
    tokio::time::timeout(std::time::Duration::from_secs(5), async move {
        while !fake.pending_updates().is_empty() {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("queue drained");
    assert_eq!(
        api.ok("getWebhookInfo", json!({})).await["pending_update_count"],
        0
    );
}

#[tokio::test]
async fn failed_deliveries_are_retried_before_later_updates() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let (url, mut deliveries) = endpoint(2, json!({})).await;
    api.ok("setWebhook", json!({ "url": url })).await;
    let alice = tg.user("alice");
    alice.send("one").await;
    alice.send("two").await;

    let attempts: Vec<Delivery> = vec![
        next(&mut deliveries).await,
        next(&mut deliveries).await,
        next(&mut deliveries).await,
        next(&mut deliveries).await,
    ];
    let texts: Vec<&Value> = attempts
        .iter()
        .map(|d| &d.body["message"]["text"])
        .collect();
    assert_eq!(texts, vec!["one", "one", "one", "two"]);
    assert_eq!(
        attempts.iter().map(|d| d.answered).collect::<Vec<_>>(),
        vec![500, 500, 200, 200]
    );
    assert!(attempts[0].secret.is_none());
    let info = api.ok("getWebhookInfo", json!({})).await;
    assert_eq!(
        info["last_error_message"],
        "Wrong response from the webhook: 500 Internal Server Error"
    );
    assert!(info["last_error_date"].as_i64().is_some());
}

#[tokio::test]
async fn pending_updates_can_be_dropped_with_delete_webhook() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    // Nothing listens on this port: every delivery fails.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", closed.local_addr().expect("addr"));
    drop(closed);
    api.ok("setWebhook", json!({ "url": url })).await;
    let alice = tg.user("alice");
    alice.send("never delivered").await;
    alice.send("me neither").await;
    let info = api.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["pending_update_count"], 2);

    api.ok("deleteWebhook", json!({ "drop_pending_updates": true }))
        .await;
    let info = api.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["url"], "");
    assert_eq!(info["pending_update_count"], 0);
    assert_eq!(api.ok("getUpdates", json!({})).await, json!([]));
}

#[tokio::test]
async fn a_method_in_the_webhook_answer_is_executed() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let answer =
        json!({ "method": "sendMessage", "chat_id": alice.id(), "text": "answered inline" });
    let (url, mut deliveries) = endpoint(0, answer).await;
    api.ok("setWebhook", json!({ "url": url })).await;
    alice.send("/start").await;
    next(&mut deliveries).await;
    let reply = tg.expect_reply_to(&alice).await;
    assert_eq!(reply.text(), "answered inline");
    assert_eq!(tg.calls_to("sendMessage").len(), 1);
}

#[tokio::test]
async fn set_webhook_validates_its_parameters() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let (status, description) = api
        .err("setWebhook", json!({ "url": "ftp://example.org" }))
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        description,
        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    );
    let (_, description) = api
        .err(
            "setWebhook",
            json!({ "url": "https://example.org", "secret_token": "no spaces" }),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: secret token contains unallowed characters"
    );
    // An empty URL removes the webhook.
    api.ok("setWebhook", json!({ "url": "https://example.org/x" }))
        .await;
    api.ok("setWebhook", json!({ "url": "" })).await;
    assert_eq!(tg.webhook_info()["url"], "");
}
