//! Prometheus metrics through the fake Telegram (issue #17): after a scripted exchange (two
//! commands answered, one of them after a 429 waited out, a failing handler, a job run), the
//! `/metrics` exposition, read with a parser of Prometheus's text format, holds exactly those
//! counts; `/healthz` answers; `/readyz` is ready while polling runs and turns unready when
//! Telegram answers 401.

#![cfg(feature = "metrics")]

#[path = "support/app.rs"]
mod app;

use std::collections::BTreeMap;
use std::time::Duration;
use telebot::api::Message;
use telebot::client::RetryPolicy;
use telebot::handlers::CommandHandler;
use telebot::jobs::{Job, JobOptions, JobQueue};
use telebot::metrics::MetricsConfig;
use telebot::testing::{FakeTelegram, Fault};
use telebot::{Bot, CallbackContext, HandlerResult};

async fn start(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "hi").await?;
    Ok(())
}

async fn fail(_msg: Message) -> HandlerResult {
    Err("the order cannot be loaded".into())
}

async fn later(msg: Message, jobs: JobQueue) -> HandlerResult {
    jobs.run_once(
        remind,
        Duration::from_millis(1),
        JobOptions::new().name("remind").chat_id(msg.chat.id),
    )?;
    Ok(())
}

async fn remind(bot: Bot, job: Job) -> HandlerResult {
    let chat = job.chat_id().ok_or("the job has a chat")?;
    bot.send_message(chat, "job ran").await?;
    Ok(())
}

async fn sorry(bot: Bot, ctx: CallbackContext) -> HandlerResult {
    if let Some(chat) = ctx.update().and_then(|u| u.effective_chat()) {
        bot.send_message(chat.id, "sorry").await?;
    }
    Ok(())
}

/// One scrape: every sample's value by its name and labels (`name{a="x",b="y"}`, labels
/// sorted).
struct Scrape(BTreeMap<String, f64>);

impl Scrape {
    fn get(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let key = key(name, labels);
        *self
            .0
            .get(&key)
            .unwrap_or_else(|| panic!("no sample {key} in the scrape: {:#?}", self.0.keys()))
    }
}

fn key(name: &str, labels: &[(&str, &str)]) -> String {
    let mut labels: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    labels.sort();
    format!("{name}{{{}}}", labels.join(","))
}

