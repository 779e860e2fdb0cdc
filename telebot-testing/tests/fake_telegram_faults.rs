//! Fault injection in FakeTelegram: every fault kind is observable by a client.

#[path = "support/api.rs"]
mod api;

use std::time::{Duration, Instant};

use api::Api;
use serde_json::{Value, json};
use telebot_testing::{FakeTelegram, Fault};

async fn raw_send(
    tg: &FakeTelegram,
    chat_id: i64,
    text: &str,
) -> Result<(u16, String, String), reqwest::Error> {
    let response = reqwest::Client::new()
        .post(tg.method_url("sendMessage"))
        .header("content-type", "application/json")
        .body(json!({ "chat_id": chat_id, "text": text }).to_string())
        .send()
        .await?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Ok((status, content_type, response.text().await?))
}

#[tokio::test]
async fn too_many_requests_for_the_next_n_calls_of_one_method_only() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let fault = tg
        .fault(Fault::TooManyRequests { retry_after: 3 })
        .on("sendMessage")
        .times(2);

    // Other methods do not consume the counted fault.
    api.ok("getMe", json!({})).await;
    for _ in 0..2 {
        let (status, body) = api
            .call(
                "sendMessage",
                json!({ "chat_id": alice.id(), "text": "hi" }),
            )
            .await;
        assert_eq!(status, 429);
        assert_eq!(body["description"], "Too Many Requests: retry after 3");
        assert_eq!(body["parameters"], json!({ "retry_after": 3 }));
        api.ok("getMe", json!({})).await;
    }
    api.ok(
        "sendMessage",
        json!({ "chat_id": alice.id(), "text": "finally" }),
    )
    .await;
    assert_eq!(fault.hits(), 2);
    // Rejected calls had no effect but are recorded with their fault.
    assert_eq!(tg.messages_in(&alice).len(), 1);
    let sends = tg.calls_to("sendMessage");
    assert_eq!(sends.len(), 3);
    assert_eq!(
        sends[0].fault,
        Some(Fault::TooManyRequests { retry_after: 3 })
    );
    assert_eq!(sends[0].status, Some(429));
    assert_eq!(sends[2].fault, None);
    assert!(sends[2].is_ok());
}

#[tokio::test]
async fn server_error_has_a_telegram_like_json_body() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    tg.fault(Fault::ServerError { status: 500 }).times(1);
    let (status, content_type, body) = raw_send(&tg, alice.id(), "x").await.expect("answered");
    assert_eq!(status, 500);
    assert!(content_type.starts_with("application/json"));
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        body,
        json!({ "ok": false, "error_code": 500, "description": "Internal Server Error" })
    );
}

#[tokio::test]
async fn gateway_error_has_a_bare_body() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    tg.fault(Fault::GatewayError { status: 502 }).times(1);
    let (status, content_type, body) = raw_send(&tg, alice.id(), "x").await.expect("answered");
    assert_eq!(status, 502);
    assert!(content_type.starts_with("text/plain"));
    assert_eq!(body.trim(), "502 Bad Gateway");
    assert!(serde_json::from_str::<Value>(&body).is_err());
}

#[tokio::test]
async fn html_error_page_is_served_as_text_html_502() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    tg.fault(Fault::HtmlErrorPage).on("sendMessage").times(1);
    let (status, content_type, body) = raw_send(&tg, alice.id(), "x").await.expect("answered");
    assert_eq!(status, 502);
    assert_eq!(content_type, "text/html");
    assert!(body.contains("<h1>502 Bad Gateway</h1>"), "{body}");
    assert!(tg.messages_in(&alice).is_empty());
}

#[tokio::test]
async fn truncated_json_is_cut_but_the_call_took_effect() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    tg.fault(Fault::TruncatedJson).on("sendMessage").times(1);
    let (status, _, body) = raw_send(&tg, alice.id(), "sent anyway")
        .await
        .expect("answered");
    assert_eq!(status, 200);
    assert!(body.starts_with("{\"ok\":true"), "{body}");
    assert!(
        serde_json::from_str::<Value>(&body).is_err(),
        "body should be cut: {body}"
    );
    let sent = tg.messages_in(&alice);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].text(), "sent anyway");
    // The record keeps the whole answer.
    let call = &tg.calls_to("sendMessage")[0];
    assert_eq!(call.fault, Some(Fault::TruncatedJson));
    assert_eq!(
        call.response.as_ref().map(|r| r["result"]["text"].clone()),
        Some(json!("sent anyway"))
    );
}

