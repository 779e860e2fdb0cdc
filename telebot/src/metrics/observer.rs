//! The client's calls, counted: the metrics as the bot's [`CallObserver`].

use super::Metrics;
use crate::client::{CallObserver, CallOutcome, WaitCause};
use std::sync::Arc;
use std::time::Duration;

/// Hands each Bot API answer and flood-control wait of the bot to the metrics.
pub(crate) struct ApiObserver(pub(crate) Arc<Metrics>);

impl CallObserver for ApiObserver {
    fn answered(&self, method: &str, outcome: CallOutcome, elapsed: Duration) {
        self.0.api_answered(method, outcome, elapsed);
    }

    fn waited(&self, cause: WaitCause, waited: Duration) {
        self.0.api_waited(cause, waited);
    }
}
