//! Long polling through the fake Telegram (issue 5): the offset never passes an update still
//! being handled, a slow update does not stall the others, a poison update does not hold back
//! its batch, faults on getUpdates lose and repeat nothing, 409 is reported and survived, 401
//! stops, and a graceful stop confirms exactly what was handled.

#[path = "support/polling.rs"]
mod polling;

use polling::{Polling, message, offsets, quick, receive, text_of};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use telebot::handlers::TypeHandler;
use telebot::testing::{FakeTelegram, Fault};
use telebot::updates::UndecodableUpdate;
use telebot::updates::polling::{DeliveryGuarantee, PollingConfig, PollingConflict};
use telebot::{Application, CallbackContext, Error};
use tokio::sync::{Semaphore, mpsc};

/// An application whose one handler reports each update id it handles; updates whose text is
/// `"slow"` first wait for a permit of `gate`.
fn recording_app(
    tg: &FakeTelegram,
    gate: Arc<Semaphore>,
) -> (Application, mpsc::UnboundedReceiver<i64>) {
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    app.add_handler(
        TypeHandler::any(move |ctx: CallbackContext| {
            let tx = tx.clone();
            let gate = Arc::clone(&gate);
            async move {
                if text_of(&ctx) == "slow" {
                    let _permit = gate.acquire().await;
                }
                let _ = tx.send(ctx.update().map_or(0, |u| u.update_id));
            }
        }),
        0,
    );
    (app, rx)
}

