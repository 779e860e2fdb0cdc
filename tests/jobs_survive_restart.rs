//! Persistent jobs through the job store interface, on tokio's paused clock: a job created in
//! one application runs on schedule with its data in a new application built on the same store
//! after the first is stopped and dropped; a run missed while the bot was down runs once at
//! startup, or is skipped when later than `misfire_grace`; a stored job waits for its callback
//! to be registered; an unreadable record stays in the store; restarts never duplicate a job;
//! a job whose process is killed (SIGKILL of a child process) during its run runs again in the
//! next process.

#[path = "support/child.rs"]
mod child;
#[path = "support/jobs.rs"]
mod jobs;
#[path = "support/store.rs"]
mod store;

use child::{Reporting, Signal};
use jobs::ts;
use serde_json::json;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::process::Command;
use std::time::Duration;
use telebot::Application;
use telebot::jobs::{
    Clock, Daily, InMemoryJobStore, Job, JobData, JobError, JobOptions, JobQueue, JobStore,
    Repeating, parse_time_of_day, time_zone,
};
use telebot::persistence::{FilePersistence, Persistence};
use telebot::testing::FakeTelegram;
use tokio::sync::mpsc;

/// What a reminder run saw: when, its data, its chat.
type Seen = (String, String, Option<i64>);

type Remind = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The `remind` callback: reports when it ran, its data and its chat.
fn remind(
    tx: &mpsc::UnboundedSender<Seen>,
) -> impl Fn(Job, JobQueue, JobData<String>) -> Remind + Clone + Send + Sync + 'static {
    let tx = tx.clone();
    move |job: Job, queue: JobQueue, JobData(text): JobData<String>| {
        let tx = tx.clone();
        Box::pin(async move {
            let _ = tx.send((queue.now().to_string(), text, job.chat_id()));
        }) as Remind
    }
}

/// One process's application: the shared clock and store, `remind` registered.
fn process(
    clock: &Clock,
    store: &InMemoryJobStore,
    tx: &mpsc::UnboundedSender<Seen>,
) -> Application {
    let app = Application::builder()
        .bot(telebot::Bot::builder().token("1:not-used"))
        .clock(clock.clone())
        .job_store(store.clone())
        .build()
        .unwrap();
    app.job_queue().register("remind", remind(tx));
    app
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Seen>) -> Seen {
    rx.recv().await.expect("a run")
}

fn seen(at: &str, text: &str, chat: Option<i64>) -> Seen {
    (at.to_string(), text.to_string(), chat)
}

#[tokio::test(start_paused = true)]
async fn a_persistent_job_runs_on_schedule_with_its_data_after_a_restart() {
    let clock = Clock::starting_at(ts("2026-05-01T06:00:00Z"));
    let store = InMemoryJobStore::new();
    let (tx, mut rx) = mpsc::unbounded_channel();

    let first = process(&clock, &store, &tx);
    let remind_cb = first.job_queue().registered("remind").unwrap();
    let nine = parse_time_of_day("09:00").unwrap();
    let daily = first
        .job_queue()
        .run_daily(
            remind_cb.clone(),
            Daily::at(nine).time_zone(time_zone("Europe/Berlin").unwrap()),
            JobOptions::new()
                .chat_id(42)
                .data("water the plants")
                .persistent(),
        )
        .unwrap();
    let once = first
        .job_queue()
        .run_once(
            remind_cb,
            ts("2026-05-02T12:00:00Z"),
            JobOptions::new().data("call mum").persistent(),
        )
        .unwrap();
    let (daily_id, once_id) = (daily.id().to_string(), once.id().to_string());
    first.start().await;
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-01T07:00:00Z", "water the plants", Some(42))
    );
    first.stop().await;
    drop((first, daily, once));

    let stored = store.snapshot();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[&daily_id]["next_t"], "2026-05-02T07:00:00Z");
    assert_eq!(stored[&daily_id]["schedule"]["tz"], "Europe/Berlin");

    let second = process(&clock, &store, &tx);
    second.start().await;
    let restored = second.job_queue().get_job(&daily_id).expect("restored");
    assert_eq!(restored.data::<String>().unwrap(), "water the plants");
    assert_eq!(restored.chat_id(), Some(42));
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-02T07:00:00Z", "water the plants", Some(42))
    );
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-02T12:00:00Z", "call mum", None)
    );
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-03T07:00:00Z", "water the plants", Some(42))
    );
    assert!(
        !store.snapshot().contains_key(&once_id),
        "a one-shot job leaves the store after its run"
    );
}