#[tokio::test]
async fn delay_answers_normally_after_waiting() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    tg.fault(Fault::Delay(Duration::from_millis(400)))
        .on("getMe")
        .times(1);
    let started = Instant::now();
    let me = api.ok("getMe", json!({})).await;
    assert!(
        started.elapsed() >= Duration::from_millis(350),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(me["is_bot"], true);
    let started = Instant::now();
    api.ok("getMe", json!({})).await;
    assert!(started.elapsed() < Duration::from_millis(350));
}

#[tokio::test]
async fn dropped_connection_gives_no_answer_and_no_effect() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    tg.fault(Fault::DropConnection).on("sendMessage").times(1);
    let error = raw_send(&tg, alice.id(), "lost")
        .await
        .expect_err("no answer");
    assert!(
        error.is_request() || error.is_connect() || error.is_body(),
        "{error:?}"
    );
    assert!(tg.messages_in(&alice).is_empty());
    let call = &tg.calls_to("sendMessage")[0];
    assert_eq!(call.fault, Some(Fault::DropConnection));
    assert_eq!(call.status, None);
    // The next call works.
    let (status, _, _) = raw_send(&tg, alice.id(), "kept").await.expect("answered");
    assert_eq!(status, 200);
}

#[tokio::test]
async fn conflict_on_get_updates() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    tg.fault(Fault::Conflict).on("getUpdates").times(1);
    let (status, description) = api.err("getUpdates", json!({})).await;
    assert_eq!(status, 409);
    assert!(description.starts_with("Conflict: terminated by other getUpdates request"));
    api.ok("getUpdates", json!({})).await;
}

#[tokio::test]
async fn custom_error_and_migration() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    tg.fault(Fault::Error {
        code: 403,
        description: "Forbidden: bot was blocked by the user".into(),
    })
    .times(1);
    tg.fault(Fault::MigrateToChat {
        chat_id: -1001234567890,
    })
    .times(1);
    let params = json!({ "chat_id": alice.id(), "text": "x" });
    assert_eq!(
        api.err("sendMessage", params.clone()).await,
        (403, "Forbidden: bot was blocked by the user".to_owned())
    );
    let (status, body) = api.call("sendMessage", params.clone()).await;
    assert_eq!(status, 400);
    assert_eq!(body["parameters"]["migrate_to_chat_id"], -1001234567890_i64);
    api.ok("sendMessage", params).await;
}

#[tokio::test]
async fn probabilistic_faults_are_reproducible_with_a_seed() {
    async fn run(seed: u64) -> Vec<bool> {
        let tg = FakeTelegram::start().await;
        let api = Api::new(&tg);
        tg.fault(Fault::ServerError { status: 502 })
            .with_probability(0.3, seed);
        let mut failed = Vec::new();
        for _ in 0..40 {
            failed.push(api.call("getMe", json!({})).await.0 == 502);
        }
        failed
    }
    let first = run(42).await;
    assert_eq!(first, run(42).await);
    let failures = first.iter().filter(|f| **f).count();
    assert!(
        (3..=25).contains(&failures),
        "{failures} failures of 40 at p=0.3"
    );
}

#[tokio::test]
async fn removed_faults_stop_firing() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let fault = tg.fault(Fault::ServerError { status: 500 });
    assert_eq!(api.call("getMe", json!({})).await.0, 500);
    assert_eq!(api.call("getMe", json!({})).await.0, 500);
    fault.remove();
    assert_eq!(api.call("getMe", json!({})).await.0, 200);
    tg.fault(Fault::ServerError { status: 500 });
    tg.clear_faults();
    assert_eq!(api.call("getMe", json!({})).await.0, 200);
}
