//! What happens to a job's runs, on tokio's paused clock: errors and panics go to the error
//! handlers (with the job in their context) and the job keeps its schedule; pause skips runs and
//! resume returns to the schedule; removal ends a job; `run` runs it now without moving the
//! schedule; runs that come due during a long run are skipped or queued; `stop` starts no run
//! and waits for runs going, at most `stop_timeout`.

#[path = "support/jobs.rs"]
mod jobs;

use jobs::{Runs, app_at, builder_at, ts};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use telebot::jobs::{Job, JobOptions, JobQueue, Overlap, Repeating};
use telebot::{CallbackContext, HandlerResult};
use tokio::sync::mpsc;

fn every_minute() -> Repeating {
    Repeating::every(Duration::from_secs(60))
}

#[tokio::test(start_paused = true)]
async fn errors_and_panics_reach_the_error_handlers_and_the_job_keeps_running() {
    let app = app_at("2026-01-01T00:00:00Z");
    let (errors_tx, mut errors) = mpsc::unbounded_channel::<(String, String)>();
    app.add_error_handler(move |ctx: CallbackContext| {
        let errors_tx = errors_tx.clone();
        async move {
            let job = ctx.job().map(|j| j.name().to_string()).unwrap_or_default();
            let error = ctx.error().map(|e| e.to_string()).unwrap_or_default();
            let _ = errors_tx.send((job, error));
        }
    });
    let mut runs = Runs::new();
    let sender = runs.sender();
    let count = Arc::new(AtomicUsize::new(0));
    app.job_queue()
        .run_repeating(
            move |queue: JobQueue| {
                let (sender, count) = (sender.clone(), Arc::clone(&count));
                async move {
                    let _ = sender.send(queue.now());
                    match count.fetch_add(1, Ordering::SeqCst) {
                        0 => Err("the weather service is down".into()),
                        1 => panic!("unexpected weather"),
                        _ => HandlerResult::Ok(()),
                    }
                }
            },
            every_minute(),
            JobOptions::new().name("forecast"),
        )
        .unwrap();
    app.start().await;
    assert_eq!(
        runs.take(3).await,
        [
            "2026-01-01T00:01:00Z",
            "2026-01-01T00:02:00Z",
            "2026-01-01T00:03:00Z"
        ],
        "the failing runs did not move the schedule"
    );
    assert_eq!(
        errors.recv().await.unwrap(),
        ("forecast".into(), "the weather service is down".into())
    );
    assert_eq!(
        errors.recv().await.unwrap(),
        (
            "forecast".into(),
            "handler panicked: unexpected weather".into()
        )
    );
    assert!(errors.try_recv().is_err(), "the third run succeeded");
}

#[tokio::test(start_paused = true)]
async fn a_paused_job_skips_its_runs_and_resumes_on_its_schedule() {
    let app = app_at("2026-01-01T00:00:00Z");
    let mut runs = Runs::new();
    let job = app
        .job_queue()
        .run_repeating(runs.callback(), every_minute(), JobOptions::new())
        .unwrap();
    app.start().await;
    assert_eq!(runs.take(1).await, ["2026-01-01T00:01:00Z"]);
    job.set_enabled(false);
    assert!(!job.enabled());
    tokio::time::sleep(Duration::from_secs(150)).await; // 00:03:30 on the job's clock
    assert!(
        runs.drain().is_empty(),
        "the runs at 00:02 and 00:03 were skipped"
    );
    assert_eq!(job.next_t(), Some(ts("2026-01-01T00:04:00Z")));
    job.set_enabled(true);
    assert_eq!(
        runs.take(2).await,
        ["2026-01-01T00:04:00Z", "2026-01-01T00:05:00Z"]
    );
}

#[tokio::test(start_paused = true)]
async fn removed_jobs_never_run_again_and_leave_the_queue() {
    let app = app_at("2026-01-01T00:00:00Z");
    let mut runs = Runs::new();
    let jq = app.job_queue();
    let tick = jq
        .run_repeating(
            runs.callback(),
            every_minute(),
            JobOptions::new().name("tick"),
        )
        .unwrap();
    let tock = jq
        .run_repeating(
            runs.callback(),
            Repeating::every(Duration::from_secs(90)),
            JobOptions::new().name("tock"),
        )
        .unwrap();
    assert_eq!(
        jq.jobs().iter().map(Job::name).collect::<Vec<_>>(),
        ["tick", "tock"],
        "jobs() lists the next to run first"
    );
    // Removed before the queue starts: it never runs.
    tock.schedule_removal();
    assert!(jq.get_jobs_by_name("tock").is_empty());
    app.start().await;
    assert_eq!(runs.take(1).await, ["2026-01-01T00:01:00Z"]);
    tick.schedule_removal();
    assert!(tick.removed());
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert!(runs.drain().is_empty());
    assert!(jq.jobs().is_empty());
    assert!(jq.get_job(tick.id()).is_none());
}

