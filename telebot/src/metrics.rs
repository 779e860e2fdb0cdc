//! Prometheus metrics (feature `metrics`): what the bot does, counted as it goes, served in
//! Prometheus's text exposition format at `/metrics` on an address of its own, beside
//! `/healthz` (the process answers) and `/readyz` (it can do its job).
//!
//! ```no_run
//! # async fn run() -> Result<(), telebot::Error> {
//! use telebot::metrics::MetricsConfig;
//! let app = telebot::Application::builder()
//!     .metrics(MetricsConfig::new("127.0.0.1:9090".parse().unwrap()))
//!     .build()?;
//! app.run_polling().await // /metrics, /healthz and /readyz on 127.0.0.1:9090 meanwhile
//! # }
//! ```
//!
//! `#[telebot::main]` turns them on when `TELEBOT_METRICS_LISTEN` is set.
//!
//! | metric | type | labels | what |
//! |---|---|---|---|
//! | `telebot_updates_received_total` | counter | `kind` | updates that arrived, by kind (`message`, `callback_query`, …, `unknown`) |
//! | `telebot_updates_handled_total` | counter | `kind`, `outcome` | updates whose blocking handlers are done: `handled`, `failed` or `ignored` (no handler took it) |
//! | `telebot_handler_duration_seconds` | histogram | `handler` | how long each handler ran (its description, as in the startup report) |
//! | `telebot_handler_failures_total` | counter | `handler` | handler runs that returned an error, panicked or had unusable parameters |
//! | `telebot_lane_queued_updates` | gauge | | updates queued or running in the chats' lanes |
//! | `telebot_api_calls_total` | counter | `method`, `outcome` | Bot API requests (each attempt): `ok`, `4xx`, `401`, `429`, `5xx`, `network` |
//! | `telebot_api_call_duration_seconds` | histogram | | how long Bot API requests took (long polls included) |
//! | `telebot_flood_wait_seconds_total` | counter | `cause` | time requests waited before being sent: `rate_limiter` or `retry_after` (a 429's pause) |
//! | `telebot_job_runs_total` | counter | `outcome` | job runs: `ran`, `failed` or `skipped` |
//! | `telebot_persistence_flush_duration_seconds` | histogram | | writes of changed data to the persistence backend |
//! | `telebot_persistence_flush_failures_total` | counter | | writes that failed |
//! | `telebot_polling_lag_seconds` | gauge | | how old the oldest update of the last `getUpdates` batch was when it arrived (by its `date`) |
//! | `telebot_polling_last_batch_timestamp_seconds` | gauge | | when `getUpdates` last answered (Unix time): alert on `time() - …` |
//! | `telebot_webhook_rejected_total` | counter | `cause` | webhook requests refused: `wrong_path`, `wrong_method`, `wrong_secret`, `too_large`, `unreadable`, `not_an_update`, `lane_full`, `stopping`, `log_unavailable` |
//! | `telebot_intake_running` | gauge | | 1 while updates are taken in (polling, webhook, cluster) |
//!
//! Every label takes a bounded set of values: never a chat, a user or an update id. Register
//! metrics of your own in the same registry with [`Metrics::register`].

mod config;
mod endpoint;
mod families;
mod observer;
mod readiness;

pub use config::{METRICS_LISTEN_VAR, MetricsConfig};
pub use families::Metrics;
pub use readiness::{Auth, Readiness};

pub(crate) use endpoint::Endpoint;
pub(crate) use observer::ApiObserver;
