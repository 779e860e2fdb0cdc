//! The job queue (PTB's `JobQueue`): callbacks that run once, every interval, daily, monthly or
//! on a cron expression, with a context built from the job; persistent jobs come back after a
//! restart.
//!
//! ```
//! use std::time::Duration;
//! use telebot::jobs::{Daily, Job, JobData, JobOptions, JobQueue, Weekdays, parse_time_of_day};
//! use telebot::{Bot, HandlerResult};
//!
//! async fn remind(bot: Bot, job: Job, JobData(text): JobData<String>) -> HandlerResult {
//!     if let Some(chat) = job.chat_id() {
//!         bot.send_message(chat, text).await?;
//!     }
//!     Ok(())
//! }
//!
//! async fn heartbeat() {}
//!
//! fn schedule(jobs: &JobQueue) -> Result<(), telebot::jobs::JobError> {
//!     jobs.run_once(remind, Duration::from_secs(60), JobOptions::new().chat_id(42).data("tea"))?;
//!     jobs.run_repeating(heartbeat, Duration::from_secs(30), JobOptions::new())?;
//!     let nine = parse_time_of_day("09:00").map_err(telebot::jobs::JobError::Schedule)?;
//!     jobs.run_daily(remind, Daily::at(nine).days(Weekdays::WORKDAYS), JobOptions::new().data("stand-up"))?;
//!     Ok(())
//! }
//! ```
//!
//! # Semantics
//!
//! * **Time.** Schedules are kept in wall-clock time, read from the application's [`Clock`]
//!   (the system clock unless [`ApplicationBuilder::clock`] sets another), and waited for with
//!   tokio timers. Daily, monthly and cron schedules are read in their time zone, else the
//!   queue's: [`Defaults::time_zone`], else UTC. When the clocks change, a wall-clock time that
//!   does not exist runs shifted by the jump (02:30 → 03:30 on a spring-forward night), and one
//!   that happens twice runs once, at the first (see [`time_zone`]). A job that must run every
//!   so many minutes across clock changes is a [`Repeating`] job: intervals are real time.
//! * **No drift.** Each run's time comes from the schedule (the first run plus a whole number of
//!   intervals; the next calendar match), never from when the previous run started or ended.
//!   If the queue itself wakes up late (a stalled runtime), the runs missed meanwhile are run
//!   once, with a log line.
//! * **Overlap.** A run that comes due while the job's previous run is still going is skipped
//!   with a log line ([`Overlap::Skip`], the default), or waits for it ([`Overlap::Queue`]).
//! * **Failures.** An error or a panic in a job callback goes to the application's error
//!   handlers, whose context has the job in [`CallbackContext::job`]; the job keeps its
//!   schedule.
//! * **Pause and removal.** [`Job::set_enabled`]`(false)` skips the runs that come due until it
//!   is enabled again; [`Job::schedule_removal`] stops the job for good (a run already going
//!   finishes).
//! * **Lifecycle.** Jobs scheduled before the application starts wait for it; they run from
//!   [`Application::start`] on. [`Application::stop`] starts no run after it is called and waits
//!   for the runs going, at most the builder's `stop_timeout` (shared with the updates in hand).
//! * **Persistent jobs.** A job scheduled with [`JobOptions::persistent`] is kept in the
//!   application's [`JobStore`] (its schedule, data, chat, user, pause state and next run) and
//!   scheduled again when a new application starts with the same store. Its callback is found
//!   by the name it was registered under with [`JobQueue::register`], so register every callback
//!   of persistent jobs before the application starts (one registered later picks up its jobs
//!   then). A run missed while the bot was down runs once at startup when it is at most
//!   [`JobOptions::misfire_grace`] late (by default however late), else it is skipped. A
//!   one-shot job leaves the store when its run has ended, so a crash during the run repeats it
//!   at the next start; a repeating job's next run is stored when a run starts.
//!
//! [`ApplicationBuilder::clock`]: crate::application::ApplicationBuilder::clock
//! [`Defaults::time_zone`]: crate::client::Defaults::time_zone
//! [`CallbackContext::job`]: crate::CallbackContext::job
//! [`Application::start`]: crate::Application::start
//! [`Application::stop`]: crate::Application::stop

