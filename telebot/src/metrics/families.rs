//! The metric families and how each event of the runtime changes them.

use super::readiness::{Auth, Readiness};
use crate::Update;
use crate::client::{CallOutcome, WaitCause};
use crate::telemetry::{HandlerName, JobOutcome, UpdateOutcome};
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Metric, Registry};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use telebot_client::poison::MutexUnpoisoned;

/// Bucket bounds (seconds) of the duration histograms: half a millisecond to a minute.
const DURATION_BUCKETS: [f64; 15] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0,
];

fn duration_histogram() -> Histogram {
    Histogram::new(DURATION_BUCKETS)
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindOutcomeLabels {
    kind: &'static str,
    outcome: &'static str,
}

/// A handler's name as a label value, shared with the dispatcher (no copy per update).
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Name(HandlerName);

impl EncodeLabelValue for Name {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        std::fmt::Write::write_str(encoder, &self.0)
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HandlerLabels {
    handler: Name,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabels {
    method: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CauseLabels {
    cause: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// The application's metrics, and the registry they are served from.
pub struct Metrics {
    registry: Mutex<Registry>,
    updates_received: Family<KindLabels, Counter>,
    updates_handled: Family<KindOutcomeLabels, Counter>,
    handler_duration: Family<HandlerLabels, Histogram, fn() -> Histogram>,
    handler_failures: Family<HandlerLabels, Counter>,
    lane_queued: Gauge,
    api_calls: Family<MethodLabels, Counter>,
    api_duration: Histogram,
    flood_wait: Family<CauseLabels, Counter<f64, AtomicU64>>,
    job_runs: Family<OutcomeLabels, Counter>,
    flush_duration: Histogram,
    flush_failures: Counter,
    polling_lag: Gauge<f64, AtomicU64>,
    polling_last: Gauge<f64, AtomicU64>,
    webhook_rejected: Family<CauseLabels, Counter>,
    intake: Gauge,
    /// The label of each Bot API method, so that a method name never costs an allocation.
    methods: HashMap<&'static str, &'static str>,
    /// What `telebot_lane_queued_updates` reads at each scrape.
    lanes: OnceLock<Box<dyn Fn() -> usize + Send + Sync>>,
    auth: AtomicU8,
    intake_running: AtomicBool,
    persistence_ok: AtomicBool,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("readiness", &self.readiness())
            .finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Every family, registered and at zero.
    pub fn new() -> Metrics {
        let m = Metrics {
            registry: Mutex::new(Registry::default()),
            updates_received: Family::default(),
            updates_handled: Family::default(),
            handler_duration: Family::new_with_constructor(duration_histogram),
            handler_failures: Family::default(),
            lane_queued: Gauge::default(),
            api_calls: Family::default(),
            api_duration: duration_histogram(),
            flood_wait: Family::default(),
            job_runs: Family::default(),
            flush_duration: duration_histogram(),
            flush_failures: Counter::default(),
            polling_lag: Gauge::default(),
            polling_last: Gauge::default(),
            webhook_rejected: Family::default(),
            intake: Gauge::default(),
            methods: crate::api::METHOD_NAMES.iter().map(|m| (*m, *m)).collect(),
            lanes: OnceLock::new(),
            auth: AtomicU8::new(Auth::Unknown as u8),
            intake_running: AtomicBool::new(false),
            persistence_ok: AtomicBool::new(true),
        };
        {
            let mut r = m.lock_registry();
            r.register(
                "telebot_updates_received",
                "Updates that arrived, by kind",
                m.updates_received.clone(),
            );
            r.register(
                "telebot_updates_handled",
                "Updates whose blocking handlers are done, by kind and outcome (handled, failed, ignored)",
                m.updates_handled.clone(),
            );
            r.register(
                "telebot_handler_duration_seconds",
                "How long each handler ran",
                m.handler_duration.clone(),
            );
            r.register(
                "telebot_handler_failures",
                "Handler runs that failed, panicked or had unusable parameters",
                m.handler_failures.clone(),
            );
            r.register(
                "telebot_lane_queued_updates",
                "Updates queued or running in the chats' lanes",
                m.lane_queued.clone(),
            );
            r.register(
                "telebot_api_calls",
                "Bot API requests (each attempt), by method and outcome (ok, 4xx, 401, 429, 5xx, network)",
                m.api_calls.clone(),
            );
            r.register(
                "telebot_api_call_duration_seconds",
                "How long Bot API requests took",
                m.api_duration.clone(),
            );
            r.register(
                "telebot_flood_wait_seconds",
                "Seconds requests waited for flood control before being sent, by cause (rate_limiter, retry_after)",
                m.flood_wait.clone(),
            );
            r.register(
                "telebot_job_runs",
                "Job runs by outcome (ran, failed, skipped)",
                m.job_runs.clone(),
            );
            r.register(
                "telebot_persistence_flush_duration_seconds",
                "Writes of changed data to the persistence backend",
                m.flush_duration.clone(),
            );
            r.register(
                "telebot_persistence_flush_failures",
                "Writes of changed data that failed",
                m.flush_failures.clone(),
            );
            r.register(
                "telebot_polling_lag_seconds",
                "Age of the oldest update of the last getUpdates batch when it arrived",
                m.polling_lag.clone(),
            );
            r.register(
                "telebot_polling_last_batch_timestamp_seconds",
                "When getUpdates last answered, in Unix time",
                m.polling_last.clone(),
            );
            r.register(
                "telebot_webhook_rejected",
                "Webhook requests refused, by cause",
                m.webhook_rejected.clone(),
            );
            r.register(
                "telebot_intake_running",
                "1 while updates are taken in",
                m.intake.clone(),
            );
        }
        m
    }

    fn lock_registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.registry.lock_unpoisoned()
    }

    /// Registers a metric of your own, served with telebot's (`prometheus_client`'s types:
    /// `Counter`, `Gauge`, `Histogram`, `Family`). A counter's name is given without
    /// `_total`, which the exposition adds.
    pub fn register(&self, name: &str, help: &str, metric: impl Metric) {
        self.lock_registry().register(name, help, metric);
    }

    /// Every metric in Prometheus's text exposition format (OpenMetrics), as `/metrics`
    /// serves it.
    pub fn encode(&self) -> String {
        if let Some(lanes) = self.lanes.get() {
            self.lane_queued
                .set(i64::try_from(lanes()).unwrap_or(i64::MAX));
        }
        let mut out = String::new();
        if let Err(error) =
            prometheus_client::encoding::text::encode(&mut out, &self.lock_registry())
        {
            tracing::error!(%error, "the metrics could not be encoded");
        }
        out
    }

    /// Whether the bot can do its job now, and if not, why.
    pub fn readiness(&self) -> Readiness {
        Readiness {
            authenticated: Auth::from(self.auth.load(Ordering::Relaxed)),
            intake_running: self.intake_running.load(Ordering::Relaxed),
            persistence_ok: self.persistence_ok.load(Ordering::Relaxed),
        }
    }

    /// Where `telebot_lane_queued_updates` is read from (set once, by the application).
    pub(crate) fn read_lanes_from(&self, lanes: impl Fn() -> usize + Send + Sync + 'static) {
        let _ = self.lanes.set(Box::new(lanes));
    }

    pub(crate) fn update_received(&self, update: &Update) {
        self.updates_received
            .get_or_create(&KindLabels {
                kind: kind_label(update),
            })
            .inc();
    }

    pub(crate) fn update_handled(&self, update: &Update, outcome: UpdateOutcome) {
        let outcome = match outcome {
            UpdateOutcome::Handled => "handled",
            UpdateOutcome::Failed => "failed",
            UpdateOutcome::Ignored => "ignored",
        };
        self.updates_handled
            .get_or_create(&KindOutcomeLabels {
                kind: kind_label(update),
                outcome,
            })
            .inc();
    }

    pub(crate) fn handler_ran(&self, handler: &HandlerName, elapsed: Duration, failed: bool) {
        let labels = HandlerLabels {
            handler: Name(HandlerName::clone(handler)),
        };
        self.handler_duration
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
        if failed {
            self.handler_failures.get_or_create(&labels).inc();
        }
    }

    pub(crate) fn job_ran(&self, outcome: JobOutcome) {
        let outcome = match outcome {
            JobOutcome::Ran => "ran",
            JobOutcome::Failed => "failed",
            JobOutcome::Skipped => "skipped",
        };
        self.job_runs
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    pub(crate) fn flushed(&self, elapsed: Duration, ok: bool) {
        self.flush_duration.observe(elapsed.as_secs_f64());
        if !ok {
            self.flush_failures.inc();
        }
        self.persistence_ok.store(ok, Ordering::Relaxed);
    }

    pub(crate) fn polled(&self, oldest: Option<i64>) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        self.polling_last.set(now);
        if let Some(oldest) = oldest {
            self.polling_lag.set((now - oldest as f64).max(0.0));
        }
    }

    #[cfg_attr(not(feature = "webhooks"), allow(dead_code))]
    pub(crate) fn webhook_rejected(&self, cause: &'static str) {
        self.webhook_rejected
            .get_or_create(&CauseLabels { cause })
            .inc();
    }

    pub(crate) fn intake_running(&self, running: bool) {
        self.intake_running.store(running, Ordering::Relaxed);
        self.intake.set(i64::from(running));
    }

    pub(crate) fn api_answered(&self, method: &str, outcome: CallOutcome, elapsed: Duration) {
        let outcome_label = match outcome {
            CallOutcome::Ok => "ok",
            CallOutcome::ClientError => "4xx",
            CallOutcome::Unauthorized => "401",
            CallOutcome::FloodControl => "429",
            CallOutcome::ServerError => "5xx",
            CallOutcome::Network => "network",
        };
        let method = self.methods.get(method).copied().unwrap_or("other");
        self.api_calls
            .get_or_create(&MethodLabels {
                method,
                outcome: outcome_label,
            })
            .inc();
        self.api_duration.observe(elapsed.as_secs_f64());
        match outcome {
            CallOutcome::Unauthorized => self.auth.store(Auth::Rejected as u8, Ordering::Relaxed),
            CallOutcome::Ok => self.auth.store(Auth::Accepted as u8, Ordering::Relaxed),
            _ => {}
        }
    }

    pub(crate) fn api_waited(&self, cause: WaitCause, waited: Duration) {
        let cause = match cause {
            WaitCause::RateLimiter => "rate_limiter",
            WaitCause::RetryAfter => "retry_after",
        };
        self.flood_wait
            .get_or_create(&CauseLabels { cause })
            .inc_by(waited.as_secs_f64());
    }
}

/// The `kind` label of an update: its kind's name, or `unknown` for a kind this version of
/// the Bot API does not know (a bounded set either way).
fn kind_label(update: &Update) -> &'static str {
    let name = update.kind_name();
    crate::api::ALL_UPDATE_KINDS
        .iter()
        .find(|k| **k == name)
        .copied()
        .unwrap_or("unknown")
}
