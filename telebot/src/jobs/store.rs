//! [`JobStore`]: where persistent jobs are kept between runs of the bot, as JSON values by job
//! id. The application's persistence backend implements it; [`InMemoryJobStore`] keeps them in
//! memory (for tests, and for rebuilding an application in the same process).

use futures_util::future::BoxFuture;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// An error of a job store: any error type.
pub type StoreError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Keeps persistent jobs: one JSON value per job id. The queue loads every job once at
/// startup and writes one job at a time afterwards (never two writes of one job at once).
pub trait JobStore: Send + Sync + 'static {
    /// Every stored job, by id.
    fn get_jobs(&self) -> BoxFuture<'_, Result<HashMap<String, Value>, StoreError>>;
    /// Stores the job under `id` (`Some`), or removes it (`None`).
    fn update_job(&self, id: String, job: Option<Value>) -> BoxFuture<'_, Result<(), StoreError>>;
}

/// A job store in memory: clones share the same jobs, so an application rebuilt with a clone
/// sees the jobs the previous one stored.
///
/// ```
/// use telebot::jobs::InMemoryJobStore;
/// let store = InMemoryJobStore::new();
/// let app = telebot::Application::builder()
///     .bot(telebot::Bot::builder().token("1:x"))
///     .job_store(store.clone())
///     .build()
///     .unwrap();
/// assert!(store.snapshot().is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct InMemoryJobStore {
    jobs: Arc<Mutex<HashMap<String, Value>>>,
}

impl InMemoryJobStore {
    /// An empty store.
    pub fn new() -> InMemoryJobStore {
        InMemoryJobStore::default()
    }

    /// A copy of what is stored.
    pub fn snapshot(&self) -> HashMap<String, Value> {
        self.jobs.lock_unpoisoned().clone()
    }
}

impl JobStore for InMemoryJobStore {
    fn get_jobs(&self) -> BoxFuture<'_, Result<HashMap<String, Value>, StoreError>> {
        Box::pin(async move { Ok(self.snapshot()) })
    }

    fn update_job(&self, id: String, job: Option<Value>) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move {
            let mut jobs = self.jobs.lock_unpoisoned();
            match job {
                Some(job) => jobs.insert(id, job),
                None => jobs.remove(&id),
            };
            Ok(())
        })
    }
}

/// The application's persistence backend as its job store (its `get_jobs`/`update_job`
/// hooks), used when the builder is given persistence and no job store of its own.
pub(crate) struct PersistedJobs(pub(crate) Arc<dyn crate::persistence::Persistence>);

impl JobStore for PersistedJobs {
    fn get_jobs(&self) -> BoxFuture<'_, Result<HashMap<String, Value>, StoreError>> {
        Box::pin(async move { self.0.get_jobs().await.map_err(StoreError::from) })
    }

    fn update_job(&self, id: String, job: Option<Value>) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async move { self.0.update_job(&id, job).await.map_err(StoreError::from) })
    }
}
