//! The crash-test bot of `tests/polling_survives_kill.rs`: it long-polls the server given in
//! `TELEGRAM_API_URL` and appends a line `update_id run` to the file `LEDGER` for every update
//! it handles, after a little simulated work, then prints `handled update_id` on stdout, so
//! that the test can kill it at a moment of its progress. It prints `ready` once initialized
//! (signal handlers installed) and stops gracefully on SIGINT or SIGTERM.
//!
//! Environment: `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`, `LEDGER` (path), `LEDGER_RUN` (a
//! label written beside each id), `LEDGER_LIMIT` (getUpdates batch size, default 100),
//! `LEDGER_WORK_MS` (the most simulated work per update, default 3), `LEDGER_JOURNAL` (poll
//! with an update journal in this file).
//!
//! So that the test can kill it mid-batch at a point of its choosing, without timing: with
//! `LEDGER_HOLD_ID` the update of that id is held in hand (its handler waits, after printing
//! `holding <id>`), and with `LEDGER_HANDLE=n` only `n` other updates are handled, every later
//! one held too. Held updates are handled once SIGTERM arrives; a SIGKILL finds them fetched
//! and not handled.
//!
//! With `LEDGER_MODE=jobs` it is the crash-test child of `tests/jobs_survive_restart.rs`
//! instead (see [`jobs`]).

use std::fs::{File, OpenOptions};
use std::io::Write;
use telebot::client::poison::MutexUnpoisoned;

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot::handlers::TypeHandler;
use telebot::updates::polling::{JournalConfig, PollingConfig};
use telebot::{Application, Bot, CallbackContext, HandlerResult};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A deterministic share of `max_ms` for an update id.
fn work_for(update_id: i64, max_ms: u64) -> Duration {
    let mut x = update_id as u64 ^ 0x9e37_79b9_7f4a_7c15;
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    Duration::from_micros(x % (max_ms * 1000 + 1))
}

/// What the handler shares: the ledger and the test's instructions.
struct Ledger {
    file: Mutex<File>,
    run: String,
    work: u64,
    /// `LEDGER_HOLD_ID`: an update held in hand, never handled until SIGTERM.
    hold_id: Option<i64>,
    /// `LEDGER_HANDLE`: how many other updates are handled; later ones are held too.
    handle: usize,
    /// Updates that took one of the `handle` places.
    taken: AtomicUsize,
    /// Becomes `true` at SIGTERM: held updates are then handled.
    released: watch::Receiver<bool>,
}

async fn record(ctx: CallbackContext, ledger: Arc<Ledger>) -> HandlerResult {
    let id = ctx.update().map_or(0, |u| u.update_id);
    let held =
        Some(id) == ledger.hold_id || ledger.taken.fetch_add(1, Ordering::SeqCst) >= ledger.handle;
    if held {
        say(&format!("holding {id}"));
        let mut released = ledger.released.clone();
        // Until SIGTERM; a SIGKILL finds the update in hand, fetched and not handled.
        let _ = released.wait_for(|released| *released).await;
    }
    tokio::time::sleep(work_for(id, ledger.work)).await;
    let line = format!("{id} {}\n", ledger.run);
    ledger.file.lock_unpoisoned().write_all(line.as_bytes())?;
    // Only once the line is in the ledger: the test may kill us the moment it reads this.
    say(&format!("handled {id}"));
    Ok(())
}