#[tokio::test(start_paused = true)]
async fn run_now_runs_once_and_leaves_the_schedule_alone() {
    let app = app_at("2026-01-01T00:00:00Z");
    let mut runs = Runs::new();
    let job = app
        .job_queue()
        .run_repeating(runs.callback(), every_minute(), JobOptions::new())
        .unwrap();
    app.start().await;
    tokio::time::sleep(Duration::from_secs(15)).await;
    job.run().await;
    assert_eq!(runs.drain(), ["2026-01-01T00:00:15Z"]);
    assert_eq!(job.next_t(), Some(ts("2026-01-01T00:01:00Z")));
    assert_eq!(runs.take(1).await, ["2026-01-01T00:01:00Z"]);
}

/// A job every 10 s whose first run takes 25 s; the rest are quick.
async fn slow_first_run(overlap: Overlap) -> Vec<String> {
    let app = app_at("2026-01-01T00:00:00Z");
    let mut runs = Runs::new();
    let sender = runs.sender();
    let first = Arc::new(AtomicBool::new(true));
    app.job_queue()
        .run_repeating(
            move |queue: JobQueue| {
                let (sender, first) = (sender.clone(), Arc::clone(&first));
                async move {
                    let _ = sender.send(queue.now());
                    let work = if first.swap(false, Ordering::SeqCst) {
                        25
                    } else {
                        1
                    };
                    tokio::time::sleep(Duration::from_secs(work)).await;
                }
            },
            Repeating::every(Duration::from_secs(10)),
            JobOptions::new().overlap(overlap),
        )
        .unwrap();
    app.start().await;
    runs.take(4).await
}

#[tokio::test(start_paused = true)]
async fn runs_due_during_a_long_run_are_skipped_by_default() {
    assert_eq!(
        slow_first_run(Overlap::default()).await,
        [
            "2026-01-01T00:00:10Z", // runs until 00:35; 00:20 and 00:30 are skipped
            "2026-01-01T00:00:40Z",
            "2026-01-01T00:00:50Z",
            "2026-01-01T00:01:00Z",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn runs_due_during_a_long_run_can_wait_for_it_instead() {
    assert_eq!(
        slow_first_run(Overlap::Queue).await,
        [
            "2026-01-01T00:00:10Z", // runs until 00:35
            "2026-01-01T00:00:35Z", // the run due at 00:20
            "2026-01-01T00:00:36Z", // the run due at 00:30
            "2026-01-01T00:00:40Z", // back on the schedule
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn stop_waits_for_runs_going_starts_no_new_run_and_is_bounded() {
    let app = builder_at("2026-01-01T00:00:00Z")
        .stop_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut runs = Runs::new();
    let sender = runs.sender();
    let finished = Arc::new(AtomicUsize::new(0));
    let done = Arc::clone(&finished);
    app.job_queue()
        .run_repeating(
            move |queue: JobQueue| {
                let (sender, done) = (sender.clone(), Arc::clone(&done));
                async move {
                    let _ = sender.send(queue.now());
                    tokio::time::sleep(Duration::from_secs(20)).await;
                    done.fetch_add(1, Ordering::SeqCst);
                }
            },
            every_minute(),
            JobOptions::new(),
        )
        .unwrap();
    app.start().await;
    assert_eq!(runs.take(1).await, ["2026-01-01T00:01:00Z"]);
    let started = tokio::time::Instant::now();
    app.stop().await;
    assert_eq!(
        finished.load(Ordering::SeqCst),
        1,
        "stop waited for the run"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(20));
    tokio::time::sleep(Duration::from_secs(3600)).await;
    assert!(runs.drain().is_empty(), "no run starts after stop");

    // A run that outlasts stop_timeout: stop returns at the bound.
    let app = builder_at("2026-01-01T00:00:00Z")
        .stop_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut runs = Runs::new();
    let sender = runs.sender();
    app.job_queue()
        .run_once(
            move |queue: JobQueue| {
                let sender = sender.clone();
                async move {
                    let _ = sender.send(queue.now());
                    std::future::pending::<()>().await;
                }
            },
            Duration::ZERO,
            JobOptions::new(),
        )
        .unwrap();
    app.start().await;
    runs.take(1).await;
    let started = tokio::time::Instant::now();
    app.stop().await;
    assert_eq!(started.elapsed(), Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn the_startup_report_lists_each_job_with_its_schedule_and_next_run() {
    let app = app_at("2026-01-01T00:00:00Z");
    assert!(app.startup_report().contains("jobs: none scheduled yet"));
    let runs = Runs::new();
    let nine = telebot::jobs::parse_time_of_day("09:00").unwrap();
    let berlin = telebot::jobs::time_zone("Europe/Berlin").unwrap();
    let job = app
        .job_queue()
        .run_daily(
            runs.callback(),
            telebot::jobs::Daily::at(nine).time_zone(berlin),
            JobOptions::new().name("digest").paused(),
        )
        .unwrap();
    let report = app.startup_report();
    assert!(
        report.contains(&format!(
            "digest [{}]: daily at 09:00 (Europe/Berlin), next 2026-01-01T08:00:00Z, paused",
            job.id()
        )),
        "{report}"
    );
}
