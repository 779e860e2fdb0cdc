//! What the runtime tells about its own work as it goes: updates received and handled, handler
//! runs, jobs, persistence flushes, long polling, webhook refusals, and whether intake runs.
//!
//! Every layer records through a [`Telemetry`] handle; it does nothing unless the `metrics`
//! feature is on and the application was built with metrics
//! ([`ApplicationBuilder::metrics`](crate::application::ApplicationBuilder::metrics)), so the
//! layers below the application need neither the feature nor a registry.

// Without metrics every recording function ignores its arguments.
#![cfg_attr(not(feature = "metrics"), allow(unused_variables))]

use crate::Update;
use std::sync::Arc;
use std::time::Duration;

/// How one update's trip through the handler groups ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpdateOutcome {
    /// At least one handler took it, and none of its blocking handlers failed.
    Handled,
    /// A blocking handler failed or panicked, or a check panicked.
    Failed,
    /// No handler took it.
    Ignored,
}

/// How a job's run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobOutcome {
    /// The callback returned without an error.
    Ran,
    /// The callback failed or panicked.
    Failed,
    /// The run was not started: the job was paused, or its previous run was still going.
    Skipped,
}

/// Where the runtime records what it does; cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Telemetry {
    #[cfg(feature = "metrics")]
    metrics: Option<Arc<crate::metrics::Metrics>>,
}

/// The name of a handler for the metrics: its description, made once.
pub(crate) type HandlerName = Arc<str>;

#[cfg(feature = "metrics")]
impl Telemetry {
    /// Records into `metrics`.
    pub(crate) fn new(metrics: Arc<crate::metrics::Metrics>) -> Telemetry {
        Telemetry {
            metrics: Some(metrics),
        }
    }

    /// The metrics, when they are kept.
    pub(crate) fn metrics(&self) -> Option<&Arc<crate::metrics::Metrics>> {
        self.metrics.as_ref()
    }
}

#[cfg(feature = "metrics")]
macro_rules! record {
    ($self:ident, |$m:ident| $body:expr) => {
        if let Some($m) = &$self.metrics {
            $body
        }
    };
}

#[cfg(not(feature = "metrics"))]
macro_rules! record {
    ($self:ident, |$m:ident| $body:expr) => {{
        let _ = &$self;
    }};
}

impl Telemetry {
    /// An update arrived (from polling, the webhook, the cluster's log or the update queue).
    pub(crate) fn update_received(&self, update: &Update) {
        record!(self, |m| m.update_received(update));
    }

    /// An update's blocking handlers are done.
    pub(crate) fn update_handled(&self, update: &Update, outcome: UpdateOutcome) {
        record!(self, |m| m.update_handled(update, outcome));
    }

    /// A handler ran for `elapsed`, and failed (an error, a panic, refused parameters) or not.
    pub(crate) fn handler_ran(&self, handler: &HandlerName, elapsed: Duration, failed: bool) {
        record!(self, |m| m.handler_ran(handler, elapsed, failed));
    }

    /// A job's run came due and ended as `outcome`.
    pub(crate) fn job_ran(&self, outcome: JobOutcome) {
        record!(self, |m| m.job_ran(outcome));
    }

    /// Changed data was written (or failed to be) in `elapsed`.
    pub(crate) fn flushed(&self, elapsed: Duration, ok: bool) {
        record!(self, |m| m.flushed(elapsed, ok));
    }

    /// A `getUpdates` answered; `oldest` is the earliest `date` among the batch's updates, in
    /// Unix seconds, when any carries one.
    pub(crate) fn polled(&self, oldest: Option<i64>) {
        record!(self, |m| m.polled(oldest));
    }

    /// The webhook refused a request, for `cause`.
    #[cfg_attr(not(feature = "webhooks"), allow(dead_code))]
    pub(crate) fn webhook_rejected(&self, cause: &'static str) {
        record!(self, |m| m.webhook_rejected(cause));
    }

    /// Intake (polling, the webhook, a cluster's intake or worker) started or stopped.
    pub(crate) fn intake_running(&self, running: bool) {
        record!(self, |m| m.intake_running(running));
    }

    /// Whether metrics are kept at all: callers skip preparing what would be thrown away.
    pub(crate) fn enabled(&self) -> bool {
        #[cfg(feature = "metrics")]
        {
            self.metrics.is_some()
        }
        #[cfg(not(feature = "metrics"))]
        {
            false
        }
    }
}
