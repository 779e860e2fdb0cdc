//! The cluster tests' child (`tests/cluster_*.rs`): one instance of a bot run as a cluster on
//! the Redis in `CLUSTER_REDIS_URL`, against the fake Telegram in `TELEGRAM_API_URL`. Every
//! update it handles is appended to the file `LEDGER` as `update_id chat_id instance` (one
//! `write` of one line, in append mode: the instances share the file), after a little
//! simulated work, and then reported on stdout as `handled <update_id>`, so that a test can
//! kill it at a moment of its progress. It prints `ready` once initialized and stops
//! gracefully on SIGINT or SIGTERM.
//!
//! Environment: `TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`, `CLUSTER_REDIS_URL`, `CLUSTER_NS`
//! (the namespace), `CLUSTER_ROLE` (`intake`, `worker`, `both`), `CLUSTER_NAME` (the instance
//! name), `CLUSTER_LEASE_MS` (both leases, default 1500), `CLUSTER_PARTITIONS` (default 16),
//! `CLUSTER_MAX_LOG` (each partition's bound, default 10,000),
//! `LEDGER` (path), `LEDGER_WORK_US` (the most simulated work per update, default 300).
//!
//! With `CLUSTER_REPLY=1` each handler of a message first replies `ok` in its chat, and with
//! `CLUSTER_FLOOD_SCALE=n` the bot paces its sends to Telegram's limits in windows n times
//! shorter (`Limits::telegram().time_scaled(n)`), kept in the cluster's Redis with
//! `CLUSTER_FLOOD_MARGIN_MS` (default 10) of margin.
//!
//! With `CLUSTER_BUTTONS=1`, `/menu` is answered with a button whose callback data is too long
//! for Telegram (so it is cached and the button carries a key), and a press of it is answered
//! with the note it carries.
//!
//! With `CLUSTER_DYNAMIC=1` it keeps its data and jobs in the cluster's Redis
//! (`RedisPersistence`) and `/remind` schedules the persistent job `ping` every second (id
//! `ping`), whose runs append `<slot> <instance>` to `LEDGER.jobs` and print `ping <slot>`.
//!
//! With `CLUSTER_WEBHOOK_LISTEN=<addr>` an intake serves the webhook at `/hook` on that address
//! (secret `CLUSTER_WEBHOOK_SECRET`, and `setWebhook` with `CLUSTER_WEBHOOK_URL` when set)
//! instead of polling.
//!
//! With `CLUSTER_MODE=single` it runs in one process with long polling instead (no Redis):
//! the baseline of `benches/cluster_echo.rs`.
//!
//! With `CLUSTER_JOB=1` it also declares `#[job(every = "1s")] tick`, whose runs append
//! `<slot> <instance>` to `LEDGER.jobs` (the slot: the second the run was due in) and print
//! `tick <slot>`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::callback_data::CallbackData;
use telebot::cluster::{Cluster, Role};
use telebot::extract::Callback;
use telebot::extract::State;
use telebot::handlers::{CallbackQueryHandler, CommandHandler, TypeHandler};
use telebot::jobs::{Job, JobOptions, JobQueue};
use telebot::ratelimit::Limits;
use telebot::{Application, Bot, CallbackContext, HandlerResult, handlers, job};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A deterministic share of `max_us` for an update id.
fn work_for(update_id: i64, max_us: u64) -> Duration {
    let mut x = update_id as u64 ^ 0x9e37_79b9_7f4a_7c15;
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    Duration::from_micros(x % (max_us + 1))
}

struct Ledger {
    file: File,
    name: String,
    work: u64,
    reply: bool,
}

async fn record(ctx: CallbackContext, ledger: Arc<Ledger>) -> HandlerResult {
    let Some(update) = ctx.update() else {
        return Ok(());
    };
    let id = update.update_id;
    let chat = update.effective_chat().map_or(0, |c| c.id);
    tokio::time::sleep(work_for(id, ledger.work)).await;
    if ledger.reply && update.kind_name() == "message" {
        ctx.bot().send_message(chat, "ok").await?;
    }
    let line = format!("{id} {chat} {}\n", ledger.name);
    // One write in append mode: lines of several processes never interleave.
    (&ledger.file).write_all(line.as_bytes())?;
    say(&format!("handled {id}"));
    Ok(())
}

/// The long value behind the `/menu` button.
#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "note")]
struct Note {
    text: String,
}

/// The note `/menu`'s button carries.
const LONG_NOTE: &str = "a note far longer than the sixty-four bytes Telegram keeps for a button";

