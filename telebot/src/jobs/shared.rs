//! The state a job queue shares with its jobs and their drivers: the application link, the
//! clock, the jobs by id, the callbacks by name, and what runs.

use super::callback::JobCallback;
use super::clock::Clock;
use super::job::{Job, JobInner, JobState};
use super::options::Overlap;
use super::plan::Plan;
use super::record::StoredJob;
use super::store::JobStore;
use crate::dispatch::{Background, Services};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::watch;

pub(crate) struct Shared {
    pub(crate) app: AppLink,
    pub(crate) clock: Clock,
    pub(crate) tz: TimeZone,
    pub(crate) store: Option<Arc<dyn JobStore>>,
    pub(crate) jobs: Mutex<HashMap<Arc<str>, Job>>,
    pub(crate) registry: Mutex<HashMap<String, JobCallback>>,
    /// Stored jobs whose callback is not registered yet.
    pub(crate) parked: Mutex<Vec<(String, StoredJob)>>,
    /// The ids of durable `#[job]` declarations.
    pub(crate) declared: Mutex<std::collections::HashSet<String>>,
    /// Whether the queue runs; drivers end when it turns `false`.
    pub(crate) started: watch::Sender<bool>,
    pub(crate) restored: AtomicBool,
    pub(crate) runs: Background,
    pub(crate) drivers: Background,
    pub(crate) next_id: AtomicU64,
    pub(crate) id_prefix: String,
    /// Decides which instance runs a due run, when several share the jobs.
    pub(crate) gate: std::sync::RwLock<Option<Arc<dyn super::gate::RunGate>>>,
}

/// Everything a new job is made of.
pub(crate) struct NewJob {
    pub(crate) id: Arc<str>,
    pub(crate) name: Arc<str>,
    pub(crate) callback: JobCallback,
    pub(crate) plan: Plan,
    pub(crate) data: Option<Value>,
    pub(crate) chat_id: Option<i64>,
    pub(crate) user_id: Option<i64>,
    pub(crate) overlap: Overlap,
    pub(crate) persistent: bool,
    pub(crate) misfire_grace: Option<Duration>,
    pub(crate) enabled: bool,
    pub(crate) next_t: Option<Timestamp>,
}

impl Shared {
    pub(crate) fn lock_jobs(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, Job>> {
        self.jobs.lock_unpoisoned()
    }

    pub(crate) fn job(&self, id: &str) -> Option<Job> {
        self.lock_jobs().get(id).cloned()
    }

    pub(crate) fn registered(&self, name: &str) -> Option<JobCallback> {
        self.registry.lock_unpoisoned().get(name).cloned()
    }

    pub(crate) fn is_declared(&self, id: &str) -> bool {
        self.declared.lock_unpoisoned().contains(id)
    }

    pub(crate) fn park(&self, id: String, record: StoredJob) {
        self.parked.lock_unpoisoned().push((id, record));
    }

    pub(crate) fn new_job(self: &Arc<Self>, new: NewJob) -> Job {
        Job(Arc::new(JobInner {
            id: new.id,
            name: new.name,
            callback: new.callback,
            plan: new.plan,
            chat_id: new.chat_id,
            user_id: new.user_id,
            overlap: new.overlap,
            persistent: new.persistent,
            misfire_grace: new.misfire_grace,
            state: Mutex::new(JobState {
                data: new.data,
                enabled: new.enabled,
                next_t: new.next_t,
                removed: false,
                replaced: false,
                running: false,
                pending: 0,
                dirty: new.persistent,
                driven: false,
                stored: false,
            }),
            changed: tokio::sync::Notify::new(),
            queue: Arc::downgrade(self),
        }))
    }

    /// Adds a job; a job that had its id is removed (its stored record now belongs to the new
    /// one).
    pub(crate) fn insert(&self, job: Job) {
        let old = self.lock_jobs().insert(Arc::clone(&job.0.id), job);
        if let Some(old) = old {
            old.state().replaced = true;
            old.schedule_removal();
        }
    }

    /// Takes a job out of the queue's list (unless another job has its id by now).
    pub(crate) fn forget(&self, job: &Job) {
        let mut jobs = self.lock_jobs();
        if jobs
            .get(&job.0.id)
            .is_some_and(|j| Arc::ptr_eq(&j.0, &job.0))
        {
            jobs.remove(&job.0.id);
        }
    }
}

/// How the job queue reaches its application without keeping it alive: the services its runs
/// need, or `None` once the application is gone.
pub(crate) type AppLink = Arc<dyn Fn() -> Option<Arc<dyn Services>> + Send + Sync>;