fn counts(ids: &[i64]) -> BTreeMap<i64, usize> {
    let mut counts = BTreeMap::new();
    for id in ids {
        *counts.entry(*id).or_default() += 1;
    }
    counts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_update_does_not_stall_the_others_and_is_never_confirmed_early() {
    let tg = FakeTelegram::start().await;
    let gate = Arc::new(Semaphore::new(0));
    let (app, mut handled) = recording_app(&tg, Arc::clone(&gate));
    let slow = tg.push_update(message(1, "slow"));
    let others: Vec<i64> = (0..30)
        .map(|i| tg.push_update(message(100 + i, "fast")))
        .collect();
    let polling = Polling::start(&app, quick());

    let mut done = receive(&mut handled, 30).await;
    done.sort_unstable();
    assert_eq!(
        done, others,
        "the 30 updates after the slow one were all handled"
    );
    assert!(
        offsets(&tg).iter().all(|&offset| offset <= slow),
        "no getUpdates confirmed past the running update {slow}: {:?}",
        offsets(&tg)
    );
    assert_eq!(
        tg.pending_updates()[0]["update_id"],
        slow,
        "the slow update is still unconfirmed"
    );

    gate.add_permits(1);
    assert_eq!(receive(&mut handled, 1).await, vec![slow]);
    assert!(tg.wait_until_idle(Duration::from_secs(5)).await);
    polling.stop().await.unwrap();
    assert!(handled.try_recv().is_err(), "nothing was handled twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_non_blocking_handler_holds_its_update_unconfirmed() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let gate = Arc::new(Semaphore::new(0));
    let (tx, mut started) = mpsc::unbounded_channel();
    let held = Arc::clone(&gate);
    app.add_handler(
        TypeHandler::any(move |ctx: CallbackContext| {
            let tx = tx.clone();
            let gate = Arc::clone(&held);
            async move {
                let _ = tx.send(ctx.update().map_or(0, |u| u.update_id));
                let _permit = gate.acquire().await;
            }
        })
        .block(false),
        0,
    );
    let id = tg.push_update(message(1, "background"));
    let polling = Polling::start(&app, quick());
    assert_eq!(receive(&mut started, 1).await, vec![id]);
    // The lane is free at once; the poller keeps polling but never confirms the update: two
    // getUpdates answered after the handler started (a state the test observes in the fake's
    // log, not a moment it hopes to catch), none with an offset past the update.
    // `expect_call` hands out the calls in order: the last of these is the second one made
    // after the handler started.
    let before = tg.calls_to("getUpdates").len();
    for _ in 0..before + 2 {
        tg.expect_call("getUpdates").await;
    }
    assert!(
        offsets(&tg).iter().all(|&offset| offset <= id),
        "{:?}",
        offsets(&tg)
    );
    assert_eq!(tg.pending_updates().len(), 1);
    gate.add_permits(1);
    assert!(tg.wait_until_idle(Duration::from_secs(5)).await);
    polling.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_update_in_a_batch_of_100_does_not_hold_back_the_other_99() {
    let tg = FakeTelegram::start().await;
    let (app, mut handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
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
    let mut ids = Vec::new();
    let mut poison_id = 0;
    for i in 0..100 {
        let mut update = message(1000 + i, &format!("n{i}"));
        if i == 37 {
            update["message"]["chat"]["id"] = "not-a-chat-id".into();
        }
        let id = tg.push_update(update);
        if i == 37 {
            poison_id = id;
        } else {
            ids.push(id);
        }
    }
    let polling = Polling::start(&app, quick());

    let mut done = receive(&mut handled, 99).await;
    done.sort_unstable();
    assert_eq!(done, ids, "the other 99 were handled");
    let poison = receive(&mut reported, 1).await.remove(0);
    assert_eq!(poison.update_id, poison_id);
    assert!(poison.raw.contains("not-a-chat-id"), "{}", poison.raw);
    assert!(
        tg.wait_until_idle(Duration::from_secs(5)).await,
        "the offset moved past the batch"
    );
    assert!(
        tg.calls_to("getUpdates").len() < 10,
        "no tight loop over the batch: {} polls",
        tg.calls_to("getUpdates").len()
    );
    polling.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_get_updates_lose_nothing_and_repeat_nothing() {
    let tg = FakeTelegram::start().await;
    let (app, mut handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let ids: Vec<i64> = (0..200)
        .map(|i| tg.push_update(message(1 + i % 20, &format!("n{i}"))))
        .collect();
    let faults = [
        tg.fault(Fault::TooManyRequests { retry_after: 1 })
            .on("getUpdates")
            .times(1),
        tg.fault(Fault::ServerError { status: 502 })
            .on("getUpdates")
            .with_probability(0.15, 1),
        tg.fault(Fault::GatewayError { status: 504 })
            .on("getUpdates")
            .with_probability(0.1, 2),
        tg.fault(Fault::DropConnection)
            .on("getUpdates")
            .with_probability(0.1, 3),
        tg.fault(Fault::TruncatedJson)
            .on("getUpdates")
            .with_probability(0.15, 4),
        tg.fault(Fault::HtmlErrorPage)
            .on("getUpdates")
            .with_probability(0.1, 5),
    ];
    let config = PollingConfig {
        limit: 10,
        ..quick()
    };
    let polling = Polling::start(&app, config);

    let done = receive(&mut handled, 200).await;
    assert!(tg.wait_until_idle(Duration::from_secs(10)).await);
    polling.stop().await.unwrap();
    for fault in &faults {
        assert!(fault.hits() > 0, "every fault fired at least once");
    }
    let counts = counts(&done);
    assert_eq!(counts.keys().copied().collect::<Vec<_>>(), ids, "none lost");
    assert!(counts.values().all(|&n| n == 1), "none handled twice");
    assert!(handled.try_recv().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_is_reported_once_and_polling_goes_on() {
    let tg = FakeTelegram::start().await;
    let (app, mut handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let (tx, mut conflicts) = mpsc::unbounded_channel();
    app.add_error_handler(move |ctx: CallbackContext| {
        let tx = tx.clone();
        async move {
            if let Some(conflict) = ctx
                .error()
                .and_then(|e| e.downcast_ref::<PollingConflict>())
            {
                let _ = tx.send(conflict.to_string());
            }
        }
    });
    let conflict = tg.fault(Fault::Conflict).on("getUpdates").times(3);
    let id = tg.push_update(message(1, "after the conflict"));
    let polling = Polling::start(&app, quick());

    assert_eq!(receive(&mut handled, 1).await, vec![id]);
    assert_eq!(conflict.hits(), 3);
    let reports = receive(&mut conflicts, 1).await;
    assert!(
        reports[0].contains("Conflict") && reports[0].contains("Another instance"),
        "{}",
        reports[0]
    );
    polling.stop().await.unwrap();
    assert!(
        conflicts.try_recv().is_err(),
        "one report for one episode of conflicts"
    );
}

#[tokio::test]
async fn conflicts_without_a_break_stop_polling_with_the_conflict_after_the_limit() {
    let tg = FakeTelegram::start().await;
    let (app, _handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let conflict = tg.fault(Fault::Conflict).on("getUpdates");
    let config = PollingConfig {
        conflict_limit: Duration::from_millis(300),
        ..quick()
    };
    let polling = Polling::start(&app, config);
    let ended = tokio::time::timeout(Duration::from_secs(20), polling.task)
        .await
        .expect("polling stops by itself once conflicts outlast the limit")
        .expect("the polling task did not panic");
    let error = ended.expect_err("polling ends with the conflict");
    assert_eq!(error.error_code(), Some(409), "{error}");
    assert!(
        conflict.hits() >= 2,
        "conflicts were retried before the limit: {}",
        conflict.hits()
    );
}

#[tokio::test]
async fn a_webhook_that_is_set_stops_polling_unless_asked_to_delete_it() {
    let tg = FakeTelegram::start().await;
    tg.bot()
        .set_webhook("https://bots.example.com/hook/s3cret-path")
        .await
        .unwrap();
    let (app, _handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let refused = tokio::time::timeout(
        Duration::from_secs(20),
        telebot::updates::polling::run_until(&app, quick(), std::future::pending()),
    )
    .await
    .expect("polling refuses at once")
    .expect_err("a webhook is set");
    let text = refused.to_string();
    assert!(
        text.contains("bots.example.com") && text.contains("delete_webhook"),
        "{text}"
    );
    assert!(
        !text.contains("s3cret"),
        "the webhook's path is not shown: {text}"
    );
    assert!(tg.calls_to("getUpdates").is_empty(), "nothing was polled");
    assert!(
        tg.calls_to("deleteWebhook").is_empty(),
        "the webhook was kept"
    );

    let (app, mut handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let config = PollingConfig {
        delete_webhook: true,
        ..quick()
    };
    let id = tg.push_update(message(7, "polled after the webhook was deleted"));
    let polling = Polling::start(&app, config);
    assert_eq!(receive(&mut handled, 1).await, vec![id]);
    polling.stop().await.unwrap();
    assert_eq!(
        tg.calls_to("deleteWebhook").len(),
        1,
        "deleted once, as asked"
    );
}

#[tokio::test]
async fn a_rejected_token_stops_polling_with_a_clear_error() {
    let tg = FakeTelegram::start().await;
    let (app, _handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let polling = Polling::start(&app, quick());
    tg.wait_until_polling().await;
    tg.fault(Fault::Error {
        code: 401,
        description: "Unauthorized".into(),
    })
    .on("getUpdates");
    tg.push_update(message(1, "wake the poll"));
    let result = tokio::time::timeout(Duration::from_secs(10), polling.task)
        .await
        .expect("polling stopped by itself")
        .unwrap();
    let error = result.unwrap_err();
    assert!(matches!(&error, Error::InvalidToken { .. }), "{error:?}");
    assert!(error.to_string().contains("401"), "{error}");
    assert!(!format!("{error} {error:?}").contains(&tg.token()));

    // A wrong token at startup fails at once too.
    let wrong = telebot::Bot::builder()
        .token("123:wrong-token")
        .api_url(tg.api_url());
    let app = Application::builder().bot(wrong).build().unwrap();
    let error = Polling::start(&app, quick())
        .task
        .await
        .unwrap()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidToken { .. }), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_finishes_and_confirms_exactly_what_was_handled() {
    let tg = FakeTelegram::start().await;
    let gate = Arc::new(Semaphore::new(0));
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let (tx, mut started) = mpsc::unbounded_channel();
    let held = Arc::clone(&gate);
    app.add_handler(
        TypeHandler::any(move |ctx: CallbackContext| {
            let tx = tx.clone();
            let gate = Arc::clone(&held);
            async move {
                let _ = tx.send(ctx.update().map_or(0, |u| u.update_id));
                let _permit = gate.acquire().await;
            }
        }),
        0,
    );
    let ids: Vec<i64> = (0..5)
        .map(|i| tg.push_update(message(10 + i, "x")))
        .collect();
    let polling = Polling::start(&app, quick());
    receive(&mut started, 5).await;
    assert_eq!(
        tg.pending_updates().len(),
        5,
        "none confirmed while running"
    );

    // The stop waits for the five handlers, then confirms them.
    let stopping = tokio::spawn(polling.stop());
    gate.add_permits(5);
    stopping.await.unwrap().unwrap();
    assert!(tg.pending_updates().is_empty(), "all five were confirmed");
    assert_eq!(offsets(&tg).last(), Some(&(ids[4] + 1)));

    // A clean restart repeats nothing.
    let (app, mut handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let polling = Polling::start(&app, quick());
    let fresh = tg.push_update(message(10, "new"));
    assert_eq!(receive(&mut handled, 1).await, vec![fresh]);
    polling.stop().await.unwrap();
    assert!(handled.try_recv().is_err());
}

#[tokio::test]
async fn drop_pending_updates_skips_the_backlog() {
    let tg = FakeTelegram::start().await;
    for i in 0..5 {
        tg.push_update(message(1, &format!("old {i}")));
    }
    let (app, mut handled) = recording_app(&tg, Arc::new(Semaphore::new(0)));
    let config = PollingConfig {
        drop_pending_updates: true,
        ..quick()
    };
    let polling = Polling::start(&app, config);
    tg.wait_until_polling().await;
    let fresh = tg.push_update(message(1, "new"));
    assert_eq!(receive(&mut handled, 1).await, vec![fresh]);
    polling.stop().await.unwrap();
    assert!(handled.try_recv().is_err(), "the backlog was dropped");
    let calls = tg.calls_to("getUpdates");
    assert!(
        calls
            .iter()
            .all(|c| c.param("allowed_updates").is_some() || c.param("limit") == Some(&1.into())),
        "allowed_updates is sent with every poll"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fast_acknowledgement_confirms_before_handling() {
    let tg = FakeTelegram::start().await;
    let gate = Arc::new(Semaphore::new(0));
    let (app, mut handled) = recording_app(&tg, Arc::clone(&gate));
    let slow = tg.push_update(message(1, "slow"));
    let config = PollingConfig {
        delivery: DeliveryGuarantee::AtMostOnce,
        ..quick()
    };
    let polling = Polling::start(&app, config);
    tg.wait_until_idle(Duration::from_secs(5)).await;
    assert!(
        offsets(&tg).contains(&(slow + 1)),
        "confirmed while still running: {:?}",
        offsets(&tg)
    );
    gate.add_permits(1);
    assert_eq!(receive(&mut handled, 1).await, vec![slow]);
    polling.stop().await.unwrap();
}
