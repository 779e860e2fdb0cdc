//! Jobs declared with `#[job(…)]`: scheduled when their handler set is added to the
//! application. With a job store (a persistence backend or [`JobQueue::job_store`]), a declared
//! job is persistent under the id `#[job] <name>`, so a restart keeps its schedule: the next
//! run stays where the previous process left it (an hourly job restarted after 50 minutes runs
//! 10 minutes later, not an hour later), and a run missed while the bot was down runs once at
//! startup. A job whose declaration changed (another schedule, name or chat) starts afresh.
//! One-shot `after = "…"` jobs count from each start and are never stored.
//!
//! [`JobQueue::job_store`]: crate::application::ApplicationBuilder::job_store

use super::callback::JobCallback;
use super::declaration::{DeclaredJob, DeclaredSchedule as Declared};
use super::record::{StoredJob, StoredPlan};
use super::schedule::{CronSchedule, Daily, Repeating, Schedule, When};
use super::{Job, JobError, JobOptions, JobQueue};
use std::sync::Arc;
use telebot_client::poison::MutexUnpoisoned;
use telebot_syntax::schedule::{TimeOfDay, Weekday, Weekdays};

/// The id of a declared job in the queue and the store.
pub(crate) fn declared_id(name: &str) -> String {
    format!("#[job] {name}")
}

impl JobQueue {
    /// Checks that `jobs` can be declared: no two of them, nor one of them and a job declared
    /// before, share a name.
    pub(crate) fn check_declarable(&self, jobs: &[DeclaredJob]) -> Result<(), JobError> {
        let mut names = std::collections::HashSet::new();
        for job in jobs {
            let name = job.spec.name;
            let taken = self
                .shared
                .job(&declared_id(name))
                .is_some_and(|job| !job.removed());
            if taken || !names.insert(name) {
                return Err(JobError::DeclaredTwice(name.to_string()));
            }
        }
        Ok(())
    }

    /// Schedules a job declared with `#[job]` (what [`Application::add_handlers`] does with
    /// the jobs of a handler set).
    ///
    /// [`Application::add_handlers`]: crate::Application::add_handlers
    pub(crate) fn declare(&self, declared: DeclaredJob) -> Result<Job, JobError> {
        let spec = declared.spec;
        let id = declared_id(spec.name);
        if self.shared.job(&id).is_some_and(|job| !job.removed()) {
            return Err(JobError::DeclaredTwice(spec.name.to_string()));
        }
        let schedule = schedule(&spec.schedule, spec.first, spec.last)?;
        let mut options = JobOptions::new().id(id.as_str()).name(spec.name);
        if let Some(chat_id) = spec.chat_id {
            options = options.chat_id(chat_id);
        }
        if let Some(data) = spec.data {
            options = options.data(data);
        }
        let durable = self.shared.store.is_some() && !matches!(spec.schedule, Declared::After(_));
        let callback = JobCallback {
            registered: durable.then(|| Arc::from(id.as_str())),
            default_name: Arc::from(spec.name),
            call: declared.callback,
        };
        if durable {
            options = options.persistent();
            self.shared.add_registered(id.clone(), callback.clone());
            self.shared.declared.lock_unpoisoned().insert(id);
        }
        self.schedule(callback, schedule, options)
    }
}

/// The queue's schedule for a declared one.
fn schedule(
    declared: &Declared,
    first: Option<std::time::Duration>,
    last: Option<std::time::Duration>,
) -> Result<Schedule, JobError> {
    Ok(match declared {
        Declared::Every(interval) => {
            let mut repeating = Repeating::every(*interval);
            if let Some(first) = first {
                repeating = repeating.first(first);
            }
            if let Some(last) = last {
                repeating = repeating.last(last);
            }
            Schedule::Repeating(repeating)
        }
        Declared::After(delay) => Schedule::Once(When::After(*delay)),
        Declared::Daily {
            at: (hour, minute, second),
            days,
        } => {
            let time = TimeOfDay {
                hour: *hour,
                minute: *minute,
                second: *second,
            };
            let mut daily = Daily::at(time);
            if !days.is_empty() {
                daily = daily.days(
                    days.iter()
                        .map(|&d| Weekday::from_days_from_monday(d))
                        .collect::<Weekdays>(),
                );
            }
            Schedule::Daily(daily)
        }
        Declared::Cron(expression) => Schedule::Cron(CronSchedule::parse(expression)?),
    })
}

/// Whether a stored record continues the declared job now scheduled as `current`: same name,
/// chat and schedule (for repeating jobs, the same interval: their first run counts from each
/// start).
pub(crate) fn continues(record: &StoredJob, current: &Job) -> bool {
    let Ok(plan) = StoredPlan::from_plan(&current.0.plan) else {
        return false;
    };
    let same_schedule = match (&record.schedule, &plan) {
        (
            StoredPlan::Repeating {
                interval: stored, ..
            },
            StoredPlan::Repeating { interval, .. },
        ) => stored == interval,
        (stored, plan) => serde_json::to_value(stored).ok() == serde_json::to_value(plan).ok(),
    };
    same_schedule && record.name == *current.0.name && record.chat_id == current.0.chat_id
}