async fn get(url: String) -> (u16, String) {
    let response = reqwest::get(url).await.expect("the endpoint answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

async fn scrape(address: std::net::SocketAddr) -> Scrape {
    let (status, text) = get(format!("http://{address}/metrics")).await;
    assert_eq!(status, 200);
    let lines = text.lines().map(|l| Ok(l.to_string()));
    let parsed = prometheus_parse::Scrape::parse(lines).expect("the exposition parses");
    let mut out = BTreeMap::new();
    for sample in parsed.samples {
        let labels: Vec<(&str, &str)> = sample
            .labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        match &sample.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => {
                out.insert(key(&sample.metric, &labels), *v);
            }
            prometheus_parse::Value::Histogram(buckets) => {
                let count = buckets.iter().map(|b| b.count).fold(0.0, f64::max);
                out.insert(key(&format!("{}_count", sample.metric), &labels), count);
            }
            prometheus_parse::Value::Summary(_) => {}
        }
    }
    Scrape(out)
}

/// Scrapes until `done` holds (the job's run is counted when its callback returns, just after
/// its message was sent).
async fn scrape_until(address: std::net::SocketAddr, done: impl Fn(&Scrape) -> bool) -> Scrape {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let scrape = scrape(address).await;
        if done(&scrape) || tokio::time::Instant::now() > deadline {
            return scrape;
        }
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_exchange_is_counted_exactly_and_readiness_follows_telegram() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let app = app::builder(&tg)
        .configure_bot(|bot| {
            bot.retry_policy(
                RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20)),
            )
        })
        .metrics(MetricsConfig::new("127.0.0.1:0".parse().unwrap()))
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("start", start), 0);
    app.add_handler(CommandHandler::new("fail", fail), 0);
    app.add_handler(CommandHandler::new("later", later), 0);
    app.add_error_handler(sorry);
    let address = app.metrics_address().expect("metrics are served");

    let running = app::run(&tg, &app).await;
    let (status, body) = get(format!("http://{address}/healthz")).await;
    assert_eq!((status, body.trim()), (200, "ok"));
    let (status, body) = get(format!("http://{address}/readyz")).await;
    assert_eq!(
        (status, body.trim()),
        (200, "ready"),
        "polling with a good token"
    );

    // The first answer is a 429 with retry_after 1: waited out, then sent.
    tg.fault(Fault::TooManyRequests { retry_after: 1 })
        .on("sendMessage")
        .times(1);
    for (command, reply) in [
        ("/start", "hi"),
        ("/start", "hi"),
        ("/fail", "sorry"),
        ("/later", "job ran"),
    ] {
        alice.send(command).await;
        let answer = tg.expect_reply_to(&alice).await;
        assert_eq!(answer.text.as_deref(), Some(reply), "after {command}");
    }
    app.wait_idle().await;

    let m = scrape_until(address, |m| {
        m.0.get(&key("telebot_job_runs_total", &[("outcome", "ran")])) == Some(&1.0)
    })
    .await;
    let message = [("kind", "message")];
    assert_eq!(m.get("telebot_updates_received_total", &message), 4.0);
    assert_eq!(
        m.get(
            "telebot_updates_handled_total",
            &[("kind", "message"), ("outcome", "handled")]
        ),
        3.0
    );
    assert_eq!(
        m.get(
            "telebot_updates_handled_total",
            &[("kind", "message"), ("outcome", "failed")]
        ),
        1.0
    );
    let handler = |name: &'static str| [("handler", name)];
    assert_eq!(
        m.get(
            "telebot_handler_failures_total",
            &handler("CommandHandler(/fail)")
        ),
        1.0
    );
    assert_eq!(
        m.get(
            "telebot_handler_duration_seconds_count",
            &handler("CommandHandler(/start)")
        ),
        2.0
    );
    assert_eq!(
        m.get(
            "telebot_api_calls_total",
            &[("method", "sendMessage"), ("outcome", "429")]
        ),
        1.0
    );
    assert_eq!(
        m.get(
            "telebot_api_calls_total",
            &[("method", "sendMessage"), ("outcome", "ok")]
        ),
        4.0,
        "hi, hi, sorry, job ran"
    );
    assert_eq!(
        m.get(
            "telebot_api_calls_total",
            &[("method", "getMe"), ("outcome", "ok")]
        ),
        1.0
    );
    let waited = m.get(
        "telebot_flood_wait_seconds_total",
        &[("cause", "retry_after")],
    );
    assert!(
        (0.9..5.0).contains(&waited),
        "the 429's second was waited out and counted: {waited}"
    );
    assert_eq!(m.get("telebot_job_runs_total", &[("outcome", "ran")]), 1.0);
    assert_eq!(m.get("telebot_lane_queued_updates", &[]), 0.0);
    assert_eq!(m.get("telebot_intake_running", &[]), 1.0);
    assert!(m.get("telebot_polling_last_batch_timestamp_seconds", &[]) > 1.7e9);

    // Telegram now rejects the token: the next long poll's 401 makes the bot unready.
    tg.fault(Fault::Error {
        code: 401,
        description: "Unauthorized".into(),
    })
    .on("getUpdates");
    let unready = async {
        loop {
            let (status, body) = get(format!("http://{address}/readyz")).await;
            if status == 503 {
                return body;
            }
            tokio::task::yield_now().await;
        }
    };
    let body = tokio::time::timeout(Duration::from_secs(30), unready)
        .await
        .expect("/readyz turns unready after the 401");
    assert!(body.contains("rejected the token (401)"), "{body}");
    let _ = running.stop().await;
}
