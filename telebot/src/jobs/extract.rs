//! Parameters of job callbacks: [`Job`], [`JobData<T>`], the chat and user data of the job's
//! chat and user; and [`JobQueue`] for handlers of every kind.

use super::{Job, JobQueue};
use crate::context::CallbackContext;
use crate::data::{ChatData, DataValue, UserData};
use crate::extract::{ExtractError, FromContext, kind};
use serde::de::DeserializeOwned;

/// The job's data, read as `T` (for job callbacks).
///
/// ```
/// use telebot::jobs::JobData;
/// async fn remind(JobData(text): JobData<String>) {
///     println!("{text}");
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct JobData<T>(pub T);

impl<K> FromContext<K> for JobQueue {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(ctx.job_queue().clone())
    }
}

impl FromContext<kind::Job> for Job {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.job()
            .cloned()
            .ok_or(ExtractError::Missing { what: "Job" })
    }
}

fn job_of(ctx: &CallbackContext) -> Result<&Job, ExtractError> {
    ctx.job().ok_or(ExtractError::Missing { what: "Job" })
}

impl<T: DeserializeOwned + Send> FromContext<kind::Job> for JobData<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        let job = job_of(ctx)?;
        let Some(value) = job.data_json() else {
            return Err(ExtractError::NotInJob {
                job: job.name().to_string(),
                what: "data",
                hint: "schedule it with JobOptions::data to take a JobData parameter",
            });
        };
        serde_json::from_value(value)
            .map(JobData)
            .map_err(|e| ExtractError::JobData {
                job: job.name().to_string(),
                type_name: std::any::type_name::<T>(),
                error: e.to_string(),
            })
    }
}

impl<T: DataValue> FromContext<kind::Job> for ChatData<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.chat_data::<T>().await
    }
}

impl<T: DataValue> FromContext<kind::Job> for UserData<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.user_data::<T>().await
    }
}