#[tokio::test(start_paused = true)]
async fn a_run_missed_while_down_runs_once_at_startup_or_is_skipped_past_misfire_grace() {
    let clock = Clock::starting_at(ts("2026-05-01T00:00:00Z"));
    let store = InMemoryJobStore::new();
    let (tx, mut rx) = mpsc::unbounded_channel();

    let first = process(&clock, &store, &tx);
    let jq = first.job_queue();
    let cb = jq.registered("remind").unwrap();
    jq.run_repeating(
        cb.clone(),
        Repeating::every(Duration::from_secs(3600)),
        JobOptions::new().data("hourly").persistent(),
    )
    .unwrap();
    let strict = jq
        .run_once(
            cb,
            Duration::from_secs(1800),
            JobOptions::new()
                .data("strict")
                .misfire_grace(Duration::from_secs(600))
                .persistent(),
        )
        .unwrap();
    let strict_id = strict.id().to_string();
    first.start().await;
    tokio::time::sleep(Duration::from_secs(300)).await;
    first.stop().await;
    drop((first, strict));

    // Down from 00:05 to 03:10: three hourly runs and the one-shot at 00:30 are missed.
    tokio::time::sleep(Duration::from_secs(3 * 3600 + 300)).await;
    let second = process(&clock, &store, &tx);
    second.start().await;
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-01T03:10:00Z", "hourly", None),
        "the missed hourly runs run once, at startup"
    );
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-01T04:00:00Z", "hourly", None),
        "then it is back on its schedule"
    );
    assert!(
        !store.snapshot().contains_key(&strict_id),
        "the one-shot missed by 2h40m, past its 10 min grace, was skipped and removed"
    );
    assert!(rx.try_recv().is_err(), "and did not run");
}

#[tokio::test(start_paused = true)]
async fn stored_jobs_wait_for_their_callback_and_unreadable_records_stay() {
    let clock = Clock::starting_at(ts("2026-05-01T00:00:00Z"));
    let store = InMemoryJobStore::new();
    let (tx, mut rx) = mpsc::unbounded_channel();
    store
        .update_job("broken".into(), Some(json!({"v": 1, "callback": "remind"})))
        .await
        .unwrap();
    store
        .update_job("future".into(), Some(json!({"v": 99})))
        .await
        .unwrap();

    let first = process(&clock, &store, &tx);
    let later = first.job_queue().register("later", remind(&tx));
    first
        .job_queue()
        .run_once(
            later,
            Duration::from_secs(60),
            JobOptions::new().data("late callback").persistent(),
        )
        .unwrap();
    first.start().await;
    first.stop().await;
    drop(first);

    // The new process registers only `remind` at first.
    let second = process(&clock, &store, &tx);
    second.start().await;
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert!(rx.try_recv().is_err(), "no callback, no run");
    assert_eq!(store.snapshot().len(), 3, "nothing was lost");
    assert_eq!(
        store.snapshot()["broken"],
        json!({"v": 1, "callback": "remind"})
    );

    second.job_queue().register("later", remind(&tx));
    assert_eq!(
        next(&mut rx).await,
        seen("2026-05-01T00:02:00Z", "late callback", None),
        "registered, it runs its missed run at once"
    );
    assert_eq!(
        store
            .snapshot()
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        ["broken".to_string(), "future".to_string()].into(),
        "the unreadable records are untouched"
    );
}

#[tokio::test(start_paused = true)]
async fn restarts_never_duplicate_a_persistent_job_scheduled_under_a_fixed_id() {
    let clock = Clock::starting_at(ts("2026-05-01T00:00:00Z"));
    let store = InMemoryJobStore::new();
    let (tx, mut rx) = mpsc::unbounded_channel();
    for restart in 0..3 {
        let app = process(&clock, &store, &tx);
        let jq = app.job_queue();
        let job = jq
            .run_repeating(
                jq.registered("remind").unwrap(),
                Repeating::every(Duration::from_secs(600)),
                JobOptions::new().id("digest").data("digest").persistent(),
            )
            .unwrap();
        app.start().await;
        assert_eq!(jq.jobs().len(), 1, "restart {restart}");
        assert_eq!(next(&mut rx).await.1, "digest");
        if restart == 1 {
            job.set_enabled(false);
            job.set_data("paused digest").unwrap();
        }
        app.stop().await;
        assert_eq!(store.snapshot().len(), 1, "restart {restart}");
    }
    let app = process(&clock, &store, &tx);
    app.start().await;
    let job = app.job_queue().get_job("digest").unwrap();
    assert!(
        job.enabled(),
        "the code's definition (enabled) replaced the stored one"
    );
    assert_eq!(job.data::<String>().unwrap(), "digest");
}

