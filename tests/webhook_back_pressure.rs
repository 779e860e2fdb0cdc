//! Bounded per-chat queues in webhook mode (#24 item 5): a chat whose lane is full makes its
//! request wait for room, bounded; then the request is answered 503 with `Retry-After` and
//! Telegram sends the update again. Other chats go on; nothing is lost or run twice.

#[path = "support/webhook.rs"]
mod webhook;

use std::time::Duration;
use telebot::Application;
use telebot::testing::FakeTelegram;
use webhook::{gated, post, serve, update};

/// With the old code every request was answered 200 and queued without bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_lane_answers_503_with_retry_after_and_other_chats_go_on_issue_24() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let mut handler = gated(&app);
    // The wait is a bound, not a synchronisation: the gate stays closed through it, so no
    // room can appear whatever the timing.
    let served = serve(&app, |c, _| {
        c.lane_capacity = 2;
        c.lane_wait = Duration::from_millis(50);
    })
    .await;
    let alice = tg.user("alice").id();
    let bob = tg.user("bob").id();
    let send = |id, chat, text: &str| post(&served.url, update(id, chat, text).to_string());

    assert_eq!(send(1, alice, "wait 1").await, (200, None));
    assert_eq!(handler.started.recv().await.unwrap(), "wait 1");
    assert_eq!(
        send(2, alice, "wait 2").await,
        (200, None),
        "queued behind 1"
    );
    assert_eq!(
        send(3, alice, "wait 3").await,
        (503, Some("1".to_string())),
        "alice's lane holds 2"
    );
    assert_eq!(
        send(4, bob, "hello").await,
        (200, None),
        "bob's lane is free"
    );
    assert_eq!(handler.started.recv().await.unwrap(), "hello");

    handler.gate.send_replace(true);
    // Telegram sends update 3 again: refused before, so not a duplicate now.
    let again = tokio::spawn({
        let url = served.url.clone();
        async move { post(&url, update(3, alice, "wait 3").to_string()).await }
    });
    assert_eq!(again.await.unwrap(), (200, None));
    served.stop().await.unwrap();
    let mut done = handler.events.all();
    done.sort();
    assert_eq!(
        done,
        ["done hello", "done wait 1", "done wait 2", "done wait 3"]
    );
}

/// A request waiting for room gets in when its lane moves on, within the wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_request_gets_in_when_its_lane_has_room_issue_24() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let mut handler = gated(&app);
    let served = serve(&app, |c, _| {
        c.lane_capacity = 1;
        c.lane_wait = Duration::from_secs(60);
    })
    .await;
    let alice = tg.user("alice").id();
    assert_eq!(
        post(&served.url, update(1, alice, "wait 1").to_string())
            .await
            .0,
        200
    );
    assert_eq!(handler.started.recv().await.unwrap(), "wait 1");
    let waiting = tokio::spawn({
        let url = served.url.clone();
        async move { post(&url, update(2, alice, "two").to_string()).await }
    });
    handler.gate.send_replace(true);
    assert_eq!(waiting.await.unwrap(), (200, None));
    served.stop().await.unwrap();
    assert_eq!(handler.events.all(), ["done wait 1", "done two"]);
}

/// Through the fake Telegram, which retries a failed delivery: with room for one update per
/// chat and a closed gate, deliveries are refused until the gate opens; then every update is
/// handled once, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_deliveries_are_retried_by_telegram_and_run_once_in_order_issue_24() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let mut handler = gated(&app);
    let served = serve(&app, |c, url| {
        c.lane_capacity = 1;
        c.lane_wait = Duration::from_millis(20);
        c.webhook_url = Some(url.to_string());
    })
    .await;
    let alice = tg.user("alice");
    alice.send("wait 1").await;
    alice.send("wait 2").await;
    alice.send("wait 3").await;
    assert_eq!(handler.started.recv().await.unwrap(), "wait 1");
    // The fake has seen update 2 refused at least once before the gate opens.
    let error = tg.expect_webhook_error().await;
    assert!(error.contains("503"), "{error}");
    handler.gate.send_replace(true);
    for n in 1..=3 {
        assert_eq!(
            tg.expect_reply_to(&alice).await.text(),
            format!("got wait {n}")
        );
    }
    served.stop().await.unwrap();
    assert_eq!(
        handler.events.all(),
        ["done wait 1", "done wait 2", "done wait 3"]
    );
}
