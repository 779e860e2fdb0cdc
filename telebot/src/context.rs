//! [`CallbackContext`]: what a handler gets besides the update (PTB's `CallbackContext`).

use crate::application::Application;
use crate::commands::CommandInfo;
use crate::data::{BotData, ChatData, DataError, DataValue, HeldList, Owner, UserData};
use crate::extract::ExtractError;
use crate::filters::RegexMatch;
use crate::handlers::HandlerError;
use crate::jobs::{Job, JobQueue};
use crate::{Bot, Update};
use std::sync::Arc;

/// The context of one handler run: the bot, the application, the update, command arguments,
/// regex matches, the data stores, for error handlers the error, and for job callbacks the job.
#[derive(Clone)]
pub struct CallbackContext {
    app: Application,
    update: Option<Arc<Update>>,
    job: Option<Job>,
    args: Arc<Vec<String>>,
    command: Option<Arc<str>>,
    matches: Arc<Vec<RegexMatch>>,
    error: Option<Arc<HandlerError>>,
    album: Option<Arc<Vec<crate::api::Message>>>,
    held: HeldList,
    command_info: Option<Arc<CommandInfo>>,
    route: Option<Arc<dyn std::any::Any + Send + Sync>>,
    conversation: Option<Arc<crate::conversation::Scope>>,
}

impl std::fmt::Debug for CallbackContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackContext")
            .field("update_id", &self.update.as_ref().map(|u| u.update_id))
            .field("job", &self.job.as_ref().map(Job::id))
            .field("args", &self.args)
            .field("matches", &self.matches)
            .field("error", &self.error)
            .finish()
    }
}

impl CallbackContext {
    /// A context for `update` in `app`.
    pub fn new(app: Application, update: Option<Arc<Update>>) -> Self {
        CallbackContext {
            app,
            update,
            job: None,
            args: Arc::default(),
            command: None,
            matches: Arc::default(),
            error: None,
            album: None,
            held: HeldList::default(),
            command_info: None,
            route: None,
            conversation: None,
        }
    }

    /// What the check of a handler made of other handlers remembered (see
    /// [`Checked::route`](crate::handlers::Checked::route)).
    pub fn route(&self) -> Option<&Arc<dyn std::any::Any + Send + Sync>> {
        self.route.as_ref()
    }

    pub(crate) fn with_route(
        mut self,
        route: Option<Arc<dyn std::any::Any + Send + Sync>>,
    ) -> Self {
        self.route = route;
        self
    }

    pub(crate) fn with_conversation(mut self, scope: Arc<crate::conversation::Scope>) -> Self {
        self.conversation = Some(scope);
        self
    }

    /// For handlers inside a conversation: its current state and data.
    pub(crate) fn conversation(&self) -> Option<&crate::conversation::Scope> {
        self.conversation.as_deref()
    }

    pub(crate) fn with_command_info(mut self, info: Arc<CommandInfo>) -> Self {
        self.command_info = Some(info);
        self
    }

    /// For command handlers: what the handler declares (description, argument names, …).
    pub fn command_info(&self) -> Option<&CommandInfo> {
        self.command_info.as_deref()
    }

    /// The context of a job's run (PTB's `CallbackContext.from_job`): no update; the job, its
    /// data, and the chat and user data of the job's chat and user.
    pub fn from_job(app: Application, job: Job) -> Self {
        CallbackContext::new(app, None).with_job(job)
    }

    pub(crate) fn with_job(mut self, job: Job) -> Self {
        self.job = Some(job);
        self
    }

    pub(crate) fn with_album(mut self, messages: Vec<crate::api::Message>) -> Self {
        self.album = Some(Arc::new(messages));
        self
    }

    /// For album handlers: the album's messages, in order.
    pub fn album(&self) -> Option<&[crate::api::Message]> {
        self.album.as_deref().map(Vec::as_slice)
    }

    pub(crate) fn with_check(
        mut self,
        args: Vec<String>,
        command: Option<String>,
        matches: Vec<RegexMatch>,
    ) -> Self {
        self.args = Arc::new(args);
        self.command = command.map(Arc::from);
        self.matches = Arc::new(matches);
        self
    }

    pub(crate) fn with_error(mut self, error: Arc<HandlerError>) -> Self {
        self.error = Some(error);
        self
    }

    /// The bot.
    pub fn bot(&self) -> &Bot {
        self.app.bot()
    }

    /// The application.
    pub fn application(&self) -> &Application {
        &self.app
    }

    /// The update being handled (`None` for errors outside an update, and for jobs).
    pub fn update(&self) -> Option<&Update> {
        self.update.as_deref()
    }

    pub(crate) fn shared_update(&self) -> Option<Arc<Update>> {
        self.update.clone()
    }

    /// The words after a command (PTB's `context.args`).
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// The command that matched, without `/` and bot name.
    pub fn command(&self) -> Option<&str> {
        self.command.as_deref()
    }

