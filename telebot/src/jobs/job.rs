//! [`Job`]: the handle of one scheduled job (PTB's `Job`).

use super::JobError;
use super::callback::JobCallback;
use super::options::Overlap;
use super::plan::Plan;
use super::record::{self, StoredJob};
use super::shared::Shared;
use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::Notify;

/// A scheduled job: cheap to clone, shared with the queue. A job callback gets its own job as
/// a [`Job`] parameter or from [`CallbackContext::job`](crate::CallbackContext::job).
#[derive(Clone)]
pub struct Job(pub(crate) Arc<JobInner>);

pub(crate) struct JobInner {
    pub(crate) id: Arc<str>,
    pub(crate) name: Arc<str>,
    pub(crate) callback: JobCallback,
    pub(crate) plan: Plan,
    pub(crate) chat_id: Option<i64>,
    pub(crate) user_id: Option<i64>,
    pub(crate) overlap: Overlap,
    pub(crate) persistent: bool,
    pub(crate) misfire_grace: Option<Duration>,
    pub(crate) state: Mutex<JobState>,
    /// Woken when the state changes (pause, removal, new data, a run ended).
    pub(crate) changed: Notify,
    pub(crate) queue: Weak<Shared>,
}

/// What changes while a job lives.
pub(crate) struct JobState {
    pub(crate) data: Option<Value>,
    pub(crate) enabled: bool,
    pub(crate) next_t: Option<Timestamp>,
    /// `schedule_removal` was called (or another job took the id).
    pub(crate) removed: bool,
    /// Another job took the id: its stored record is the new job's now.
    pub(crate) replaced: bool,
    /// A run is going.
    pub(crate) running: bool,
    /// Runs waiting for the current one ([`Overlap::Queue`]).
    pub(crate) pending: u64,
    /// The stored record is behind (persistent jobs).
    pub(crate) dirty: bool,
    /// A driver task is watching the job.
    pub(crate) driven: bool,
    /// The job store holds its record (written by this queue, or read from it): when the
    /// record disappears, another instance removed the job.
    pub(crate) stored: bool,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state();
        f.debug_struct("Job")
            .field("id", &self.0.id)
            .field("name", &self.0.name)
            .field("schedule", &self.0.plan.to_string())
            .field("next_t", &state.next_t)
            .field("enabled", &state.enabled)
            .field("chat_id", &self.0.chat_id)
            .field("user_id", &self.0.user_id)
            .field("persistent", &self.0.persistent)
            .finish()
    }
}

impl Job {
    pub(crate) fn state(&self) -> MutexGuard<'_, JobState> {
        self.0.state.lock_unpoisoned()
    }

    /// The id, unique in its queue (the key of a persistent job in the job store).
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// The name (by default the callback's name).
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// When the job runs, in words (`"daily at 09:00 (Europe/Berlin)"`).
    pub fn schedule_description(&self) -> String {
        self.0.plan.to_string()
    }

    /// The chat it is for, whose [`ChatData`](crate::ChatData) its callback gets.
    pub fn chat_id(&self) -> Option<i64> {
        self.0.chat_id
    }

    /// The user it is for, whose [`UserData`](crate::UserData) its callback gets.
    pub fn user_id(&self) -> Option<i64> {
        self.0.user_id
    }

    /// The data, read as `T`.
    pub fn data<T: DeserializeOwned>(&self) -> Result<T, JobError> {
        let value = self
            .state()
            .data
            .clone()
            .ok_or_else(|| JobError::NoData(self.0.name.to_string()))?;
        Ok(serde_json::from_value(value)?)
    }

    /// The data as JSON, if the job has any.
    pub fn data_json(&self) -> Option<Value> {
        self.state().data.clone()
    }

    /// Replaces the data (a persistent job stores it again).
    pub fn set_data(&self, data: impl Serialize) -> Result<(), JobError> {
        let value = serde_json::to_value(data)?;
        let mut state = self.state();
        state.data = Some(value);
        state.dirty = self.0.persistent;
        drop(state);
        self.0.changed.notify_one();
        Ok(())
    }

    /// When the job runs next; `None` when it has no run left.
    pub fn next_t(&self) -> Option<Timestamp> {
        self.state().next_t
    }

    /// Whether runs happen (`false` while paused).
    pub fn enabled(&self) -> bool {
        self.state().enabled
    }

    /// Pauses (`false`) or resumes (`true`) the job. A paused job keeps its schedule; the runs
    /// that come due while it is paused are skipped.
    pub fn set_enabled(&self, enabled: bool) {
        let mut state = self.state();
        if state.enabled == enabled {
            return;
        }
        state.enabled = enabled;
        state.dirty = self.0.persistent;
        drop(state);
        self.0.changed.notify_one();
    }

    /// Removes the job: no run starts after this (a run already going finishes), and a
    /// persistent job leaves the store.
    pub fn schedule_removal(&self) {
        let mut state = self.state();
        if state.removed {
            return;
        }
        state.removed = true;
        let driven = state.driven;
        drop(state);
        self.0.changed.notify_one();
        if !driven && let Some(shared) = self.0.queue.upgrade() {
            shared.finish_undriven(self);
        }
    }

    /// Whether [`schedule_removal`](Self::schedule_removal) was called.
    pub fn removed(&self) -> bool {
        self.state().removed
    }

    /// Whether the job is kept in the job store.
    pub fn is_persistent(&self) -> bool {
        self.0.persistent
    }

    /// The name its callback was registered under, if it was.
    pub fn callback_name(&self) -> Option<&str> {
        self.0.callback.registered_name()
    }

    /// Runs the callback now, outside the schedule (which is unchanged), and returns when it
    /// is done; an error or a panic goes to the error handlers.
    pub async fn run(&self) {
        if let Some(shared) = self.0.queue.upgrade() {
            shared.runs.enter();
            shared.execute(self).await;
            shared.runs.leave();
        }
    }
}

impl Job {
    /// The record of a persistent job in its current state.
    pub(crate) fn record(&self, state: &JobState) -> Result<StoredJob, &'static str> {
        let job = self;
        let callback = job
            .callback_name()
            .ok_or("its callback is not registered by name")?;
        Ok(StoredJob {
            v: record::VERSION,
            callback: callback.to_string(),
            name: job.name().to_string(),
            schedule: record::StoredPlan::from_plan(&job.0.plan)?,
            data: state.data.clone(),
            chat_id: job.0.chat_id,
            user_id: job.0.user_id,
            enabled: state.enabled,
            next_t: state.next_t.map(|t| t.to_string()),
            overlap: match job.0.overlap {
                Overlap::Skip => "skip",
                Overlap::Queue => "queue",
            }
            .to_string(),
            misfire_grace: job.0.misfire_grace,
        })
    }
}
