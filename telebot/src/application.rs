//! [`Application`]: the bot, its handlers, its data and its lifecycle (PTB's `Application`).
//!
//! ```no_run
//! use telebot::application::Application;
//! use telebot::handlers::CommandHandler;
//!
//! async fn start(bot: telebot::Bot, msg: telebot::api::Message) -> telebot::HandlerResult {
//!     msg.reply_text(&bot, "Hello!").await?;
//!     Ok(())
//! }
//!
//! # async fn run() -> Result<(), telebot::Error> {
//! let app = Application::builder().build()?; // token from TELEGRAM_BOT_TOKEN
//! app.add_handler(CommandHandler::new("start", start), 0);
//! app.run_polling().await
//! # }
//! ```

mod builder;
mod context;
mod environment;
mod queue;
mod services;

pub use builder::{ApplicationBuilder, Setup};
pub use queue::UpdateQueue;

use crate::commands::registry::Registry;
use crate::commands::{CommandSet, SyncReport, UnknownCommandHandler};
use crate::data::{DataError, DataStore, DataValue, HeldList, LoadReport, Owner, UserData};
use crate::dispatch::Dispatcher;
use crate::dispatch::lanes::Lanes;
use crate::extract::kind;
use crate::handlers::{CheckInfo, Handler, HandlerFn, HandlerId, HandlerResult, HandlerSet};
use crate::jobs::JobQueue;
use crate::persistence::Persistence;
use crate::{Bot, Error, Update};
use builder::Hooks;
use futures_util::future::BoxFuture;
use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;
use telebot_client::poison::{MutexUnpoisoned, RwLockUnpoisoned};
use tokio::sync::{Mutex as AsyncMutex, mpsc, watch};

/// A lifecycle hook: an async function of the application.
pub type Hook = Box<dyn Fn(Application) -> BoxFuture<'static, HandlerResult> + Send + Sync>;

/// A bot application: cheap to clone (an `Arc` inside), shared by every handler through
/// [`CallbackContext::application`](crate::context::CallbackContext::application).
#[derive(Clone)]
pub struct Application {
    inner: Arc<Inner>,
}

/// The link the job queue keeps to its application: the application while it lives, without
/// keeping it alive.
fn job_link(weak: Weak<Inner>) -> crate::jobs::AppLink {
    Arc::new(move || weak.upgrade().map(|inner| Application { inner }.services()))
}

struct Inner {
    bot: Bot,
    dispatcher: Dispatcher,
    jobs: JobQueue,
    data: DataStore,
    state: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    lanes: Arc<Lanes>,
    queue: UpdateQueue,
    queue_rx: AsyncMutex<Option<mpsc::Receiver<Update>>>,
    info: RwLock<Arc<CheckInfo>>,
    commands: Arc<Registry>,
    unknown_installed: AtomicBool,
    allowed_updates: Option<Vec<String>>,
    hooks: Hooks,
    initialized: AtomicBool,
    running: watch::Sender<bool>,
    /// Set by `stop_running`: the intake that runs stops as on SIGTERM.
    stop_requested: watch::Sender<bool>,
    stop_timeout: Duration,
    callback_data: crate::callback_data::CallbackDataSettings,
    /// The task writing changed data on the persistence interval.
    flusher: std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// What `initialize` loaded from the persistence backend.
    loaded: std::sync::Mutex<Option<LoadReport>>,
    /// While running in a cluster: how to read its status.
    #[cfg(feature = "cluster")]
    cluster: std::sync::Mutex<Option<crate::cluster::StatusReader>>,
    /// What the command-menu sync of `initialize` did, for the startup report.
    menus: std::sync::Mutex<Option<Result<SyncReport, String>>>,
    /// Where the runtime records what it does (nothing without metrics).
    telemetry: crate::telemetry::Telemetry,
    /// The metrics' HTTP endpoint, when metrics are served.
    #[cfg(feature = "metrics")]
    metrics_endpoint: Option<crate::metrics::Endpoint>,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("bot", &self.inner.bot)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// A builder; the token and API URL come from the environment unless set.
    pub fn builder() -> ApplicationBuilder {
        ApplicationBuilder::default()
    }

    /// The bot.
    pub fn bot(&self) -> &Bot {
        &self.inner.bot
    }

    /// The job queue (PTB's `application.job_queue`).
    pub fn job_queue(&self) -> &JobQueue {
        &self.inner.jobs
    }

    pub(crate) fn telemetry(&self) -> &crate::telemetry::Telemetry {
        &self.inner.telemetry
    }

    /// The metrics, when the application keeps them
    /// ([`ApplicationBuilder::metrics`](crate::application::ApplicationBuilder::metrics)).
    #[cfg(feature = "metrics")]
    pub fn metrics(&self) -> Option<&Arc<crate::metrics::Metrics>> {
        self.inner.telemetry.metrics()
    }

