//! What a [`CallbackContext`] offers of its application (PTB's `context.application`,
//! `context.job_queue`, `context.update_queue`), defined here because the context itself stands
//! below the application and names it only through [`Host`].

use super::{Application, UpdateQueue};
use crate::Update;
use crate::context::{CallbackContext, Host};
use crate::jobs::{Job, JobQueue};
use std::any::{Any, TypeId};
use std::sync::Arc;

impl CallbackContext {
    /// A context for `update` in `app`.
    pub fn new(app: Application, update: Option<Arc<Update>>) -> Self {
        CallbackContext::in_host(Arc::new(app), update)
    }

    /// The context of a job's run (PTB's `CallbackContext.from_job`): no update; the job, its
    /// data, and the chat and user data of the job's chat and user.
    pub fn from_job(app: Application, job: Job) -> Self {
        CallbackContext::new(app, None).with_job(job)
    }

    /// The application.
    pub fn application(&self) -> &Application {
        self.host()
            .as_any()
            .downcast_ref::<Application>()
            .expect("a context's host is the application that made it")
    }

    /// The application's job queue.
    pub fn job_queue(&self) -> &JobQueue {
        self.application().job_queue()
    }

    /// Forgets the typed callback data of `query`'s keyboard (and of the pressed button), so
    /// the cache does not keep what cannot be pressed again (PTB's `drop_callback_data`).
    /// Returns how many entries were dropped. See [`Application::drop_callback_data`].
    pub fn drop_callback_data(&self, query: &crate::api::CallbackQuery) -> usize {
        self.application().drop_callback_data(query)
    }

    /// The queue updates are taken from: put an update there to have it handled like one from
    /// Telegram.
    pub fn update_queue(&self) -> UpdateQueue {
        self.application().update_queue()
    }
}

impl Host for Application {
    fn bot(&self) -> &crate::Bot {
        self.bot()
    }

    fn data(&self) -> &crate::data::DataStore {
        self.data()
    }

    fn commands(&self) -> &crate::commands::registry::Registry {
        self.commands()
    }

    fn state(&self, type_id: TypeId) -> Option<&(dyn Any + Send + Sync)> {
        self.inner.state.get(&type_id).map(|value| &**value)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