mod callback;
mod clock;
mod context;
pub(crate) mod declaration;
mod declared;
mod driver;
mod error;
mod extract;
pub(crate) mod gate;
mod job;
mod options;
mod plan;
mod record;
mod restore;
mod schedule;
mod shared;
mod store;
mod zone;

pub use callback::{IntoJobCallback, JobCallback, Registered};
pub use clock::Clock;
pub use error::JobError;
pub use extract::JobData;
pub use job::Job;
pub use options::{JobOptions, Overlap};
pub use schedule::{CronSchedule, Daily, DayOfMonth, Monthly, Repeating, Schedule, When};
pub(crate) use store::PersistedJobs;
pub use store::{InMemoryJobStore, JobStore, StoreError};
pub use zone::time_zone;

/// The date-time library of the job queue's API (timestamps, time zones, civil dates),
/// re-exported so its version always matches.
pub use jiff;
pub use telebot_syntax::schedule::{
    Cron, TimeOfDay, Weekday, Weekdays, parse_interval, parse_time_of_day, parse_weekdays,
};

use crate::dispatch::Background;
use crate::extract::kind;
use crate::handlers::HandlerFn;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use plan::Plan;
pub(crate) use shared::AppLink;
use shared::{NewJob, Shared};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
#[cfg(feature = "cluster")]
use telebot_client::poison::RwLockUnpoisoned;
use tokio::sync::watch;

/// The job queue of an application: cheap to clone; reach it with
/// [`Application::job_queue`](crate::Application::job_queue), [`CallbackContext::job_queue`]
/// or a `JobQueue` parameter in any handler.
///
/// [`CallbackContext::job_queue`]: crate::CallbackContext::job_queue
#[derive(Clone)]
pub struct JobQueue {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for JobQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobQueue")
            .field("jobs", &self.shared.lock_jobs().len())
            .field("running", &*self.shared.started.borrow())
            .finish_non_exhaustive()
    }
}