    /// Where the metrics endpoint serves, when there is one (the port the system chose when
    /// the configured one was 0).
    #[cfg(feature = "metrics")]
    pub fn metrics_address(&self) -> Option<std::net::SocketAddr> {
        self.inner
            .metrics_endpoint
            .as_ref()
            .map(crate::metrics::Endpoint::address)
    }

    pub(crate) fn data(&self) -> &DataStore {
        &self.inner.data
    }

    pub(crate) fn dispatcher(&self) -> &Dispatcher {
        &self.inner.dispatcher
    }

    /// What handlers' checks know: the bot's username.
    pub(crate) fn check_info(&self) -> Arc<CheckInfo> {
        Arc::clone(&self.inner.info.read_unpoisoned())
    }

    pub(crate) fn commands(&self) -> &Registry {
        &self.inner.commands
    }

    /// Packs typed callback data for buttons and reads it back (see
    /// [`callback_data`](crate::callback_data)).
    pub fn callback_data(&self) -> &crate::callback_data::CallbackDataCodec {
        &self.inner.callback_data.codec
    }

    pub(crate) fn callback_data_settings(&self) -> &crate::callback_data::CallbackDataSettings {
        &self.inner.callback_data
    }

    /// Forgets the cached callback data of the query's keyboard (PTB's `drop_callback_data`),
    /// once the buttons are no longer needed; returns how many entries were dropped.
    pub fn drop_callback_data(&self, query: &crate::api::CallbackQuery) -> usize {
        let codec = self.callback_data();
        let from_keyboard = query
            .message
            .as_ref()
            .and_then(|m| m.accessible())
            .and_then(|m| m.reply_markup.as_ref())
            .map_or(0, |keyboard| codec.drop_keyboard(keyboard));
        let own = query.data.as_deref().is_some_and(|d| codec.drop_data(d));
        from_keyboard + usize::from(own)
    }

    /// Adds a handler to a group. Groups run in ascending order; within a group the first
    /// handler whose check passes runs.
    pub fn add_handler(&self, handler: impl Handler, group: i32) -> &Self {
        self.insert_handler(handler, group);
        self
    }

    /// Like [`add_handler`](Self::add_handler), returning the id that
    /// [`remove_handler`](Self::remove_handler) takes.
    pub fn insert_handler(&self, handler: impl Handler, group: i32) -> HandlerId {
        self.inner.commands.add_names(handler.command_names());
        self.inner.dispatcher.add_handler(Arc::new(handler), group)
    }

    /// Removes a handler (PTB's `remove_handler`); updates dispatched from then on no longer
    /// reach it (a run already going finishes). `false` when it was removed before.
    pub fn remove_handler(&self, id: HandlerId) -> bool {
        self.inner.dispatcher.remove_handler(id)
    }