#[tokio::test(start_paused = true)]
async fn pause_and_new_data_are_stored_and_come_back() {
    let clock = Clock::starting_at(ts("2026-05-01T00:00:00Z"));
    let store = InMemoryJobStore::new();
    let (tx, _rx) = mpsc::unbounded_channel();
    let first = process(&clock, &store, &tx);
    let jq = first.job_queue();
    let job = jq
        .run_repeating(
            jq.registered("remind").unwrap(),
            Duration::from_secs(600),
            JobOptions::new().data("v1").persistent(),
        )
        .unwrap();
    first.start().await;
    job.set_enabled(false);
    job.set_data("v2").unwrap();
    first.stop().await;
    let id = job.id().to_string();
    drop((first, job));

    let second = process(&clock, &store, &tx);
    second.start().await;
    let job = second.job_queue().get_job(&id).unwrap();
    assert!(!job.enabled());
    assert_eq!(job.data::<String>().unwrap(), "v2");
}

#[tokio::test(start_paused = true)]
async fn a_persistent_job_needs_a_store_and_a_callback_registered_by_name() {
    let app = jobs::app_at("2026-05-01T00:00:00Z");
    let (tx, _rx) = mpsc::unbounded_channel();
    let jq = app.job_queue();
    let named = jq.register("remind", remind(&tx));
    let error = jq
        .run_once(named, Duration::ZERO, JobOptions::new().persistent())
        .unwrap_err();
    assert!(matches!(error, JobError::NoStore(_)), "{error}");
    assert!(error.to_string().contains("ApplicationBuilder::job_store"));

    let clock = Clock::starting_at(ts("2026-05-01T00:00:00Z"));
    let app = process(&clock, &InMemoryJobStore::new(), &tx);
    let error = app
        .job_queue()
        .run_once(remind(&tx), Duration::ZERO, JobOptions::new().persistent())
        .unwrap_err();
    assert!(matches!(error, JobError::NotDurable { .. }), "{error}");
    assert!(error.to_string().contains("JobQueue::register"), "{error}");
}

/// The crash-test child (`tests/bin/ledger_bot.rs` in its jobs mode) over the file store in
/// `dir`, in its `first` or `second` life.
fn job_child(tg: &FakeTelegram, dir: &Path, life: &str) -> Reporting {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ledger_bot"));
    command
        .env("LEDGER_MODE", "jobs")
        .env("LEDGER_STORE", dir)
        .env("LEDGER_RUN", life)
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url());
    Reporting::spawn(command)
}

/// Reads the child's lines until it has printed each of `wanted`, in any order.
async fn expect_all(child: &mut Reporting, wanted: &[&str]) {
    let mut missing: Vec<&str> = wanted.to_vec();
    while !missing.is_empty() {
        match child.next_line(BOUND).await {
            Some(line) => missing.retain(|w| *w != line),
            None => panic!("the child exited before printing {missing:?}"),
        }
    }
}

/// The failure bound of each wait on the child.
const BOUND: Duration = Duration::from_secs(20);

/// A real crash: the process running the job is killed with SIGKILL while the job runs (no
/// stop, no flush, no destructor), and a new process on the same store runs it again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_shot_job_cut_short_by_a_killed_process_runs_again_after_the_restart() {
    let tg = FakeTelegram::start().await;
    let dir = store::TempDir::new("jobs-sigkill");

    let mut first = job_child(&tg, dir.path(), "first");
    expect_all(&mut first, &["ready", "began cut cut"]).await;
    let (_, after) = first.stop(Signal::Kill, BOUND).await;
    assert!(after.is_empty(), "nothing after the kill: {after:?}");

    let stored = FilePersistence::open(dir.path())
        .unwrap()
        .get_jobs()
        .await
        .expect("the store loads after the kill");
    assert!(
        stored
            .get("cut")
            .is_some_and(|record| !record["next_t"].is_null()),
        "the record still holds the run that did not end: {stored:?}"
    );

    let mut second = job_child(&tg, dir.path(), "second");
    expect_all(&mut second, &["ready", "ran cut cut"]).await;
    second.stop(Signal::Kill, BOUND).await;
}
