//! Long polling with an update journal (issue #20): updates are confirmed to Telegram once
//! journaled, so a slow update holds back only its own chat, not polling for every chat; what
//! a run leaves unhandled is handled first by the next one, from the journal (Telegram does
//! not send it again); a journal that cannot be used is a clear error before anything starts;
//! a journal that fills the disk mid-run loses nothing.

#[path = "support/child.rs"]
mod child;
#[path = "support/polling.rs"]
mod polling;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use polling::{Polling, message, offsets, quick, receive, text_of};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use telebot::handlers::TypeHandler;
use telebot::testing::FakeTelegram;
use telebot::updates::polling::{DeliveryGuarantee, JournalConfig, PollingConfig, run_until};
use telebot::{Application, CallbackContext};
use temp_dir::TempDir;
use tokio::sync::{Semaphore, mpsc};

/// Polling in batches of `limit` with a journal at `path`.
fn journaled(path: &PathBuf, limit: i64) -> PollingConfig {
    PollingConfig {
        limit,
        journal: Some(JournalConfig::new(path)),
        ..quick()
    }
}

/// An application whose handler reports `(chat, update id)` for each update it handles;
/// updates whose text is `"slow"` first wait for a permit of `gate`.
fn recording_app(
    tg: &FakeTelegram,
    gate: Arc<Semaphore>,
    stop_timeout: Duration,
) -> (Application, mpsc::UnboundedReceiver<(i64, i64)>) {
    let app = Application::builder()
        .bot(tg.bot())
        .stop_timeout(stop_timeout)
        .build()
        .unwrap();
    let (tx, rx) = mpsc::unbounded_channel();
    app.add_handler(
        TypeHandler::any(move |ctx: CallbackContext| {
            let tx = tx.clone();
            let gate = Arc::clone(&gate);
            async move {
                if text_of(&ctx) == "slow" {
                    let _permit = gate.acquire().await;
                }
                let chat = ctx
                    .update()
                    .and_then(|u| u.effective_chat())
                    .map_or(0, |c| c.id);
                let _ = tx.send((chat, ctx.update().map_or(0, |u| u.update_id)));
            }
        }),
        0,
    );
    (app, rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_update_holds_back_its_chat_only_and_polling_goes_far_past_it() {
    let dir = TempDir::new("journal-slow");
    let tg = FakeTelegram::start().await;
    let gate = Arc::new(Semaphore::new(0));
    let (app, mut handled) = recording_app(&tg, Arc::clone(&gate), Duration::from_secs(10));
    let slow = tg.push_update(message(1, "slow"));
    let behind_slow: Vec<i64> = (0..3)
        .map(|_| tg.push_update(message(1, "after")))
        .collect();
    // Twenty times the batch size: without a journal polling stops `limit` updates past the
    // slow one, until it finishes.
    let others: Vec<i64> = (0..200)
        .map(|i| tg.push_update(message(100 + i % 40, "fast")))
        .collect();
    let polling = Polling::start(&app, journaled(&dir.join("journal"), 10));

    let mut done: Vec<i64> = receive(&mut handled, others.len())
        .await
        .into_iter()
        .map(|(chat, id)| {
            assert_ne!(chat, 1, "chat 1 waits for its slow update (got {id})");
            id
        })
        .collect();
    done.sort_unstable();
    assert_eq!(done, others, "every other chat's updates were handled");
    assert!(
        tg.wait_until_idle(Duration::from_secs(5)).await,
        "Telegram's updates all confirmed, a long poll waiting, while update {slow} still runs"
    );
    let confirmed = offsets(&tg).into_iter().max().unwrap_or(0);
    assert!(
        confirmed > *others.last().unwrap(),
        "journaled updates are confirmed though update {slow} still runs (offset {confirmed})"
    );

    gate.add_permits(1);
    let chat_one: Vec<i64> = receive(&mut handled, 4)
        .await
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let mut expected = vec![slow];
    expected.extend(&behind_slow);
    assert_eq!(chat_one, expected, "chat 1's updates in order, once");
    polling.stop().await.unwrap();
    assert!(handled.try_recv().is_err(), "nothing was handled twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_run_left_unhandled_the_next_run_handles_first_from_the_journal() {
    let dir = TempDir::new("journal-replay");
    let journal = dir.join("journal");
    let tg = FakeTelegram::start().await;
    let gate = Arc::new(Semaphore::new(0));
    // The first run stops while the slow update still runs (a stop time-out of 50 ms).
    let (first, mut handled) = recording_app(&tg, Arc::clone(&gate), Duration::from_millis(50));
    let slow = tg.push_update(message(7, "slow"));
    let after = tg.push_update(message(7, "after"));
    let elsewhere = tg.push_update(message(8, "fast"));
    let polling = Polling::start(&first, journaled(&journal, 100));
    assert_eq!(receive(&mut handled, 1).await, vec![(8, elsewhere)]);
    polling.stop().await.unwrap();
    assert!(
        tg.pending_updates().is_empty(),
        "all three were confirmed to Telegram once journaled"
    );
    let calls_before = tg.calls_to("getUpdates").len();

    // The second run: the journal holds the two updates of chat 7, unhandled. (The first
    // run's handler may still wait on its gate, which never opens.)
    let (second, mut handled_again) =
        recording_app(&tg, Arc::new(Semaphore::new(10)), Duration::from_secs(10));
    let newer = tg.push_update(message(7, "newest"));
    let polling = Polling::start(&second, journaled(&journal, 100));
    assert_eq!(
        receive(&mut handled_again, 3).await,
        vec![(7, slow), (7, after), (7, newer)],
        "the journal's updates first, in order, then the new one"
    );
    assert!(tg.wait_until_idle(Duration::from_secs(5)).await);
    polling.stop().await.unwrap();
    let resumed_at = tg.calls_to("getUpdates")[calls_before]
        .param("offset")
        .and_then(serde_json::Value::as_i64)
        .expect("the second run's first getUpdates has an offset");
    assert_eq!(
        resumed_at,
        elsewhere + 1,
        "the second run asks for updates after the highest journaled one"
    );
    assert!(handled_again.try_recv().is_err(), "nothing handled twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_that_cannot_be_used_stops_the_start_with_a_clear_error() {
    let dir = TempDir::new("journal-errors");
    let tg = FakeTelegram::start().await;
    let (app, _) = recording_app(&tg, Arc::new(Semaphore::new(0)), Duration::from_secs(1));

    let foreign = dir.join("notes.txt");
    std::fs::write(&foreign, "my notes\n").unwrap();
    let error = run_until(&app, journaled(&foreign, 100), std::future::pending())
        .await
        .expect_err("a file that is not a journal is refused");
    let text = error.to_string();
    assert!(
        text.contains("not a telebot update journal") && text.contains("notes.txt"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&foreign).unwrap(), "my notes\n");

    let at_most_once = PollingConfig {
        delivery: DeliveryGuarantee::AtMostOnce,
        ..journaled(&dir.join("journal"), 100)
    };
    let error = run_until(&app, at_most_once, std::future::pending())
        .await
        .expect_err("a journal with at-most-once delivery is refused");
    assert!(error.to_string().contains("at-least-once"), "{error}");

    let missing_dir = journaled(&dir.join("no such dir").join("journal"), 100);
    let error = run_until(&app, missing_dir, std::future::pending())
        .await
        .expect_err("a journal in a missing directory is refused");
    assert!(error.to_string().contains("no such dir"), "{error}");
    assert!(tg.calls_to("getUpdates").is_empty(), "nothing was fetched");
}

/// The bot as a child whose files may not grow past 64 KiB (`ulimit -f`, with SIGXFSZ
/// ignored so that a write past it fails with EFBIG as on a full disk): the journal fills up
/// partway through 400 updates of about 300 bytes each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_that_fills_the_disk_mid_run_loses_nothing_and_says_so() {
    const UPDATES: usize = 400;
    const LIMIT_BYTES: u64 = 64 * 1024;
    let bound = Duration::from_secs(30);
    let dir = TempDir::new("journal-full");
    let journal = dir.join("updates.journal");
    let tg = FakeTelegram::start().await;
    let pushed: Vec<i64> = (0..UPDATES)
        .map(|i| {
            tg.push_update(message(
                1 + i as i64 % 30,
                &format!("update {i:03} {}", "x".repeat(120)),
            ))
        })
        .collect();
    let stderr_path = dir.join("stderr");
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {}; exec \"$0\"",
            LIMIT_BYTES / 512
        ))
        .arg(env!("CARGO_BIN_EXE_ledger_bot"))
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("LEDGER", dir.join("ledger"))
        .env("LEDGER_RUN", "0")
        .env("LEDGER_LIMIT", "20")
        .env("LEDGER_WORK_MS", "1")
        .env("LEDGER_JOURNAL", &journal)
        .stderr(std::fs::File::create(&stderr_path).unwrap());
    let mut child = child::Reporting::spawn(command);
    child.expect("ready", bound).await;
    let mut handled = std::collections::BTreeSet::new();
    while handled.len() < UPDATES {
        match child.next_line(bound).await {
            Some(line) => {
                if let Some(id) = line.strip_prefix("handled ") {
                    assert!(
                        handled.insert(id.parse::<i64>().unwrap()),
                        "{id} handled twice"
                    );
                }
            }
            None => panic!("the bot exited after {} updates", handled.len()),
        }
    }
    let (clean, _) = child.stop(child::Signal::Term, bound).await;
    let log = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(clean, "a clean exit after SIGTERM; its log:\n{log}");
    assert_eq!(
        handled.into_iter().collect::<Vec<_>>(),
        pushed,
        "every update handled once"
    );
    assert!(tg.pending_updates().is_empty(), "every update confirmed");
    // The fault struck mid-run: the journal took updates until the limit, and refused more.
    assert!(
        log.contains("update journal: writing failed"),
        "the failed write is reported; the log:\n{log}"
    );
    let size = std::fs::metadata(&journal).unwrap().len();
    assert!(
        size > LIMIT_BYTES / 2 && size <= LIMIT_BYTES,
        "the journal grew to the limit and no further ({size} bytes)"
    );
}