impl JobQueue {
    /// Schedules the stored jobs other instances added, and drops those they removed (a
    /// cluster's workers share one job store).
    #[cfg(feature = "cluster")]
    pub(crate) async fn sync_with_store(&self) {
        match restore::sync(&self.shared).await {
            Ok(synced) if synced.added + synced.removed > 0 => tracing::info!(
                added = synced.added,
                removed = synced.removed,
                "jobs added or removed by other instances"
            ),
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(%error, "the job store could not be read for other instances' jobs")
            }
        }
    }

    /// Lets `gate` decide which instance runs each due run (a cluster's jobs run once).
    #[cfg(feature = "cluster")]
    pub(crate) fn set_gate(&self, gate: Option<Arc<dyn gate::RunGate>>) {
        *self.shared.gate.write_unpoisoned() = gate;
    }

    pub(crate) fn new(
        app: AppLink,
        clock: Clock,
        tz: TimeZone,
        store: Option<Arc<dyn JobStore>>,
    ) -> JobQueue {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        JobQueue {
            shared: Arc::new(Shared {
                app,
                clock,
                tz,
                store,
                jobs: Mutex::default(),
                registry: Mutex::default(),
                parked: Mutex::default(),
                declared: Mutex::default(),
                started: watch::channel(false).0,
                restored: AtomicBool::new(false),
                runs: Background::default(),
                drivers: Background::default(),
                next_id: AtomicU64::new(1),
                id_prefix: format!("{:x}", seed & 0xffff_ffff_ffff),
                gate: std::sync::RwLock::new(None),
            }),
        }
    }

    /// Schedules `callback` on `schedule` (the entry point the `run_*` methods and `#[job]` use).
    pub fn schedule<C, M>(
        &self,
        callback: C,
        schedule: impl Into<Schedule>,
        options: JobOptions,
    ) -> Result<Job, JobError>
    where
        C: IntoJobCallback<M>,
    {
        let callback = callback.into_job_callback();
        let now = self.now();
        let plan = Plan::new(schedule.into(), now, &self.shared.tz)?;
        let name: Arc<str> = match options.name {
            Some(name) => Arc::from(name),
            None => Arc::clone(&callback.default_name),
        };
        if let Some(error) = options.data_error {
            return Err(JobError::Data(serde::ser::Error::custom(error)));
        }
        if options.persistent {
            if self.shared.store.is_none() {
                return Err(JobError::NoStore(name.to_string()));
            }
            if callback.registered.is_none() {
                return Err(JobError::NotDurable {
                    job: name.to_string(),
                    reason: "its callback has no name to be found by after a restart; register it with JobQueue::register",
                });
            }
            record::StoredPlan::from_plan(&plan).map_err(|reason| JobError::NotDurable {
                job: name.to_string(),
                reason,
            })?;
        }
        let id: Arc<str> = match options.id {
            Some(id) => Arc::from(id),
            None => self.fresh_id(),
        };
        let next_t = plan.first_run(now);
        let job = self.shared.new_job(NewJob {
            id,
            name,
            callback,
            plan,
            data: options.data,
            chat_id: options.chat_id,
            user_id: options.user_id,
            overlap: options.overlap,
            persistent: options.persistent,
            misfire_grace: options.misfire_grace,
            enabled: !options.paused,
            next_t,
        });
        self.shared.insert(job.clone());
        if *self.shared.started.borrow() {
            self.shared.spawn(&job);
        }
        Ok(job)
    }

    /// Runs `callback` once, after a delay or at a date-time (PTB's `run_once`). A time in the
    /// past runs right away.
    pub fn run_once<C, M>(
        &self,
        callback: C,
        when: impl Into<When>,
        options: JobOptions,
    ) -> Result<Job, JobError>
    where
        C: IntoJobCallback<M>,
    {
        self.schedule(callback, Schedule::Once(when.into()), options)
    }

    /// Runs `callback` every interval (PTB's `run_repeating`): a [`Duration`](std::time::Duration) for every
    /// interval from one interval from now, or a [`Repeating`] with `first` and `last`.
    pub fn run_repeating<C, M>(
        &self,
        callback: C,
        repeating: impl Into<Repeating>,
        options: JobOptions,
    ) -> Result<Job, JobError>
    where
        C: IntoJobCallback<M>,
    {
        self.schedule(callback, Schedule::Repeating(repeating.into()), options)
    }

    /// Runs `callback` at a time of day (PTB's `run_daily`): a [`TimeOfDay`] for every day in
    /// the queue's time zone, or a [`Daily`] with days of the week and a time zone.
    pub fn run_daily<C, M>(
        &self,
        callback: C,
        daily: impl Into<Daily>,
        options: JobOptions,
    ) -> Result<Job, JobError>
    where
        C: IntoJobCallback<M>,
    {
        self.schedule(callback, Schedule::Daily(daily.into()), options)
    }

    /// Runs `callback` on a day of every month (PTB's `run_monthly`), or on the last day.
    pub fn run_monthly<C, M>(
        &self,
        callback: C,
        monthly: Monthly,
        options: JobOptions,
    ) -> Result<Job, JobError>
    where
        C: IntoJobCallback<M>,
    {
        self.schedule(callback, Schedule::Monthly(monthly), options)
    }

    /// Runs `callback` when a cron expression fires (PTB's `run_custom`).
    pub fn run_custom<C, M>(
        &self,
        callback: C,
        cron: impl Into<CronSchedule>,
        options: JobOptions,
    ) -> Result<Job, JobError>
    where
        C: IntoJobCallback<M>,
    {
        self.schedule(callback, Schedule::Cron(cron.into()), options)
    }

    /// Registers a callback under a name, for persistent jobs: a job stored with this callback
    /// finds it again by this name after a restart. Registering a name again replaces its
    /// callback for the jobs scheduled from then on. Stored jobs waiting for this name are
    /// scheduled now.
    pub fn register<F, A>(&self, name: impl Into<String>, callback: F) -> JobCallback
    where
        F: HandlerFn<kind::Job, A>,
    {
        let name = name.into();
        let mut callback = JobCallback::new(callback);
        callback.registered = Some(Arc::from(name.as_str()));
        callback.default_name = Arc::from(name.as_str());
        self.shared.add_registered(name, callback.clone());
        callback
    }

    /// The callback registered under `name`.
    pub fn registered(&self, name: &str) -> Option<JobCallback> {
        self.shared.registered(name)
    }

    /// Every job not removed, the next to run first.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = self
            .shared
            .lock_jobs()
            .values()
            .filter(|j| !j.removed())
            .cloned()
            .collect();
        jobs.sort_by_key(|j| (j.next_t().is_none(), j.next_t(), j.id().to_string()));
        jobs
    }

    /// The jobs with this name, the next to run first.
    pub fn get_jobs_by_name(&self, name: &str) -> Vec<Job> {
        self.jobs()
            .into_iter()
            .filter(|j| j.name() == name)
            .collect()
    }

    /// The job with this id.
    pub fn get_job(&self, id: &str) -> Option<Job> {
        self.shared.job(id).filter(|j| !j.removed())
    }

    /// The current date and time on the queue's clock.
    pub fn now(&self) -> Timestamp {
        self.shared.clock.now()
    }

    /// The time zone of schedules that name none.
    pub fn time_zone(&self) -> &TimeZone {
        &self.shared.tz
    }

    fn fresh_id(&self) -> Arc<str> {
        loop {
            let n = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
            let id = format!("{}-{n}", self.shared.id_prefix);
            if self.shared.job(&id).is_none() {
                return Arc::from(id);
            }
        }
    }

    /// Starts the queue: stored jobs come back (the first time), and every job's runs begin.
    pub(crate) async fn start(&self) {
        if self.shared.started.send_replace(true) {
            return;
        }
        let store_line = if self.shared.restored.swap(true, Ordering::SeqCst) {
            None
        } else {
            restore::restore(&self.shared).await
        };
        let jobs: Vec<Job> = self.shared.lock_jobs().values().cloned().collect();
        for job in &jobs {
            self.shared.spawn(job);
        }
        tracing::info!(
            jobs = jobs.len(),
            store = store_line.as_deref().unwrap_or("none"),
            "job queue started"
        );
    }

    /// Starts no more runs; [`wait_idle`](Self::wait_idle) waits for the runs going.
    pub(crate) fn halt(&self) {
        self.shared.started.send_replace(false);
    }

    /// Waits until no run is going and every job's task has stored what it had to.
    pub(crate) async fn wait_idle(&self) {
        self.shared.drivers.wait_idle().await;
        self.shared.runs.wait_idle().await;
    }

    /// How many runs are going.
    pub(crate) fn runs_going(&self) -> usize {
        self.shared.runs.count()
    }

    /// Lines for the application's startup report.
    pub(crate) fn report(&self) -> String {
        const SHOWN: usize = 20;
        let jobs = self.jobs();
        if jobs.is_empty() {
            return "  jobs: none scheduled yet\n".to_string();
        }
        let mut out = format!("  jobs ({}):\n", jobs.len());
        for job in jobs.iter().take(SHOWN) {
            let next = job
                .next_t()
                .map_or_else(|| "no run left".to_string(), |t| format!("next {t}"));
            let mut flags = String::new();
            if job.is_persistent() {
                flags.push_str(", persistent");
            }
            if !job.enabled() {
                flags.push_str(", paused");
            }
            out.push_str(&format!(
                "    {} [{}]: {}, {next}{flags}\n",
                job.name(),
                job.id(),
                job.schedule_description()
            ));
        }
        if jobs.len() > SHOWN {
            out.push_str(&format!("    … and {} more\n", jobs.len() - SHOWN));
        }
        out
    }
}
