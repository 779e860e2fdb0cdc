//! The panic guard around the dispatcher's user callbacks: a filter, a predicate or a custom
//! handler's `check` that panics must not stall its chat, hold back polling or make a stop
//! wait out its time-out.

#[path = "support/polling.rs"]
mod polling;

use futures_util::future::BoxFuture;
use polling::{Polling, message, quick, receive, text_of};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot::handlers::CheckPanic;
use telebot::handlers::{CheckInfo, Checked, Handler, MessageHandler, Outcome, TypeHandler};
use telebot::testing::FakeTelegram;
use telebot::updates::polling::PollingConfig;
use telebot::{Application, CallbackContext, Update, filters};
use tokio::sync::mpsc;

const ALICE: i64 = 10;
const BOB: i64 = 20;

/// What the error handlers saw: the update id and the error's text.
type Seen = Arc<Mutex<Vec<(Option<i64>, String)>>>;

fn record_errors(app: &Application) -> Seen {
    let seen: Seen = Arc::default();
    let log = Arc::clone(&seen);
    app.add_error_handler(move |ctx: CallbackContext| {
        let log = Arc::clone(&log);
        async move {
            let id = ctx.update().map(|u| u.update_id);
            let text = ctx.error().map(|e| e.to_string()).unwrap_or_default();
            log.lock().unwrap().push((id, text));
        }
    });
    seen
}

/// A handler function recording `(chat, text)` of every message it runs for.
fn recorder(
    tx: mpsc::UnboundedSender<(i64, String)>,
) -> impl Fn(CallbackContext) -> BoxFuture<'static, ()> + Clone + Send + Sync + 'static {
    move |ctx: CallbackContext| {
        let tx = tx.clone();
        Box::pin(async move {
            let chat = ctx
                .update()
                .and_then(|u| u.effective_chat())
                .map_or(0, |c| c.id);
            let _ = tx.send((chat, text_of(&ctx)));
        })
    }
}

/// Polling whose batches hold at most 3 updates, so that a chat stalled by a lost lane would
/// also stop fetching after three more of its updates.
fn small_batches() -> PollingConfig {
    PollingConfig {
        limit: 3,
        ..quick()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_that_panics_on_one_update_leaves_its_chat_and_polling_running() {
    let tg = FakeTelegram::start().await;
    // A stop that had to wait for a stalled lane would hang past the test's 20 s bound.
    let app = Application::builder()
        .bot(tg.bot())
        .stop_timeout(Duration::from_secs(3600))
        .build()
        .unwrap();
    let seen = record_errors(&app);
    let alice_seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&alice_seen);
    let exploding = filters::custom("explodes on alice's third", move |update: &Update| {
        if update.effective_chat().map(|c| c.id) == Some(ALICE)
            && counter.fetch_add(1, Ordering::SeqCst) == 2
        {
            panic!("filter exploded on purpose");
        }
        true
    });
    let (tx, mut handled) = mpsc::unbounded_channel();
    app.add_handler(MessageHandler::new(exploding, recorder(tx)), 0);

    let mut ids = Vec::new();
    for i in 1..=8 {
        ids.push(tg.push_update(message(ALICE, &format!("a{i}"))));
        ids.push(tg.push_update(message(BOB, &format!("b{i}"))));
    }
    let polling = Polling::start(&app, small_batches());

    let got = receive(&mut handled, 15).await;
    let alice: Vec<&str> = got
        .iter()
        .filter(|(c, _)| *c == ALICE)
        .map(|(_, t)| t.as_str())
        .collect();
    let bob: Vec<&str> = got
        .iter()
        .filter(|(c, _)| *c == BOB)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        alice,
        ["a1", "a2", "a4", "a5", "a6", "a7", "a8"],
        "alice's messages after the one whose filter panicked were handled, in order"
    );
    assert_eq!(
        bob,
        ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"],
        "bob was unaffected"
    );

    polling.stop().await.unwrap();
    let errors = seen.lock().unwrap().clone();
    assert_eq!(errors.len(), 1, "one error for the one panic: {errors:?}");
    assert_eq!(
        errors[0].0,
        Some(ids[4]),
        "the error names alice's third update"
    );
    assert!(
        errors[0].1.contains("filter exploded on purpose"),
        "the error carries the panic's message: {}",
        errors[0].1
    );
    assert!(
        tg.pending_updates().is_empty(),
        "the stop confirmed every update, the one whose filter panicked included: {:?}",
        tg.pending_updates()
    );
    assert!(
        handled.try_recv().is_err(),
        "no handler ran for the panicked update"
    );
}

/// A handler kind of a user's own whose check panics on one text, and whose run panics on
/// another before it returns its future.
struct Fragile;

impl Handler for Fragile {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        let text = update.effective_message().and_then(|m| m.text.clone());
        if text.as_deref() == Some("check") {
            panic!("check exploded");
        }
        Some(Checked::default())
    }

    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        if text_of(&ctx) == "start" {
            panic!("handle exploded");
        }
        Box::pin(async { Outcome::Continue })
    }

    fn update_kinds(&self) -> Vec<&'static str> {
        vec!["message"]
    }

    fn describe(&self) -> String {
        "Fragile".into()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_check_or_handle_that_panics_goes_to_the_error_handlers_and_later_groups_run() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let seen = record_errors(&app);
    app.add_handler(Fragile, 0);
    let (tx, mut handled) = mpsc::unbounded_channel();
    app.add_handler(TypeHandler::any(recorder(tx)), 1);
    for text in ["check", "start", "fine"] {
        tg.push_update(message(ALICE, text));
    }
    let polling = Polling::start(&app, small_batches());
    let got = receive(&mut handled, 3).await;
    polling.stop().await.unwrap();

    let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["check", "start", "fine"],
        "group 1 saw every update, in order"
    );
    let errors: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, e)| e.clone())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("check exploded") && errors[0].contains("Fragile"),
        "{errors:?}"
    );
    assert!(errors[1].contains("handle exploded"), "{errors:?}");
    assert!(tg.pending_updates().is_empty(), "every update confirmed");
}

#[test]
fn a_check_panic_names_its_handler() {
    let panic = CheckPanic {
        handler: "MessageHandler(text)".into(),
        message: "boom".into(),
    };
    let text = panic.to_string();
    assert!(
        text.contains("MessageHandler(text)") && text.contains("boom"),
        "{text}"
    );
}
