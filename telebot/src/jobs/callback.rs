//! Job callbacks: handler functions of kind [`kind::Job`], anonymous or registered by name.

use crate::extract::kind;
use crate::handlers::{HandlerFn, SharedHandlerFn};
use std::sync::Arc;

/// A job's callback, ready to schedule. One made by
/// [`JobQueue::register`](super::JobQueue::register) has a name, under which a persistent job
/// finds it again after a restart.
#[derive(Clone)]
pub struct JobCallback {
    pub(crate) registered: Option<Arc<str>>,
    pub(crate) default_name: Arc<str>,
    pub(crate) call: SharedHandlerFn,
}

impl std::fmt::Debug for JobCallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobCallback")
            .field("registered", &self.registered)
            .field("name", &self.default_name)
            .finish()
    }
}

impl JobCallback {
    /// An anonymous callback from a handler function of kind [`kind::Job`].
    pub fn new<F, A>(f: F) -> JobCallback
    where
        F: HandlerFn<kind::Job, A>,
    {
        JobCallback {
            registered: None,
            default_name: Arc::from(function_name::<F>()),
            call: f.into_callback(),
        }
    }

    /// The name it was registered under, if it was.
    pub fn registered_name(&self) -> Option<&str> {
        self.registered.as_deref()
    }
}

/// What a job queue takes as a callback: a handler function of kind [`kind::Job`] (any
/// `async fn` of [`Job`](super::Job), [`JobData<T>`](super::JobData), `Bot`,
/// `ChatData<T>`, … returning `()` or a `Result`), or a [`JobCallback`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a job callback",
    label = "a parameter of this function is not available to job callbacks, or it does not return (), Flow or a Result of them",
    note = "job callbacks take parameters listed for `Job` in `telebot::extract::kind` (Bot, Job, JobData<T>, JobQueue, ChatData<T>, UserData<T>, BotData<T>, State<T>, CallbackContext)"
)]
pub trait IntoJobCallback<M> {
    /// The callback.
    fn into_job_callback(self) -> JobCallback;
}

impl<F, A> IntoJobCallback<A> for F
where
    F: HandlerFn<kind::Job, A>,
{
    fn into_job_callback(self) -> JobCallback {
        JobCallback::new(self)
    }
}

/// Marks the [`IntoJobCallback`] implementation of [`JobCallback`] itself.
#[derive(Debug)]
pub struct Registered;

impl IntoJobCallback<Registered> for JobCallback {
    fn into_job_callback(self) -> JobCallback {
        self
    }
}

/// The last path segment of a function's type name, as a job's default name (`"job"` for
/// closures).
fn function_name<F>() -> String {
    let full = std::any::type_name::<F>();
    if full.contains("{{closure}}") {
        return "job".to_string();
    }
    let without_generics = full.split('<').next().unwrap_or(full);
    without_generics
        .rsplit("::")
        .next()
        .unwrap_or(without_generics)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn heartbeat() {}

    #[test]
    fn default_names_are_the_function_names() {
        assert_eq!(
            JobCallback::new(heartbeat).default_name.as_ref(),
            "heartbeat"
        );
        assert_eq!(JobCallback::new(|| async {}).default_name.as_ref(), "job");
    }
}
