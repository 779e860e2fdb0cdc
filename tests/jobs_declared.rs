//! Jobs declared with `#[job]`, on tokio's paused clock: they start with the application; with
//! a persistence backend they keep their schedule across a restart (the next run stays where
//! the previous process left it, a run missed while the bot was down runs once at startup), a
//! changed declaration starts afresh, and two jobs with one name are a setup error.

#[path = "support/jobs.rs"]
mod jobs;
#[path = "support/store.rs"]
mod store;

use jobs::ts;
use std::time::Duration;
use store::TempDir;
use telebot::extract::State;
use telebot::handlers::HandlerSet;
use telebot::jobs::jiff::Timestamp;
use telebot::jobs::{Clock, Job, JobData, JobQueue};
use telebot::persistence::FilePersistence;
use telebot::testing::FakeTelegram;
use telebot::{Application, handlers, job};
use tokio::sync::mpsc;

/// Where declared jobs report: (job name, the queue's time, the job's data).
#[derive(Clone)]
struct Report(mpsc::UnboundedSender<(String, Timestamp, Option<String>)>);

#[job(every = "1h")]
async fn hourly(queue: JobQueue, job: Job, State(report): State<Report>) {
    let _ = report.0.send((job.name().to_string(), queue.now(), None));
}

/// The same job name with another interval: a changed declaration.
mod changed {
    use super::*;

    #[job(every = "30m", name = "hourly")]
    pub async fn half_hourly(queue: JobQueue, job: Job, State(report): State<Report>) {
        let _ = report.0.send((job.name().to_string(), queue.now(), None));
    }
}

#[job(at = "09:00", data = "good morning", chat_id = 42)]
async fn morning(
    queue: JobQueue,
    job: Job,
    JobData(text): JobData<String>,
    State(report): State<Report>,
) {
    assert_eq!(job.chat_id(), Some(42));
    let _ = report
        .0
        .send((job.name().to_string(), queue.now(), Some(text)));
}

#[job(after = "5m")]
async fn warm_up(queue: JobQueue, job: Job, State(report): State<Report>) {
    let _ = report.0.send((job.name().to_string(), queue.now(), None));
}

struct Process {
    tg: FakeTelegram,
    clock: Clock,
    report: Report,
}

impl Process {
    fn app(&self, dir: Option<&TempDir>, set: HandlerSet) -> Application {
        let mut builder = Application::builder()
            .bot(self.tg.bot())
            .clock(self.clock.clone())
            .state(self.report.clone())
            .handlers(set);
        if let Some(dir) = dir {
            builder =
                builder.persistence(FilePersistence::open(dir.path()).expect("the store opens"));
        }
        builder.build().expect("the application builds")
    }

    /// The application, initialized and started.
    async fn started(&self, dir: Option<&TempDir>, set: HandlerSet) -> Application {
        let app = self.app(dir, set);
        app.initialize().await.expect("initialize");
        app.start().await;
        app
    }
}

/// Stops and shuts down `app`, as a process that ends.
async fn end(app: Application) {
    app.stop().await;
    app.shutdown().await;
}

async fn process(
    start: &str,
) -> (
    Process,
    mpsc::UnboundedReceiver<(String, Timestamp, Option<String>)>,
) {
    let (tx, rx) = mpsc::unbounded_channel();
    let process = Process {
        tg: FakeTelegram::start().await,
        clock: Clock::starting_at(ts(start)),
        report: Report(tx),
    };
    (process, rx)
}

async fn next_run(
    rx: &mut mpsc::UnboundedReceiver<(String, Timestamp, Option<String>)>,
) -> (String, String) {
    let (name, at, _) = rx.recv().await.expect("a run");
    (name, at.to_string())
}

fn run(name: &str, at: &str) -> (String, String) {
    (name.to_string(), at.to_string())
}

#[tokio::test(start_paused = true)]
async fn declared_jobs_start_with_the_application() {
    let (p, mut rx) = process("2026-05-01T08:00:00Z").await;
    let app = p.app(None, handlers![hourly, morning, warm_up]);
    let names: Vec<String> = app
        .job_queue()
        .jobs()
        .iter()
        .map(|j| j.name().to_string())
        .collect();
    assert_eq!(names, ["warm_up", "hourly", "morning"], "next run first");
    app.initialize().await.unwrap();
    app.start().await;
    assert_eq!(
        next_run(&mut rx).await,
        run("warm_up", "2026-05-01T08:05:00Z")
    );
    // Two jobs due at 09:00 run in either order.
    let mut nine = [rx.recv().await.unwrap(), rx.recv().await.unwrap()];
    nine.sort_by(|a, b| a.0.cmp(&b.0));
    let nine: Vec<(&str, String, Option<&str>)> = nine
        .iter()
        .map(|(name, at, data)| (name.as_str(), at.to_string(), data.as_deref()))
        .collect();
    assert_eq!(
        nine,
        [
            ("hourly", "2026-05-01T09:00:00Z".to_string(), None),
            (
                "morning",
                "2026-05-01T09:00:00Z".to_string(),
                Some("good morning")
            ),
        ]
    );
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T10:00:00Z")
    );
    end(app).await;
}

#[tokio::test(start_paused = true)]
async fn a_restart_keeps_the_schedule_of_a_declared_job() {
    let dir = TempDir::new("declared-jobs");
    let (p, mut rx) = process("2026-05-01T00:00:00Z").await;

    let first = p.started(Some(&dir), handlers![hourly]).await;
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T01:00:00Z")
    );
    tokio::time::advance(Duration::from_secs(20 * 60)).await;
    end(first).await;

    // Down for half an hour: back at 01:50, the next run is still 02:00.
    tokio::time::advance(Duration::from_secs(30 * 60)).await;
    let second = p.started(Some(&dir), handlers![hourly]).await;
    let job = second.job_queue().get_jobs_by_name("hourly").remove(0);
    assert_eq!(job.next_t().unwrap().to_string(), "2026-05-01T02:00:00Z");
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T02:00:00Z")
    );
    end(second).await;

    // Down past a run: back at 04:30, the missed run goes once at startup, then the hours.
    tokio::time::advance(Duration::from_secs(2 * 3600 + 30 * 60)).await;
    let third = p.started(Some(&dir), handlers![hourly]).await;
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T04:30:00Z")
    );
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T05:00:00Z")
    );
    assert_eq!(
        third.job_queue().jobs().len(),
        1,
        "the restart made no second job"
    );
    end(third).await;
}

#[tokio::test(start_paused = true)]
async fn a_changed_declaration_starts_afresh() {
    let dir = TempDir::new("declared-jobs-changed");
    let (p, mut rx) = process("2026-05-01T00:00:00Z").await;

    let first = p.started(Some(&dir), handlers![hourly]).await;
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T01:00:00Z")
    );
    end(first).await;

    tokio::time::advance(Duration::from_secs(10 * 60)).await;
    let second = p.started(Some(&dir), handlers![changed::half_hourly]).await;
    assert_eq!(
        next_run(&mut rx).await,
        run("hourly", "2026-05-01T01:40:00Z"),
        "every 30 minutes from the restart at 01:10, not the old hourly 02:00"
    );
    end(second).await;
}

#[tokio::test]
async fn two_jobs_with_one_name_are_a_setup_error() {
    let error = Application::builder()
        .bot(telebot::Bot::builder().token("1:not-used"))
        .handlers(handlers![hourly, changed::half_hourly])
        .build()
        .expect_err("two jobs named hourly");
    let text = error.to_string();
    assert!(
        text.contains("another #[job] is already named `hourly`"),
        "{text}"
    );
}
