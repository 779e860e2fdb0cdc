//! The webhook's at-least-once mode (#24 item 5): with `Acknowledge::WhenHandled` the 200 comes
//! only after the update's handlers finished (a failing or panicking handler counts as
//! finished), a redelivery during handling is answered with the first run and not run twice,
//! and an update whose handler was cut short by a crash is sent again by (the fake) Telegram
//! and handled by the next process.

#[path = "support/webhook.rs"]
mod webhook;

use std::time::Duration;
use telebot::Application;
use telebot::testing::FakeTelegram;
use telebot::updates::webhook::Acknowledge;
use webhook::{SECRET, gated, post, serve, update};

/// The order of "handler done" and "200 received" decides: with the old code (200 once
/// queued) the answer came while the handler still waited at its gate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_200_comes_after_the_handlers_finished_issue_24() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let mut handler = gated(&app);
    let served = serve(&app, |c, _| c.acknowledge = Acknowledge::WhenHandled).await;
    let alice = tg.user("alice").id();

    let body = update(1, alice, "wait one").to_string();
    let events = handler.events.clone();
    let first = tokio::spawn({
        let (url, body, events) = (served.url.clone(), body.clone(), events.clone());
        async move {
            let answer = post(&url, body).await;
            events.push("answered first");
            answer
        }
    });
    assert_eq!(handler.started.recv().await.unwrap(), "wait one");
    // Telegram sends it again (its answer was late): answered with the first, not run again.
    let again = tokio::spawn({
        let (url, events) = (served.url.clone(), events.clone());
        async move {
            let answer = post(&url, body).await;
            events.push("answered again");
            answer
        }
    });
    handler.gate.send_replace(true);
    assert_eq!(first.await.unwrap().0, 200);
    assert_eq!(again.await.unwrap().0, 200);
    let done = events
        .position("done wait one")
        .expect("the handler finished");
    assert!(
        done < events.position("answered first").unwrap(),
        "{:?}",
        events.all()
    );
    assert!(
        done < events.position("answered again").unwrap(),
        "{:?}",
        events.all()
    );

    // A handler that fails or panics has handled its update: 200, not a redelivery loop.
    assert_eq!(
        post(&served.url, update(2, alice, "fail").to_string())
            .await
            .0,
        200
    );
    assert_eq!(
        post(&served.url, update(3, alice, "panic").to_string())
            .await
            .0,
        200
    );
    served.stop().await.unwrap();
    let runs = events
        .all()
        .iter()
        .filter(|e| *e == "done wait one")
        .count();
    assert_eq!(runs, 1, "the redelivery did not run again");
    assert_eq!(tg.calls_to("sendMessage").len(), 1);
}

/// A process that dies while a handler runs never answers the request; the fake Telegram, like
/// Telegram, sends the update again, and the next process (here the webhook moved to a second
/// server) handles it.
///
/// The "crash" is the first server's whole tokio runtime shut down at once: every task of it
/// (the connection, the lane, the handler) is dropped without running further, and its sockets
/// close, which is what the peer of a killed process sees. With `Acknowledge::WhenQueued`
/// (the old behaviour) the update was answered 200 before the crash and is never sent again:
/// this test then fails waiting for the reply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_cut_short_by_a_crash_is_sent_again_and_handled_issue_24() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");

    let doomed = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let bot = tg.bot();
    let (started_tx, mut started) = tokio::sync::mpsc::unbounded_channel();
    let (ready, url) = tokio::sync::oneshot::channel();
    doomed.spawn(async move {
        let app = Application::builder().bot(bot).build().unwrap();
        let mut first = gated(&app);
        let served = serve(&app, |c, _| c.acknowledge = Acknowledge::WhenHandled).await;
        let _ = ready.send(served.url.clone());
        // The gate stays closed for good: the process "dies" mid-handler.
        while let Some(text) = first.started.recv().await {
            let _ = started_tx.send(text);
        }
        drop((first.gate, served));
    });
    tg_set_webhook(&tg, &url.await.unwrap()).await;
    alice.send("wait for me").await;
    assert_eq!(started.recv().await.unwrap(), "wait for me");
    doomed.shutdown_background();

    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let second = gated(&app);
    second.gate.send_replace(true);
    let next = serve(&app, |c, url| {
        c.acknowledge = Acknowledge::WhenHandled;
        c.webhook_url = Some(url.to_string());
    })
    .await;
    let reply = tokio::time::timeout(Duration::from_secs(20), tg.expect_reply_to(&alice))
        .await
        .expect("the update was sent again after the crash");
    assert_eq!(reply.text(), "got wait for me");
    next.stop().await.unwrap();
    assert_eq!(
        second.events.all(),
        vec!["done wait for me".to_string()],
        "handled once by the second process"
    );
}

/// Points the fake Telegram's webhook at `url` with the test secret, as a bot's own
/// `setWebhook` would.
async fn tg_set_webhook(tg: &FakeTelegram, url: &str) {
    tg.bot()
        .set_webhook(url)
        .secret_token(SECRET)
        .await
        .unwrap();
}
