//! [`CallbackContext`]: what a handler gets besides the update (PTB's `CallbackContext`).
//!
//! The context reads its application through a narrow `Host` trait the application implements; the
//! accessors that name layers above it (`application()`, `job_queue()`, `job()`, …) are
//! defined beside those layers.

mod host;

pub(crate) use host::Host;

use crate::commands::CommandInfo;
use crate::data::{BotData, ChatData, DataError, DataValue, HeldList, Owner, UserData};
use crate::extract::ExtractError;
use crate::filters::RegexMatch;
use crate::handlers::HandlerError;
use crate::{Bot, Update};
use std::any::Any;
use std::sync::Arc;

/// The error of a failed handler, as the error handlers see it.
type SharedError = Arc<HandlerError>;

/// What a context knows of the job it runs for: the job itself (read back by
/// `CallbackContext::job`), its name, and whose data it reads.
#[derive(Clone)]
pub(crate) struct JobRun {
    /// The `Job`.
    pub(crate) job: Arc<dyn Any + Send + Sync>,
    /// The job's name, for errors.
    pub(crate) name: Arc<str>,
    /// The job's chat, for `ChatData`.
    pub(crate) chat_id: Option<i64>,
    /// The job's user, for `UserData`.
    pub(crate) user_id: Option<i64>,
}

/// The context of one handler run: the bot, the application, the update, command arguments,
/// regex matches, the data stores, for error handlers the error, and for job callbacks the job.
#[derive(Clone)]
pub struct CallbackContext {
    host: Arc<dyn Host>,
    update: Option<Arc<Update>>,
    job: Option<JobRun>,
    args: SharedList<String>,
    command: Option<Arc<str>>,
    matches: SharedList<RegexMatch>,
    /// The typed values the handler's filters handed over.
    found: SharedList<Arc<dyn std::any::Any + Send + Sync>>,
    error: Option<SharedError>,
    album: Option<Arc<Vec<crate::api::Message>>>,
    held: HeldList,
    command_info: Option<Arc<CommandInfo>>,
    route: Option<Arc<dyn std::any::Any + Send + Sync>>,
    conversation: Option<Arc<crate::conversation::ConversationScope>>,
}

/// A list the contexts of one update share: `None` while empty, so that a context whose
/// handler took no arguments, matches or values allocates nothing for them.
pub(crate) type SharedList<T> = Option<Arc<Vec<T>>>;

/// A list to share: `None` when empty.
fn shared<T>(items: Vec<T>) -> SharedList<T> {
    (!items.is_empty()).then(|| Arc::new(items))
}

/// The items of a shared list.
fn list<T>(items: &SharedList<T>) -> &[T] {
    items.as_deref().map_or(&[], Vec::as_slice)
}

impl std::fmt::Debug for CallbackContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackContext")
            .field("update_id", &self.update.as_ref().map(|u| u.update_id))
            .field("job", &self.job.as_ref().map(|run| &run.name))
            .field("args", &self.args)
            .field("matches", &self.matches)
            .field("error", &self.error)
            .finish()
    }
}

