//! [`JobError`]: why a job could not be scheduled, read or stored.

/// Why a job could not be scheduled, or its data read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobError {
    /// The schedule cannot run: a zero interval, no days, a day of the month out of range, a
    /// cron expression that does not parse, an unknown time zone, a date out of range.
    #[error("invalid schedule: {0}")]
    Schedule(String),
    /// The job's data could not be turned into JSON, or read back as the type asked for.
    #[error("job data: {0}")]
    Data(#[from] serde_json::Error),
    /// The job was scheduled without data, and its data was asked for.
    #[error("job `{0}` has no data")]
    NoData(String),
    /// A persistent job must be able to come back after a restart, and this one cannot.
    #[error("job `{job}` cannot be persistent: {reason}")]
    NotDurable {
        /// The job's name.
        job: String,
        /// What stops it.
        reason: &'static str,
    },
    /// A job was marked persistent but the application has no job store.
    #[error(
        "job `{0}` is persistent but the application has no job store; give one with ApplicationBuilder::job_store"
    )]
    NoStore(String),
    /// Two `#[job]` declarations share a name (by default the function's), and with it the
    /// id under which the job is kept.
    #[error("another #[job] is already named `{0}`; give one of them `name = \"…\"`")]
    DeclaredTwice(String),
    /// The application this queue belongs to is gone.
    #[error("the application of this job queue is gone")]
    ApplicationGone,
}
