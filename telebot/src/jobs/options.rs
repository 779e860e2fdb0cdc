//! [`JobOptions`]: everything about a job besides its callback and schedule.

use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// What happens when a run comes due while the job's previous run is still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overlap {
    /// The run is skipped, with a log line (the default; PTB's `max_instances=1`).
    #[default]
    Skip,
    /// The run waits and starts as soon as the previous one ends; runs that pile up this way
    /// run one after another.
    Queue,
}

/// A job's name, data, chat and user, overlap policy and durability.
///
/// ```
/// use telebot::jobs::JobOptions;
/// let options = JobOptions::new()
///     .name("reminder")
///     .chat_id(42)
///     .data("water the plants")
///     .persistent();
/// ```
#[derive(Debug, Clone, Default)]
pub struct JobOptions {
    pub(crate) id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) data: Option<Value>,
    pub(crate) data_error: Option<String>,
    pub(crate) chat_id: Option<i64>,
    pub(crate) user_id: Option<i64>,
    pub(crate) overlap: Overlap,
    pub(crate) persistent: bool,
    pub(crate) misfire_grace: Option<Duration>,
    pub(crate) paused: bool,
}

impl JobOptions {
    /// No name, data, chat or user; overlapping runs skipped; not persistent.
    pub fn new() -> JobOptions {
        JobOptions::default()
    }

    /// The job's id, unique in the queue (by default a generated one). Scheduling a job under
    /// an id in use replaces the job that had it: a bot that schedules its persistent jobs
    /// under fixed ids at every start keeps one of each.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The job's name, for [`JobQueue::get_jobs_by_name`](super::JobQueue::get_jobs_by_name)
    /// and the logs (by default the callback's name).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Data for the callback (PTB's `job.data`), kept as JSON: read it with
    /// [`Job::data`](super::Job::data) or a [`JobData<T>`](super::JobData) parameter. A value
    /// that does not serialize makes scheduling fail with [`JobError::Data`](super::JobError).
    pub fn data(mut self, data: impl Serialize) -> Self {
        match serde_json::to_value(data) {
            Ok(value) => {
                self.data = Some(value);
                self.data_error = None;
            }
            Err(e) => self.data_error = Some(e.to_string()),
        }
        self
    }

    /// The chat the job is for: its callback gets this chat's [`ChatData`](crate::ChatData).
    pub fn chat_id(mut self, chat_id: i64) -> Self {
        self.chat_id = Some(chat_id);
        self
    }

    /// The user the job is for: its callback gets this user's [`UserData`](crate::UserData).
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// What happens to a run that comes due while the previous one is still going.
    pub fn overlap(mut self, overlap: Overlap) -> Self {
        self.overlap = overlap;
        self
    }

    /// Keep the job in the application's job store, so that it is scheduled again after a
    /// restart. The callback must be one registered by name with
    /// [`JobQueue::register`](super::JobQueue::register), and the time zone (if any) one with
    /// a name or a fixed offset.
    pub fn persistent(mut self) -> Self {
        self.persistent = true;
        self
    }

    /// For persistent jobs: a run missed while the bot was down is run once at startup when it
    /// is at most this late, and skipped when it is later. The default runs it however late;
    /// `Duration::ZERO` always skips.
    pub fn misfire_grace(mut self, grace: Duration) -> Self {
        self.misfire_grace = Some(grace);
        self
    }

    /// Start the job paused (see [`Job::set_enabled`](super::Job::set_enabled)).
    pub fn paused(mut self) -> Self {
        self.paused = true;
        self
    }
}