impl CallbackContext {
    /// A context for `update` in the application `host`.
    pub(crate) fn in_host(host: Arc<dyn Host>, update: Option<Arc<Update>>) -> Self {
        CallbackContext {
            host,
            update,
            job: None,
            args: None,
            command: None,
            matches: None,
            found: None,
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

    pub(crate) fn with_conversation(
        mut self,
        scope: Arc<crate::conversation::ConversationScope>,
    ) -> Self {
        self.conversation = Some(scope);
        self
    }

    /// For handlers inside a conversation: its current state and data.
    pub(crate) fn conversation(&self) -> Option<&crate::conversation::ConversationScope> {
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

    pub(crate) fn with_job_run(mut self, run: JobRun) -> Self {
        self.job = Some(run);
        self
    }

    /// The job this context runs for, as the job queue stored it.
    pub(crate) fn job_run(&self) -> Option<&JobRun> {
        self.job.as_ref()
    }

    /// The application this context runs in.
    pub(crate) fn host(&self) -> &Arc<dyn Host> {
        &self.host
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
        mut data: crate::filters::FilterData,
    ) -> Self {
        self.args = shared(args);
        self.command = command.map(Arc::from);
        self.matches = shared(std::mem::take(&mut data.matches));
        let values = data.into_values();
        if !values.is_empty() {
            let mut found = list(&self.found).to_vec();
            found.extend(values);
            self.found = shared(found);
        }
        self
    }

    /// Hands `value` to the handlers of this update, which take it as a
    /// [`Found<T>`](crate::extract::Found) parameter: for a [middleware](crate::middleware)
    /// (a locale, a database session, the user's record). A later value of the same type
    /// replaces it.
    pub fn insert<T: std::any::Any + Send + Sync>(&mut self, value: T) {
        let found = Arc::make_mut(self.found.get_or_insert_default());
        found.retain(|v| !v.is::<T>());
        found.push(Arc::new(value));
    }

    /// The values inserted so far, for the handler contexts made after a middleware.
    pub(crate) fn found_values(&self) -> SharedList<Arc<dyn std::any::Any + Send + Sync>> {
        self.found.clone()
    }

    /// Starts from values a middleware inserted.
    pub(crate) fn with_found(
        mut self,
        found: SharedList<Arc<dyn std::any::Any + Send + Sync>>,
    ) -> Self {
        self.found = found;
        self
    }

    /// The value of type `T` that a filter of the handler handed over (see
    /// [`FilterData::insert`](crate::filters::FilterData::insert)), or a middleware inserted.
    pub fn found<T: std::any::Any + Send + Sync>(&self) -> Option<&T> {
        list(&self.found)
            .iter()
            .rev()
            .find_map(|v| v.downcast_ref::<T>())
    }

    /// A fresh context for an error handler of what this context ran for: the same
    /// application, update and job, and the error.
    pub(crate) fn for_error(&self, error: SharedError) -> Self {
        let mut ctx = CallbackContext::in_host(Arc::clone(&self.host), self.update.clone());
        ctx.job = self.job.clone();
        ctx.with_error(error)
    }

    pub(crate) fn with_error(mut self, error: SharedError) -> Self {
        self.error = Some(error);
        self
    }

    /// The bot.
    pub fn bot(&self) -> &Bot {
        self.host.bot()
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
        list(&self.args)
    }

    /// The command that matched, without `/` and bot name.
    pub fn command(&self) -> Option<&str> {
        self.command.as_deref()
    }

    /// Regex matches of the handler's pattern or filters (PTB's `context.matches`).
    pub fn matches(&self) -> &[RegexMatch] {
        list(&self.matches)
    }

    /// The first match (PTB's `context.match`).
    pub fn regex_match(&self) -> Option<&RegexMatch> {
        self.matches().first()
    }

    /// For error handlers: the error.
    pub fn error(&self) -> Option<&HandlerError> {
        self.error.as_deref()
    }

    /// The chat whose data this context reads: the job's chat for a job run, else the
    /// update's.
    fn chat_id(&self) -> Result<i64, ExtractError> {
        self.data_owner(
            |job| job.chat_id,
            |update| update.effective_chat().map(|chat| chat.id),
            (
                "chat",
                "schedule it with JobOptions::chat_id to take a ChatData parameter",
            ),
            "chat for ChatData",
        )
    }

    /// The user whose data this context reads: the job's user for a job run, else the
    /// update's.
    fn user_id(&self) -> Result<i64, ExtractError> {
        self.data_owner(
            |job| job.user_id,
            |update| update.effective_user().map(|user| user.id),
            (
                "user",
                "schedule it with JobOptions::user_id to take a UserData parameter",
            ),
            "user for UserData",
        )
    }

    /// The id a job run (`of_job`) or an update (`of_update`) gives for chat or user data;
    /// `in_job` (what, hint) and `missing` word the errors.
    fn data_owner(
        &self,
        of_job: impl FnOnce(&JobRun) -> Option<i64>,
        of_update: impl FnOnce(&Update) -> Option<i64>,
        in_job: (&'static str, &'static str),
        missing: &'static str,
    ) -> Result<i64, ExtractError> {
        match (self.update(), &self.job) {
            (None, Some(job)) => of_job(job).ok_or_else(|| ExtractError::NotInJob {
                job: job.name.to_string(),
                what: in_job.0,
                hint: in_job.1,
            }),
            (update, _) => update
                .and_then(of_update)
                .ok_or(ExtractError::Missing { what: missing }),
        }
    }

    /// The current chat's value of type `T` (the update's chat, or the job's), locked while the
    /// guard lives.
    pub async fn chat_data<T: DataValue>(&self) -> Result<ChatData<T>, ExtractError> {
        let chat = self.chat_id()?;
        let guard = self.host.data().acquire(Owner::Chat(chat), &self.held);
        Ok(ChatData(guard.await?))
    }

    /// The current user's value of type `T` (the update's user, or the job's), locked while
    /// the guard lives.
    pub async fn user_data<T: DataValue>(&self) -> Result<UserData<T>, ExtractError> {
        let user = self.user_id()?;
        let guard = self.host.data().acquire(Owner::User(user), &self.held);
        Ok(UserData(guard.await?))
    }

    /// The bot-wide value of type `T`, locked while the guard lives.
    pub async fn bot_data<T: DataValue>(&self) -> Result<BotData<T>, ExtractError> {
        let guard = self.host.data().acquire(Owner::Bot, &self.held);
        Ok(BotData(guard.await?))
    }

    /// Whether this run holds data values still to be written ([`save_data`](Self::save_data)
    /// would write something).
    pub(crate) fn holds_data(&self) -> bool {
        !self.held.is_empty()
    }

    /// Writes the data this context changed, when the backend writes through (or is shared),
    /// and releases the locks kept for that. The dispatcher calls it after every handler; a job
    /// runner or anything else that runs a callback with a context of its own calls it after.
    /// With interval writes (the default) it does nothing: the changes wait for the interval.
    pub async fn save_data(&self) -> Result<(), DataError> {
        self.host.data().commit(&self.held).await
    }

    /// Reloads the data of this update's user and chat (or the job's) and the bot's data from
    /// the persistence backend (PTB's `refresh_data`), for values another process may have
    /// written. Call it before taking `ChatData`/`UserData`/`BotData`: values this context
    /// holds, and values changed here and not yet written, are left as they are. Returns how
    /// many values changed; without persistence it does nothing. Shared backends (Redis with
    /// several instances) refresh every value when it is taken anyway.
    pub async fn refresh_data(&self) -> Result<usize, DataError> {
        let data = self.host.data();
        let mut refreshed = data.refresh(Owner::Bot).await?;
        if let Ok(user) = self.user_id() {
            refreshed += data.refresh(Owner::User(user)).await?;
        }
        if let Ok(chat) = self.chat_id() {
            refreshed += data.refresh(Owner::Chat(chat)).await?;
        }
        Ok(refreshed)
    }

    /// A value given to the builder's `state`.
    pub fn state<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        self.host
            .state(std::any::TypeId::of::<T>())?
            .downcast_ref::<T>()
            .cloned()
    }
}
