//! What `#[job]` declares, as the attribute checked it: the job's schedule and values, and its
//! callback. The macros build these through `telebot::__private`; a [`HandlerSet`] carries
//! them to the application.
//!
//! [`HandlerSet`]: crate::handlers::HandlerSet

use crate::commands::Location;

/// When a declared job runs, as the `#[job]` attribute checked it.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclaredSchedule {
    /// Repeatedly, this often.
    Every(std::time::Duration),
    /// Once, this long after the start.
    After(std::time::Duration),
    /// Every day at (hour, minute, second), on these weekdays (0 = Monday; empty = every day).
    Daily {
        /// The time of day.
        at: (u8, u8, u8),
        /// The weekdays, 0 = Monday; empty for every day.
        days: &'static [u8],
    },
    /// On a five-field cron expression.
    Cron(&'static str),
}

/// What `#[job]` declares: the schedule and the job's own values.
#[derive(Debug, Clone)]
pub struct JobSpec {
    /// The job's name (default: the function's).
    pub name: &'static str,
    /// When it runs.
    pub schedule: DeclaredSchedule,
    /// For `Every`: the delay before the first run.
    pub first: Option<std::time::Duration>,
    /// For `Every`: how long it keeps running.
    pub last: Option<std::time::Duration>,
    /// The chat the job is for.
    pub chat_id: Option<i64>,
    /// The job's data.
    pub data: Option<&'static str>,
    /// Where it was declared.
    pub location: Location,
}

/// A declared job: its descriptor and its callback (a `HandlerFn<kind::Job, _>`, boxed).
#[derive(Clone)]
pub struct DeclaredJob {
    /// The descriptor.
    pub spec: JobSpec,
    /// The callback.
    pub callback: crate::handlers::SharedHandlerFn,
}

impl std::fmt::Debug for DeclaredJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeclaredJob")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}