    /// Adds a middleware around every update, run before any handler group, after the
    /// middlewares added before it (see [`middleware`](crate::middleware)): `f(ctx, next)` acts
    /// before and after `next.run(ctx)`, inserts values for the handlers, or stops the update
    /// by not calling it. An error it returns goes to the error handlers.
    pub fn add_middleware<F, Fut>(&self, f: F) -> &Self
    where
        F: Fn(crate::CallbackContext, crate::middleware::Next) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.inner
            .dispatcher
            .add_middleware(Arc::new(move |ctx, next| Box::pin(f(ctx, next))));
        self
    }

    /// Adds a middleware around every handler run, inside the ones added before it:
    /// `f(ctx, next)` returns `next.run(ctx).await`'s outcome, or one of its own.
    pub fn add_handler_middleware<F, Fut>(&self, f: F) -> &Self
    where
        F: Fn(crate::CallbackContext, crate::middleware::NextHandler) -> Fut
            + Send
            + Sync
            + 'static,
        Fut: Future<Output = crate::handlers::Outcome> + Send + 'static,
    {
        self.inner
            .dispatcher
            .add_handler_middleware(Arc::new(move |ctx, next| Box::pin(f(ctx, next))));
        self
    }

    /// Runs `task` in the background, tracked by the application (PTB's `create_task`): a
    /// graceful stop waits for it (up to the stop timeout), and an error it returns, or a
    /// panic, goes to the error handlers.
    pub fn create_task<F>(&self, task: F) -> tokio::task::JoinHandle<()>
    where
        F: Future<Output = HandlerResult> + Send + 'static,
    {
        let app = self.clone();
        self.inner.dispatcher.background().enter();
        tokio::spawn(async move {
            let outcome =
                futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(task)).await;
            let error: Option<crate::HandlerError> = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(error)) => Some(error),
                Err(payload) => Some(Box::new(crate::handlers::HandlerPanic::from_payload(
                    payload,
                ))),
            };
            if let Some(error) = error {
                app.report(None, error).await;
            }
            app.inner.dispatcher.background().leave();
        })
    }

    /// Adds a set of handlers (a `#[telebot::bot]` module's `handlers()`, `handlers![…]`, or
    /// one built by hand), each to its group, with its commands and error handlers.
    ///
    /// # Errors
    /// [`Error::Setup`] when the set's commands clash with each other or with commands added
    /// before (a name declared twice, more than 100 in one menu; the message names both
    /// declarations as `file:line`), or when two `#[job]`s share a name. Nothing is added then.
    pub fn add_handlers(&self, set: HandlerSet) -> Result<&Self, Error> {
        let HandlerSet {
            handlers,
            commands,
            error_handlers,
            jobs,
        } = set;
        let has_commands = !commands.is_empty();
        self.inner
            .jobs
            .check_declarable(&jobs)
            .map_err(|e| Error::Setup(e.to_string()))?;
        self.inner
            .commands
            .add(commands)
            .map_err(|e| Error::Setup(e.to_string()))?;
        for (group, handler) in handlers {
            self.inner.commands.add_names(handler.command_names());
            self.inner.dispatcher.add_handler(handler, group);
        }
        for handler in error_handlers {
            self.inner.dispatcher.add_error_callback(handler);
        }
        for job in jobs {
            let (name, location) = (job.spec.name, job.spec.location);
            self.inner.jobs.declare(job).map_err(|e| {
                Error::Setup(format!("#[job] `{name}` declared at {location}: {e}"))
            })?;
        }
        if has_commands
            && self.inner.commands.options.did_you_mean
            && !self.inner.unknown_installed.swap(true, Ordering::SeqCst)
        {
            let unknown = UnknownCommandHandler {
                registry: Arc::clone(&self.inner.commands),
            };
            self.inner
                .dispatcher
                .add_handler(Arc::new(unknown), i32::MIN);
        }
        Ok(self)
    }

    /// The commands declared through [`add_handlers`](Self::add_handlers): menus, `/help`,
    /// suggestions.
    pub fn command_set(&self) -> CommandSet {
        self.inner.commands.with_set(CommandSet::clone)
    }

    /// Brings Telegram's command menus in step with the declared commands: for each scope and
    /// language, `getMyCommands`, and `setMyCommands` only when the menu differs.
    /// `initialize` does this when [`CommandOptions::sync_menu`](crate::commands::CommandOptions::sync_menu)
    /// is on.
    pub async fn sync_commands(&self) -> Result<SyncReport, Error> {
        let menus = self.inner.commands.with_set(CommandSet::menus);
        let mut report = SyncReport::default();
        for menu in menus {
            let key = (menu.scope, menu.language.clone());
            if menu.sync(&self.inner.bot).await? {
                report.updated.push(key);
            } else {
                report.unchanged.push(key);
            }
        }
        Ok(report)
    }

    /// Adds an error handler: it runs for every handler error or panic, with
    /// `ctx.error()` and `ctx.update()` set.
    pub fn add_error_handler<H, A>(&self, handler: H) -> &Self
    where
        H: HandlerFn<kind::Error, A>,
    {
        self.insert_error_handler(handler);
        self
    }

    /// Like [`add_error_handler`](Self::add_error_handler), returning the id that
    /// [`remove_error_handler`](Self::remove_error_handler) takes.
    pub fn insert_error_handler<H, A>(&self, handler: H) -> HandlerId
    where
        H: HandlerFn<kind::Error, A>,
    {
        self.inner.dispatcher.add_error_handler(handler)
    }

    /// Removes an error handler (PTB's `remove_error_handler`). `false` when it was removed
    /// before.
    pub fn remove_error_handler(&self, id: HandlerId) -> bool {
        self.inner.dispatcher.remove_error_handler(id)
    }

    /// Where updates are taken from: anything sent here is handled like an update from Telegram.
    pub fn update_queue(&self) -> UpdateQueue {
        self.inner.queue.clone()
    }

    /// The `allowed_updates` to ask Telegram for: as set on the builder, or else the kinds the
    /// registered handlers can take (so `chat_member` updates are asked for when a handler
    /// wants them).
    pub fn allowed_updates(&self) -> Vec<String> {
        if let Some(set) = &self.inner.allowed_updates {
            return set.clone();
        }
        let kinds: BTreeSet<&'static str> = self
            .inner
            .dispatcher
            .handlers()
            .iter()
            .flat_map(|(_, h)| h.update_kinds())
            .collect();
        crate::api::ALL_UPDATE_KINDS
            .iter()
            .filter(|k| kinds.contains(*k))
            .map(|k| k.to_string())
            .collect()
    }

    /// A report of the configuration, logged at startup: handlers by group, allowed updates,
    /// the jobs scheduled so far, rate limits and retries, persistence.
    pub fn startup_report(&self) -> String {
        let username = self.check_info().bot_username.clone();
        let mut out = match (username.is_empty(), self.bot().id()) {
            (false, Some(id)) => format!("telebot application: @{username} (id {id})\n"),
            (false, None) => format!("telebot application: @{username}\n"),
            (true, _) => String::from("telebot application\n"),
        };
        let handlers = self.inner.dispatcher.handlers();
        if handlers.is_empty() {
            out.push_str("  no handlers: every update will be ignored\n");
        }
        let mut last = None;
        for (group, handler) in handlers {
            if last != Some(group) {
                out.push_str(&format!("  group {group}:\n"));
                last = Some(group);
            }
            let blocking = if crate::handlers::blocks(handler.block(), self.bot()) {
                ""
            } else {
                " (non-blocking)"
            };
            out.push_str(&format!("    {}{blocking}\n", handler.describe()));
        }
        out.push_str(&format!(
            "  allowed updates: {}\n",
            self.allowed_updates().join(", ")
        ));
        out.push_str(&self.menus_report());
        out.push_str(&self.inner.jobs.report());
        out.push_str(&self.flood_report());
        out.push_str(&self.persistence_report());
        #[cfg(feature = "metrics")]
        if let Some(address) = self.metrics_address() {
            out.push_str(&format!(
                "  metrics: http://{address}/metrics (and /healthz, /readyz)\n"
            ));
        }
        out
    }

    /// The startup report's line on the command menus: what `initialize` set or found as
    /// declared.
    fn menus_report(&self) -> String {
        let menus = self.inner.menus.lock_unpoisoned();
        let name =
            |(scope, language): &(crate::commands::CommandScope, Option<String>)| match language {
                Some(language) => format!("{scope:?} ({language})"),
                None => format!("{scope:?}"),
            };
        let list = |menus: &[(crate::commands::CommandScope, Option<String>)]| {
            menus.iter().map(name).collect::<Vec<_>>().join(", ")
        };
        match &*menus {
            None if self.inner.commands.options.sync_menu => String::new(),
            None => "  command menus: not synced (CommandOptions::sync_menu is off)\n".into(),
            Some(Err(e)) => format!("  command menus: could not be synced: {e}\n"),
            Some(Ok(report)) if report.updated.is_empty() && report.unchanged.is_empty() => {
                "  command menus: none declared\n".into()
            }
            Some(Ok(report)) => {
                let mut parts = Vec::new();
                if !report.updated.is_empty() {
                    parts.push(format!("synced {}", list(&report.updated)));
                }
                if !report.unchanged.is_empty() {
                    parts.push(format!("unchanged {}", list(&report.unchanged)));
                }
                format!("  command menus: {}\n", parts.join("; "))
            }
        }
    }

    /// The startup report's lines on flood control: the limiter's windows and how 429s are
    /// repeated.
    fn flood_report(&self) -> String {
        let bot = &self.inner.bot;
        let mut out = match bot.rate_limiter() {
            Some(limiter) => match limiter.shared_with() {
                Some(shared) => format!(
                    "  rate limits: {}; the windows and 429 pauses are shared by every instance in {shared}\n",
                    limiter.limits()
                ),
                None => format!("  rate limits: {}\n", limiter.limits()),
            },
            None => {
                "  rate limits: none (sends go out at once; Telegram answers floods with 429)\n"
                    .to_string()
            }
        };
        match bot.retry_policy() {
            Some(policy) if policy.retries() => out.push_str(&format!(
                "    a 429 pauses its chat (or everything, without a chat) for its retry_after (up to {:?}), then the call is repeated: {} attempts at most\n",
                policy.longest_retry_after(),
                policy.attempts()
            )),
            _ => out.push_str("    failed calls are not repeated\n"),
        }
        out
    }

    /// The startup report's persistence lines.
    fn persistence_report(&self) -> String {
        let Some(backend) = self.persistence() else {
            return "  persistence: none (data lives in memory and is lost at exit)\n".into();
        };
        let settings = backend.settings();
        let when = if backend.shared() {
            "shared: each value locked, refreshed and written per handler".to_string()
        } else if settings.write_through {
            "written after every handler".to_string()
        } else {
            format!(
                "changes written every {:?} and at stop",
                settings.update_interval
            )
        };
        let mut out = format!(
            "  persistence: {} ({}; {when})\n",
            backend.describe(),
            settings.input.names().join(", ")
        );
        let loaded = *self.inner.loaded.lock_unpoisoned();
        if let Some(loaded) = loaded {
            out.push_str(&format!(
                "    loaded data of {} users, {} chats, {} bot values\n",
                loaded.users, loaded.chats, loaded.bot_values
            ));
        }
        for (name, type_name) in self.inner.data.names().registered() {
            out.push_str(&format!("    `{name}` holds {type_name}\n"));
        }
        let callback_data = &self.inner.callback_data;
        if let Some(line) = callback_data.persisted.report(&callback_data.codec) {
            out.push_str(&line);
        }
        out
    }

    /// The persistence backend, when the application has one: the conversation engine, the
    /// callback-data cache and the job queue call its hooks.
    pub fn persistence(&self) -> Option<&Arc<dyn Persistence>> {
        self.inner.data.persistence()
    }

    /// Writes every changed user, chat and bot value, and the callback-data cache when it
    /// changed, now (PTB's `update_persistence`); returns how many entries were written (the
    /// cache counts as one). The application does this on the backend's interval and at stop.
    pub async fn update_persistence(&self) -> Result<usize, DataError> {
        let started = std::time::Instant::now();
        let values = self.inner.data.flush().await;
        let cache = self.save_callback_data().await;
        if self.persistence().is_some() {
            self.inner
                .telemetry
                .flushed(started.elapsed(), values.is_ok() && cache.is_ok());
        }
        let values = values?;
        Ok(values + usize::from(cache?))
    }

    /// Writes the callback-data cache when it changed since it was last written.
    pub(crate) async fn save_callback_data(&self) -> Result<bool, DataError> {
        let Some(backend) = self.persistence() else {
            return Ok(false);
        };
        let settings = &self.inner.callback_data;
        settings
            .persisted
            .save(&settings.codec, backend.as_ref())
            .await
            .map_err(DataError::CallbackCache)
    }

    /// Whether the callback-data cache is written after each handler: when the backend writes
    /// through (or is shared).
    pub(crate) fn writes_callback_data_through(&self) -> bool {
        self.persistence()
            .is_some_and(|backend| backend.settings().write_through || backend.shared())
    }

    /// Moves a chat's data to a new id, in memory and in the store (PTB's
    /// `migrate_chat_data`). The dispatcher does it for `migrate_to_chat_id` messages.
    pub async fn migrate_chat_data(&self, from: i64, to: i64) -> Result<(), DataError> {
        self.inner.data.migrate_chat(from, to).await
    }

    /// Runs `f` on a user's value of type `T` outside a handler (from a job, an admin command,
    /// a test), then stores it like a handler's change.
    pub async fn with_user_data<T: DataValue, R>(
        &self,
        user_id: i64,
        f: impl FnOnce(&mut T) -> R,
    ) -> Result<R, DataError> {
        self.with_data(Owner::User(user_id), f).await
    }

    /// Every user's value of type `T`, by user id (PTB's `application.user_data`, the usual
    /// source of a broadcast list): the users whose data holds a `T`, in memory and, with a
    /// shared backend, in the store. Sorted by id.
    pub async fn all_user_data<T: DataValue + Clone>(&self) -> Result<Vec<(i64, T)>, DataError> {
        self.all_data(crate::persistence::Store::UserData, Owner::User)
            .await
    }

    /// Every chat's value of type `T`, by chat id, as [`all_user_data`](Self::all_user_data).
    pub async fn all_chat_data<T: DataValue + Clone>(&self) -> Result<Vec<(i64, T)>, DataError> {
        self.all_data(crate::persistence::Store::ChatData, Owner::Chat)
            .await
    }

    /// The values of type `T` of every owner in `store` that holds one.
    async fn all_data<T: DataValue + Clone>(
        &self,
        store: crate::persistence::Store,
        owner: fn(i64) -> Owner,
    ) -> Result<Vec<(i64, T)>, DataError> {
        let name = self.inner.data.names().name_of::<T>()?;
        let ids = self.inner.data.owners_with(store, &name).await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push((id, self.with_data(owner(id), |v: &mut T| v.clone()).await?));
        }
        Ok(out)
    }

    /// Forgets everything stored for a user, in memory and in the persistence backend (PTB's
    /// `drop_user_data`; a user who asked to be forgotten, say).
    pub async fn drop_user_data(&self, user_id: i64) -> Result<(), DataError> {
        self.inner.data.drop_owner(Owner::User(user_id)).await
    }

    /// Forgets everything stored for a chat, in memory and in the persistence backend (PTB's
    /// `drop_chat_data`; a group the bot left, say).
    pub async fn drop_chat_data(&self, chat_id: i64) -> Result<(), DataError> {
        self.inner.data.drop_owner(Owner::Chat(chat_id)).await
    }

    /// Runs `f` on a chat's value of type `T` outside a handler, then stores it like a
    /// handler's change.
    pub async fn with_chat_data<T: DataValue, R>(
        &self,
        chat_id: i64,
        f: impl FnOnce(&mut T) -> R,
    ) -> Result<R, DataError> {
        self.with_data(Owner::Chat(chat_id), f).await
    }

    /// Runs `f` on the bot's value of type `T` outside a handler, then stores it like a
    /// handler's change.
    pub async fn with_bot_data<T: DataValue, R>(
        &self,
        f: impl FnOnce(&mut T) -> R,
    ) -> Result<R, DataError> {
        self.with_data(Owner::Bot, f).await
    }

    async fn with_data<T: DataValue, R>(
        &self,
        owner: Owner,
        f: impl FnOnce(&mut T) -> R,
    ) -> Result<R, DataError> {
        let held = HeldList::default();
        let result = match self.inner.data.acquire::<T>(owner, &held).await {
            Ok(guard) => {
                let mut guard = UserData(guard);
                Ok(f(&mut guard))
            }
            Err(e) => Err(e),
        };
        let saved = self.inner.data.commit(&held).await;
        let result = result?;
        saved.map(|()| result)
    }

    /// Loads persisted data (and the callback-data cache; one written under another signing key
    /// is left out with a warning), fetches the bot's own user (for `/command@bot_username`) and runs
    /// `post_init`. Stored data that cannot be read stops it with [`Error::Persistence`].
    /// Called by `run_polling`; call it yourself when you feed updates with
    /// [`process_update`](Self::process_update).
    pub async fn initialize(&self) -> Result<(), Error> {
        self.initialize_boxed().await
    }

    /// Boxed in a plain function: an `async fn`'s body is compiled into every codegen unit
    /// that awaits it (a release build's binary held three copies of this one).
    fn initialize_boxed(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(self.initialize_unboxed())
    }

    async fn initialize_unboxed(&self) -> Result<(), Error> {
        if self.inner.initialized.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        // Served from the start: /healthz answers and /readyz says what is not ready yet.
        #[cfg(feature = "metrics")]
        if let Some(endpoint) = &self.inner.metrics_endpoint {
            endpoint.start();
        }
        match self.inner.data.load().await {
            Ok(report) => {
                *self.inner.loaded.lock_unpoisoned() = Some(report);
            }
            Err(e) => {
                self.inner.initialized.store(false, Ordering::SeqCst);
                return Err(e.into());
            }
        }
        if let Some(backend) = self.persistence() {
            let settings = &self.inner.callback_data;
            if let Err(e) = settings
                .persisted
                .load(&settings.codec, backend.as_ref())
                .await
            {
                self.inner.initialized.store(false, Ordering::SeqCst);
                return Err(e.into());
            }
        }
        let me = match self.inner.bot.me().await {
            Ok(me) => me,
            Err(e) => {
                self.inner.initialized.store(false, Ordering::SeqCst);
                return Err(e);
            }
        };
        *self.inner.info.write_unpoisoned() = Arc::new(CheckInfo {
            bot_username: me.username.unwrap_or_default(),
        });
        let context = crate::CallbackContext::new(self.clone(), None);
        for (_, handler) in self.inner.dispatcher.handlers() {
            handler.initialize(&context).await;
        }
        if self.inner.commands.options.sync_menu {
            let synced = self.sync_commands().await;
            if let Err(e) = &synced {
                tracing::warn!(error = %e, "could not set the command menus");
            }
            *self.inner.menus.lock_unpoisoned() = Some(synced.map_err(|e| e.to_string()));
        }
        if let Some(hook) = &self.inner.hooks.post_init
            && let Err(e) = hook(self.clone()).await
        {
            self.report(None, e).await;
        }
        Ok(())
    }

    /// Starts taking updates from the update queue into the lanes, and starts the job queue
    /// (persistent jobs come back from the job store).
    pub async fn start(&self) {
        let Some(mut rx) = self.inner.queue_rx.lock().await.take() else {
            return;
        };
        self.inner.running.send_replace(true);
        self.start_flusher();
        self.inner.jobs.start().await;
        let app = self.clone();
        let mut running = self.inner.running.subscribe();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    update = rx.recv() => match update {
                        Some(update) => app.submit(update, None),
                        None => break,
                    },
                    _ = running.wait_for(|r| !*r) => break,
                }
            }
            // Whatever was queued before the stop is still handled.
            while let Ok(update) = rx.try_recv() {
                app.submit(update, None);
            }
            *app.inner.queue_rx.lock().await = Some(rx);
        });
    }

    /// Writes changed data on the backend's interval until the application stops.
    fn start_flusher(&self) {
        let Some(backend) = self.persistence() else {
            return;
        };
        let every = backend
            .settings()
            .update_interval
            .max(Duration::from_millis(10));
        let app = self.clone();
        let mut running = self.inner.running.subscribe();
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                let stopped = async {
                    let _ = running.wait_for(|r| !*r).await;
                };
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stopped => break,
                }
                if let Err(e) = app.update_persistence().await {
                    tracing::error!(error = %e, "writing changed data failed; retrying at the next interval");
                }
            }
        });
        *self.inner.flusher.lock_unpoisoned() = Some(task);
    }

    /// Asks the intake that runs the application (`run_polling`, `run_webhook`, `run_cluster`,
    /// `run_from_env`) to stop as on SIGTERM, from a handler, a job or any task (PTB's
    /// `stop_running`): intake stops, the updates in hand are finished, data is written and the
    /// run function returns.
    pub fn stop_running(&self) {
        self.inner.stop_requested.send_replace(true);
    }

    /// `stop`, or a [`stop_running`](Self::stop_running) request, whichever comes first. A
    /// request made before this call is forgotten: each run starts unstopped.
    pub(crate) fn or_stop_requested(
        &self,
        stop: impl Future<Output = ()>,
    ) -> impl Future<Output = ()> {
        self.inner.stop_requested.send_replace(false);
        let mut requested = self.inner.stop_requested.subscribe();
        async move {
            tokio::select! {
                _ = stop => {}
                _ = requested.wait_for(|r| *r) => {
                    tracing::info!("stop_running: stopping gracefully");
                }
            }
        }
    }

    /// Whether the application is started and not stopped.
    pub fn is_running(&self) -> bool {
        *self.inner.running.borrow()
    }

    /// Resolves once the application runs (at once if it does): a timer that falls due while
    /// it is stopped, or before it starts, acts when it runs again.
    pub(crate) fn until_running(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut running = self.inner.running.subscribe();
        async move {
            let _ = running.wait_for(|r| *r).await;
        }
    }

    /// Stops taking updates and starting jobs, and waits (at most the builder's
    /// `stop_timeout`) for the updates in hand, non-blocking handlers and job runs going; writes
    /// changed data; then runs `post_stop`.
    pub async fn stop(&self) {
        self.inner.running.send_replace(false);
        self.inner.jobs.halt();
        let drained = async {
            self.inner.lanes.wait_idle().await;
            self.inner.dispatcher.background().wait_idle().await;
            self.inner.jobs.wait_idle().await;
        };
        if tokio::time::timeout(self.inner.stop_timeout, drained)
            .await
            .is_err()
        {
            tracing::warn!(
                pending = self.inner.lanes.pending(),
                job_runs = self.inner.jobs.runs_going(),
                "stopping with updates or jobs still being handled after {:?}",
                self.inner.stop_timeout
            );
        }
        let flusher = self.inner.flusher.lock_unpoisoned().take();
        if let Some(flusher) = flusher {
            let _ = flusher.await;
        }
        if self.persistence().is_some()
            && let Err(e) = self.update_persistence().await
        {
            tracing::error!(error = %e, "writing changed data at stop failed");
        }
        if let Some(hook) = &self.inner.hooks.post_stop
            && let Err(e) = hook(self.clone()).await
        {
            self.report(None, e).await;
        }
    }

    /// Flushes the persistence backend and runs `post_shutdown`; the last step of the
    /// lifecycle.
    pub async fn shutdown(&self) {
        if let Some(backend) = self.persistence()
            && let Err(e) = backend.flush().await
        {
            tracing::error!(error = %e, "flushing the persistence backend at shutdown failed");
        }
        if let Some(hook) = &self.inner.hooks.post_shutdown
            && let Err(e) = hook(self.clone()).await
        {
            self.report(None, e).await;
        }
    }

    /// Handles one update now, outside the queue and lanes (for updates you receive your own
    /// way), and returns when its blocking handlers are done.
    pub async fn process_update(&self, update: Update) {
        self.dispatch_now(Arc::new(update), None).await;
    }

    pub(crate) async fn dispatch_now(
        &self,
        update: Arc<Update>,
        receipt: Option<&crate::dispatch::watermark::Receipt>,
    ) {
        self.inner.telemetry.update_received(&update);
        let info = self.check_info();
        self.inner
            .dispatcher
            .dispatch(&self.services(), update, &info, receipt)
            .await;
    }

    /// Hands an error of `update` (or of nothing in particular) to the error handlers.
    pub(crate) async fn report(&self, update: Option<Arc<Update>>, error: crate::HandlerError) {
        self.inner
            .dispatcher
            .report(&self.services(), update, error)
            .await;
    }

    /// This application as the dispatcher and the job queue see it.
    pub(crate) fn services(&self) -> Arc<dyn crate::dispatch::Services> {
        Arc::new(self.clone())
    }

    /// Hands an update straight to its lane (the poller's path), with the receipt that is
    /// held until its handlers are done.
    pub(crate) fn submit(
        &self,
        update: Update,
        receipt: Option<crate::dispatch::watermark::Receipt>,
    ) {
        self.inner.telemetry.update_received(&update);
        self.inner
            .lanes
            .submit(&self.services(), Arc::new(update), receipt);
    }

    /// Hands an update to its lane unless the lane holds `capacity` updates already (the
    /// webhook's back-pressure); then the update comes back.
    #[cfg(feature = "webhooks")]
    pub(crate) fn try_submit(
        &self,
        update: Arc<Update>,
        receipt: Option<crate::dispatch::watermark::Receipt>,
        capacity: usize,
    ) -> Result<(), crate::dispatch::lanes::LaneFull> {
        let telemetry = self.inner.telemetry.clone();
        let counted = telemetry.enabled().then(|| Arc::clone(&update));
        let submitted = self
            .inner
            .lanes
            .try_submit(&self.services(), update, receipt, capacity);
        if let (Ok(()), Some(update)) = (&submitted, counted) {
            telemetry.update_received(&update);
        }
        submitted
    }

    /// Resolves the next time a lane has one update fewer (see [`Self::try_submit`]).
    #[cfg(feature = "webhooks")]
    pub(crate) fn lane_space(&self) -> tokio::sync::futures::Notified<'_> {
        self.inner.lanes.space()
    }

    /// Updates the lanes have handled since the application started (for the shutdown report).
    pub(crate) fn updates_handled(&self) -> u64 {
        self.inner.lanes.handled()
    }

    /// Waits until every update taken from the queue so far was handled.
    pub async fn wait_idle(&self) {
        self.inner.lanes.wait_idle().await;
        self.inner.dispatcher.background().wait_idle().await;
    }

    /// Serves a webhook until SIGINT or SIGTERM (feature `webhooks`): initialize,
    /// `setWebhook` when a public URL is configured, start, serve; then stop and shut down
    /// gracefully. See [`crate::updates::webhook`].
    #[cfg(feature = "webhooks")]
    pub async fn run_webhook(
        &self,
        config: crate::updates::webhook::WebhookConfig,
    ) -> Result<(), Error> {
        crate::updates::webhook::run(self, config).await
    }

    /// How to read the cluster's status, while running in one.
    #[cfg(feature = "cluster")]
    pub(crate) fn cluster_reader(&self) -> Option<crate::cluster::StatusReader> {
        self.inner.cluster.lock_unpoisoned().clone()
    }

    /// Records how to read the cluster's status (from `run_cluster`).
    #[cfg(feature = "cluster")]
    pub(crate) fn set_cluster(&self, reader: Option<crate::cluster::StatusReader>) {
        *self.inner.cluster.lock_unpoisoned() = reader;
    }

    /// How long a stop waits for the updates in hand.
    #[cfg(feature = "cluster")]
    pub(crate) fn stop_timeout(&self) -> Duration {
        self.inner.stop_timeout
    }

    /// Long polling until SIGINT or SIGTERM: initialize, start, poll, then stop and shut down
    /// gracefully. Updates are confirmed to Telegram only after their handlers finished
    /// (at-least-once). See [`crate::updates::polling`].
    pub async fn run_polling(&self) -> Result<(), Error> {
        self.run_polling_with(crate::updates::polling::PollingConfig::default())
            .await
    }

    /// [`run_polling`](Self::run_polling) until `stop` completes too (besides SIGINT and
    /// SIGTERM): the end of the terminal sandbox (`telebot::testing::Stop`), say.
    pub async fn run_polling_until(
        &self,
        stop: impl std::future::Future<Output = ()>,
    ) -> Result<(), Error> {
        let signal = crate::updates::shutdown_signal();
        crate::updates::polling::run_until(
            self,
            crate::updates::polling::PollingConfig::default(),
            async move {
                tokio::select! {
                    _ = signal => {}
                    _ = stop => {}
                }
            },
        )
        .await
    }

    /// [`run_polling`](Self::run_polling) with settings of your own (batch size, long-poll
    /// timeout, `drop_pending_updates`, fast acknowledgement, backoff).
    pub async fn run_polling_with(
        &self,
        config: crate::updates::polling::PollingConfig,
    ) -> Result<(), Error> {
        crate::updates::polling::run(self, config).await
    }
}