    /// Regex matches of the handler's pattern or filters (PTB's `context.matches`).
    pub fn matches(&self) -> &[RegexMatch] {
        &self.matches
    }

    /// The first match (PTB's `context.match`).
    pub fn regex_match(&self) -> Option<&RegexMatch> {
        self.matches.first()
    }

    /// For error handlers: the error.
    pub fn error(&self) -> Option<&HandlerError> {
        self.error.as_deref()
    }

    /// For job callbacks and their error handlers: the job.
    pub fn job(&self) -> Option<&Job> {
        self.job.as_ref()
    }

    /// The application's job queue.
    pub fn job_queue(&self) -> &JobQueue {
        self.app.job_queue()
    }

    /// The chat whose data this context reads: the job's chat for a job run, else the
    /// update's.
    fn chat_id(&self) -> Result<i64, ExtractError> {
        match (self.update(), &self.job) {
            (None, Some(job)) => job.chat_id().ok_or_else(|| ExtractError::NotInJob {
                job: job.name().to_string(),
                what: "chat",
                hint: "schedule it with JobOptions::chat_id to take a ChatData parameter",
            }),
            (update, _) => update
                .and_then(Update::effective_chat)
                .map(|chat| chat.id)
                .ok_or(ExtractError::Missing {
                    what: "chat for ChatData",
                }),
        }
    }

    /// The user whose data this context reads: the job's user for a job run, else the
    /// update's.
    fn user_id(&self) -> Result<i64, ExtractError> {
        match (self.update(), &self.job) {
            (None, Some(job)) => job.user_id().ok_or_else(|| ExtractError::NotInJob {
                job: job.name().to_string(),
                what: "user",
                hint: "schedule it with JobOptions::user_id to take a UserData parameter",
            }),
            (update, _) => update
                .and_then(Update::effective_user)
                .map(|user| user.id)
                .ok_or(ExtractError::Missing {
                    what: "user for UserData",
                }),
        }
    }

    /// The current chat's value of type `T` (the update's chat, or the job's), locked while the
    /// guard lives.
    pub async fn chat_data<T: DataValue>(&self) -> Result<ChatData<T>, ExtractError> {
        let chat = self.chat_id()?;
        let guard = self.app.data().acquire(Owner::Chat(chat), &self.held);
        Ok(ChatData(guard.await?))
    }

    /// The current user's value of type `T` (the update's user, or the job's), locked while
    /// the guard lives.
    pub async fn user_data<T: DataValue>(&self) -> Result<UserData<T>, ExtractError> {
        let user = self.user_id()?;
        let guard = self.app.data().acquire(Owner::User(user), &self.held);
        Ok(UserData(guard.await?))
    }

    /// The bot-wide value of type `T`, locked while the guard lives.
    pub async fn bot_data<T: DataValue>(&self) -> Result<BotData<T>, ExtractError> {
        let guard = self.app.data().acquire(Owner::Bot, &self.held);
        Ok(BotData(guard.await?))
    }

    /// Writes the data this context changed, when the backend writes through (or is shared),
    /// and releases the locks kept for that. The dispatcher calls it after every handler; a job
    /// runner or anything else that runs a callback with a context of its own calls it after.
    /// With interval writes (the default) it does nothing: the changes wait for the interval.
    pub async fn save_data(&self) -> Result<(), DataError> {
        self.app.data().commit(&self.held).await
    }

    /// Reloads the data of this update's user and chat (or the job's) and the bot's data from
    /// the persistence backend (PTB's `refresh_data`), for values another process may have
    /// written. Call it before taking `ChatData`/`UserData`/`BotData`: values this context
    /// holds, and values changed here and not yet written, are left as they are. Returns how
    /// many values changed; without persistence it does nothing. Shared backends (Redis with
    /// several instances) refresh every value when it is taken anyway.
    pub async fn refresh_data(&self) -> Result<usize, DataError> {
        let data = self.app.data();
        let mut refreshed = data.refresh(Owner::Bot).await?;
        if let Ok(user) = self.user_id() {
            refreshed += data.refresh(Owner::User(user)).await?;
        }
        if let Ok(chat) = self.chat_id() {
            refreshed += data.refresh(Owner::Chat(chat)).await?;
        }
        Ok(refreshed)
    }

    /// Forgets the typed callback data of `query`'s keyboard (and of the pressed button), so
    /// the cache does not keep what cannot be pressed again (PTB's `drop_callback_data`).
    /// Returns how many entries were dropped. See [`Application::drop_callback_data`].
    pub fn drop_callback_data(&self, query: &crate::api::CallbackQuery) -> usize {
        self.app.drop_callback_data(query)
    }

    /// A value given to the builder's `state`.
    pub fn state<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.app.state::<T>()
    }

    /// The queue updates are taken from: put an update there to have it handled like one from
    /// Telegram.
    pub fn update_queue(&self) -> crate::application::UpdateQueue {
        self.app.update_queue()
    }
}