/// One line on stdout, flushed; a parent that stopped reading is not an error here.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::var("LEDGER_MODE").as_deref() == Ok("jobs") {
        return jobs::main().await;
    }
    // Warnings and errors on stderr, which the tests read.
    if let Err(e) = telebot::logging::init_from_env("warn") {
        eprintln!("ledger_bot: {e}");
        return ExitCode::FAILURE;
    }
    let Ok(path) = std::env::var("LEDGER") else {
        eprintln!("ledger_bot: set LEDGER to the ledger file");
        return ExitCode::FAILURE;
    };
    let file = match OpenOptions::new().create(true).append(true).open(&path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("ledger_bot: cannot open {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (release, released) = watch::channel(false);
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::spawn(async move {
                terminate.recv().await;
                let _ = release.send(true);
            });
        }
        Err(e) => {
            eprintln!("ledger_bot: cannot watch SIGTERM: {e}");
            return ExitCode::FAILURE;
        }
    }
    let ledger = Arc::new(Ledger {
        file: Mutex::new(file),
        run: std::env::var("LEDGER_RUN").unwrap_or_default(),
        work: setting("LEDGER_WORK_MS", 3),
        hold_id: std::env::var("LEDGER_HOLD_ID")
            .ok()
            .and_then(|v| v.parse().ok()),
        handle: setting("LEDGER_HANDLE", u64::MAX) as usize,
        taken: AtomicUsize::new(0),
        released,
    });
    let app = match Bot::from_env().and_then(|bot| {
        Application::builder()
            .bot(bot)
            .post_init(|_| async {
                say("ready");
                Ok(())
            })
            .build()
    }) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("ledger_bot: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.add_handler(
        TypeHandler::any(move |ctx: CallbackContext| record(ctx, Arc::clone(&ledger))),
        0,
    );
    let config = PollingConfig {
        timeout: 1,
        limit: setting("LEDGER_LIMIT", 100) as i64,
        min_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(200),
        journal: std::env::var_os("LEDGER_JOURNAL").map(JournalConfig::new),
        ..PollingConfig::default()
    };
    match app.run_polling_with(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ledger_bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The crash-test child of `tests/jobs_survive_restart.rs`: an application with a persistent
/// one-shot job over a file store (`LEDGER_STORE`), which the test kills with SIGKILL while
/// the job runs, and starts again.
///
/// * `LEDGER_RUN=first`: schedules the persistent job `cut` (data `"cut"`) to run at once; its
///   callback prints `began <id> <data>` and never ends.
/// * `LEDGER_RUN=second`: registers a `cut` callback that prints `ran <id> <data>`, and starts;
///   the stored job comes back from the store.
///
/// Both print `ready` once started and then run until killed.
mod jobs {
    use super::say;
    use std::process::ExitCode;
    use std::time::Duration;
    use telebot::jobs::{Job, JobData, JobOptions};
    use telebot::persistence::FilePersistence;
    use telebot::{Application, Bot};

    pub(super) async fn main() -> ExitCode {
        match run().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ledger_bot (jobs): {e}");
                ExitCode::FAILURE
            }
        }
    }

    async fn run() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::var("LEDGER_STORE").map_err(|_| "set LEDGER_STORE")?;
        let life = std::env::var("LEDGER_RUN").unwrap_or_default();
        let store = FilePersistence::open(&dir)?.write_through(true);
        let app = Application::builder()
            .bot(Bot::from_env()?)
            .persistence(store)
            .build()?;
        let queue = app.job_queue();
        match life.as_str() {
            "first" => {
                let cut = queue.register(
                    "cut",
                    |job: Job, JobData(data): JobData<String>| async move {
                        say(&format!("began {} {data}", job.id()));
                        std::future::pending::<()>().await;
                    },
                );
                app.initialize().await?;
                app.start().await;
                queue.run_once(
                    cut,
                    Duration::ZERO,
                    JobOptions::new().id("cut").data("cut").persistent(),
                )?;
            }
            "second" => {
                queue.register(
                    "cut",
                    |job: Job, JobData(data): JobData<String>| async move {
                        say(&format!("ran {} {data}", job.id()));
                    },
                );
                app.initialize().await?;
                app.start().await;
            }
            other => {
                return Err(format!("LEDGER_RUN must be first or second, not {other:?}").into());
            }
        }
        say("ready");
        std::future::pending::<()>().await;
        Ok(())
    }
}
