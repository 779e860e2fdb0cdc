//! The crash-test bot of `tests/polling_survives_kill.rs`: it long-polls the server given in
//! `TELEGRAM_API_URL` and appends a line `update_id run` to the file `LEDGER` for every update
//! it handles, after a little simulated work. It prints `ready` once initialized (signal
//! handlers installed) and stops gracefully on SIGINT or SIGTERM.
//!
//! Environment: `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`, `LEDGER` (path), `LEDGER_RUN` (a
//! label written beside each id), `LEDGER_LIMIT` (getUpdates batch size, default 100),
//! `LEDGER_WORK_MS` (the most simulated work per update, default 3).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot::handlers::TypeHandler;
use telebot::updates::polling::PollingConfig;
use telebot::{Application, Bot, CallbackContext, HandlerResult};

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

async fn record(
    ctx: CallbackContext,
    ledger: Arc<Mutex<File>>,
    run: String,
    work: u64,
) -> HandlerResult {
    let id = ctx.update().map_or(0, |u| u.update_id);
    tokio::time::sleep(work_for(id, work)).await;
    let line = format!("{id} {run}\n");
    ledger
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .write_all(line.as_bytes())?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(path) = std::env::var("LEDGER") else {
        eprintln!("ledger_bot: set LEDGER to the ledger file");
        return ExitCode::FAILURE;
    };
    let ledger = match OpenOptions::new().create(true).append(true).open(&path) {
        Ok(file) => Arc::new(Mutex::new(file)),
        Err(e) => {
            eprintln!("ledger_bot: cannot open {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let run = std::env::var("LEDGER_RUN").unwrap_or_default();
    let work = setting("LEDGER_WORK_MS", 3);
    let app = match Bot::from_env().and_then(|bot| {
        Application::builder()
            .bot(bot)
            .post_init(|_| async {
                println!("ready");
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
        TypeHandler::any(move |ctx: CallbackContext| {
            record(ctx, Arc::clone(&ledger), run.clone(), work)
        }),
        0,
    );
    let config = PollingConfig {
        timeout: 1,
        limit: setting("LEDGER_LIMIT", 100) as i64,
        min_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(200),
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
