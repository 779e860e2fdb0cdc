//! What a [`CallbackContext`] offers of the job it runs for (PTB's `context.job`).

use super::Job;
use crate::context::{CallbackContext, JobRun};
use std::sync::Arc;

impl CallbackContext {
    /// For job callbacks and their error handlers: the job.
    pub fn job(&self) -> Option<&Job> {
        self.job_run()?.job.downcast_ref::<Job>()
    }

    /// This context, running for `job`: its data are the job's chat's and user's.
    pub(crate) fn with_job(self, job: Job) -> Self {
        let run = JobRun {
            name: Arc::from(job.name()),
            chat_id: job.chat_id(),
            user_id: job.user_id(),
            job: Arc::new(job),
        };
        self.with_job_run(run)
    }
}