async fn menu(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    let codec = ctx.application().callback_data();
    let note = Note {
        text: LONG_NOTE.into(),
    };
    let keyboard = InlineKeyboardMarkup::from_rows([[InlineKeyboardButton::callback(
        "Long",
        codec.pack_for(&note, &msg),
    )]]);
    bot.send_message(msg.chat.id, "Menu")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

async fn pressed(bot: Bot, query: CallbackQuery, Callback(note): Callback<Note>) -> HandlerResult {
    query.answer(&bot).text(note.text).await?;
    Ok(())
}

/// Where the job's runs go.
#[derive(Clone)]
struct JobLedger(Arc<File>, Arc<str>);

#[job(every = "1s")]
async fn tick(job: Job, State(JobLedger(file, name)): State<JobLedger>) -> HandlerResult {
    // The run that is going was due one interval before the next.
    let next = job.next_t().map_or(0, |t| t.as_millisecond());
    let slot = next.div_euclid(1000) - 1;
    (&*file).write_all(format!("{slot} {name}\n").as_bytes())?;
    say(&format!("tick {slot}"));
    Ok(())
}

/// A run of the persistent job `/remind` schedules.
async fn ping(job: Job, State(JobLedger(file, name)): State<JobLedger>) -> HandlerResult {
    let next = job.next_t().map_or(0, |t| t.as_millisecond());
    let slot = next.div_euclid(1000) - 1;
    (&*file).write_all(format!("{slot} {name}\n").as_bytes())?;
    say(&format!("ping {slot}"));
    Ok(())
}

async fn remind(bot: Bot, msg: Message, queue: JobQueue) -> HandlerResult {
    let Some(callback) = queue.registered("ping") else {
        return Ok(());
    };
    queue.run_repeating(
        callback,
        Duration::from_secs(1),
        JobOptions::new().id("ping").persistent(),
    )?;
    bot.send_message(msg.chat.id, "Reminding every second.")
        .await?;
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
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cluster_bot: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let path = std::env::var("LEDGER").map_err(|_| "set LEDGER to the ledger file")?;
    let single = std::env::var("CLUSTER_MODE").as_deref() == Ok("single");
    let url = match std::env::var("CLUSTER_REDIS_URL") {
        Ok(url) => url,
        Err(_) if single => String::new(),
        Err(_) => return Err("set CLUSTER_REDIS_URL".into()),
    };
    let name = std::env::var("CLUSTER_NAME").unwrap_or_else(|_| "instance".into());
    let role: Role = std::env::var("CLUSTER_ROLE").unwrap_or_default().parse()?;
    let lease = Duration::from_millis(setting("CLUSTER_LEASE_MS", 1500));
    let mut cluster = Cluster::redis(url.clone())
        .role(role)
        .instance(name.clone())
        .intake_lease(lease)
        .partition_lease(lease)
        .partitions(setting("CLUSTER_PARTITIONS", 16) as u16)
        .max_log_len(setting("CLUSTER_MAX_LOG", 10_000) as usize)
        .redis_wait(Duration::from_secs(30))
        .flood_margin(Duration::from_millis(setting(
            "CLUSTER_FLOOD_MARGIN_MS",
            10,
        )));
    if let Ok(listen) = std::env::var("CLUSTER_WEBHOOK_LISTEN") {
        let mut config = telebot::updates::webhook::WebhookConfig::new(listen.parse()?, "/hook");
        config.secret_token = std::env::var("CLUSTER_WEBHOOK_SECRET").ok();
        config.webhook_url = std::env::var("CLUSTER_WEBHOOK_URL").ok();
        cluster = cluster.webhook(config);
    }
    if let Ok(namespace) = std::env::var("CLUSTER_NS") {
        cluster = cluster.namespace(namespace);
    }
    let file = OpenOptions::new().create(true).append(true).open(&path)?;
    let ledger = Arc::new(Ledger {
        file,
        name: name.clone(),
        work: setting("LEDGER_WORK_US", 300),
        reply: std::env::var("CLUSTER_REPLY").as_deref() == Ok("1"),
    });
    let jobs = OpenOptions::new()
        .create(true)
        .append(true)
        .open(format!("{path}.jobs"))?;
    let mut bot = Bot::builder();
    if let Ok(scale) = std::env::var("CLUSTER_FLOOD_SCALE") {
        let scale: u32 = scale.parse()?;
        bot = bot.rate_limiter(Limits::telegram().time_scaled(scale));
    }
    let mut builder = Application::builder().bot(bot.build()?);
    let dynamic = std::env::var("CLUSTER_DYNAMIC").as_deref() == Ok("1");
    if dynamic {
        let namespace = std::env::var("CLUSTER_NS").unwrap_or_else(|_| "cluster-bot".into());
        let store =
            telebot::persistence::RedisPersistence::open(&url, &format!("{namespace}-data"))
                .await?
                .write_through(true);
        builder = builder.persistence(store);
    }
    let app = builder
        .state(JobLedger(Arc::new(jobs), Arc::from(name.as_str())))
        .post_init(|_| async {
            say("ready");
            Ok(())
        })
        .build()?;
    app.add_handler(
        TypeHandler::any(move |ctx: CallbackContext| record(ctx, Arc::clone(&ledger))),
        0,
    );
    if std::env::var("CLUSTER_BUTTONS").as_deref() == Ok("1") {
        app.add_handler(CommandHandler::new("menu", menu), -1);
        app.add_handler(CallbackQueryHandler::new(pressed).data::<Note>(), -1);
    }
    if dynamic {
        app.job_queue().register("ping", ping);
        app.add_handler(CommandHandler::new("remind", remind), -1);
    }
    if std::env::var("CLUSTER_JOB").as_deref() == Ok("1") {
        app.add_handlers(handlers![tick])?;
    }
    if single {
        // The same bot in one process, long polling: the benchmark's baseline.
        app.run_polling().await?;
    } else {
        app.run_cluster(cluster).await?;
    }
    Ok(())
}
