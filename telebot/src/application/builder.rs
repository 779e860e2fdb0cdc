use super::{Application, Hook, Inner, UpdateQueue, job_link};
use crate::Error;
use crate::commands::registry::Registry;
use crate::commands::{CommandOptions, CommandSet};
use crate::data::{DataStore, DataValue, Names};
use crate::dispatch::Dispatcher;
use crate::dispatch::lanes::Lanes;
use crate::handlers::{HandlerError, HandlerResult, HandlerSet};
use crate::jobs::{Clock, JobQueue, JobStore};
use crate::persistence::Persistence;
use crate::telemetry::Telemetry;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{Mutex as AsyncMutex, watch};

#[derive(Default)]
pub(super) struct Hooks {
    pub(super) post_init: Option<Hook>,
    pub(super) post_stop: Option<Hook>,
    pub(super) post_shutdown: Option<Hook>,
}

/// Builds an [`Application`] (PTB's `ApplicationBuilder`).
#[derive(Default)]
pub struct ApplicationBuilder {
    bot: Option<crate::client::BotBuilder>,
    concurrent_updates: Option<usize>,
    queue_capacity: Option<usize>,
    allowed_updates: Option<Vec<String>>,
    stop_timeout: Option<Duration>,
    state: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
    hooks: Hooks,
    handler_sets: Vec<HandlerSet>,
    command_options: Option<CommandOptions>,
    clock: Option<Clock>,
    job_store: Option<Arc<dyn JobStore>>,
    callback_data: crate::callback_data::CallbackDataSettings,
    persistence: Option<Arc<dyn Persistence>>,
    names: Names,
    #[cfg(feature = "metrics")]
    metrics: Option<crate::metrics::MetricsConfig>,
}

fn hook<F, Fut>(f: F) -> Hook
where
    F: Fn(Application) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = HandlerResult> + Send + 'static,
{
    Box::new(move |app| Box::pin(f(app)))
}

impl ApplicationBuilder {
    /// The bot the application runs: a [`Bot`](crate::Bot), or the [`BotBuilder`](crate::client::BotBuilder)
    /// of one (token, server, defaults, retries, rate limiter, layers: the one place a bot is
    /// configured). Without it the bot is built from `TELEGRAM_BOT_TOKEN` and
    /// `TELEGRAM_API_URL`. A bot without a retry policy gets
    /// [`RetryPolicy::default`](crate::client::RetryPolicy::default);
    /// [`RetryPolicy::none`](crate::client::RetryPolicy::none) turns retries off.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use telebot::client::Defaults;
    /// use telebot::ratelimit::Limits;
    /// use telebot::{Application, Bot, ParseMode};
    ///
    /// # fn demo() -> Result<(), telebot::Error> {
    /// let app = Application::builder()
    ///     .bot(
    ///         Bot::builder()
    ///             .token("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")
    ///             .defaults(Defaults { parse_mode: Some(ParseMode::Html), ..Defaults::default() })
    ///             .rate_limiter(Limits::telegram().max_wait(Duration::from_secs(30))),
    ///     )
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn bot(mut self, bot: impl Into<crate::client::BotBuilder>) -> Self {
        self.bot = Some(bot.into());
        self
    }

    /// Changes the settings of the bot given so far (by [`bot`](Self::bot), by
    /// `#[telebot::main]`, or the one `TELEGRAM_BOT_TOKEN` gives when none was): a rate
    /// limiter, defaults, retries or layers on top of a bot someone else chose.
    ///
    /// ```no_run
    /// use telebot::application::ApplicationBuilder;
    /// use telebot::ratelimit::Limits;
    ///
    /// #[telebot::main]
    /// async fn main(app: ApplicationBuilder) -> ApplicationBuilder {
    ///     app.configure_bot(|bot| bot.rate_limiter(Limits::telegram()))
    /// }
    /// ```
    pub fn configure_bot(
        mut self,
        settings: impl FnOnce(crate::client::BotBuilder) -> crate::client::BotBuilder,
    ) -> Self {
        self.bot = Some(settings(self.bot.take().unwrap_or_default()));
        self
    }

    /// How many updates are handled at once across chats (one chat's updates are always in
    /// order). 1 handles everything one by one. Default 256.
    pub fn concurrent_updates(mut self, n: usize) -> Self {
        self.concurrent_updates = Some(n.max(1));
        self
    }

    /// How many updates may wait in the update queue. Default 1024.
    pub fn queue_capacity(mut self, n: usize) -> Self {
        self.queue_capacity = Some(n);
        self
    }

    /// The update kinds to ask Telegram for; by default derived from the handlers.
    pub fn allowed_updates<S: Into<String>>(mut self, kinds: impl IntoIterator<Item = S>) -> Self {
        self.allowed_updates = Some(kinds.into_iter().map(Into::into).collect());
        self
    }

    /// Where the job queue reads the date and time; default the system clock. Tests pass
    /// [`Clock::starting_at`] to run schedules on tokio's paused clock from any date.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Where persistent jobs are kept (see [`crate::jobs`]). Default: the
    /// [`persistence`](Self::persistence) backend when there is one; without either,
    /// scheduling a persistent job fails with [`JobError::NoStore`](crate::jobs::JobError::NoStore)
    /// and `#[job]`s start their schedules afresh at each start.
    pub fn job_store(mut self, store: impl JobStore) -> Self {
        self.job_store = Some(Arc::new(store));
        self
    }

    /// How long `stop` waits for updates in hand and job runs going. Default 30 s.
    pub fn stop_timeout(mut self, timeout: Duration) -> Self {
        self.stop_timeout = Some(timeout);
        self
    }

    /// A shared value of your own type for handlers' [`State<T>`](crate::extract::State)
    /// parameters (PTB's custom context types); one value per type.
    pub fn state<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.state.insert(TypeId::of::<T>(), Box::new(value));
        self
    }

    /// Handlers to add (a `#[telebot::bot]` module's `handlers()`, `handlers![…]`, or a set built
    /// by hand); may be called more than once. `build` checks all the sets together.
    pub fn handlers(mut self, set: HandlerSet) -> Self {
        self.handler_sets.push(set);
        self
    }

    /// How the application answers around commands: "did you mean", refusals, usage lines,
    /// and whether `initialize` sets the command menus.
    pub fn command_options(mut self, options: CommandOptions) -> Self {
        self.command_options = Some(options);
        self
    }

    /// How typed callback data is packed: signing key, cache size (default: unsigned, 1024
    /// cached long values).
    pub fn callback_data(mut self, codec: crate::callback_data::CallbackDataCodec) -> Self {
        self.callback_data.codec = codec;
        self
    }

    /// Runs for callback queries whose typed data could not be read (stale, another version,
    /// forged, malformed) instead of the polite default answer; `ctx.error()` says why (an
    /// [`InvalidCallbackData`](crate::callback_data::InvalidCallbackData)).
    pub fn on_invalid_callback_data<H, A>(mut self, handler: H) -> Self
    where
        H: crate::handlers::HandlerFn<crate::extract::kind::CallbackQuery, A>,
    {
        self.callback_data.on_invalid = Some(handler.into_callback());
        self
    }

    /// The answer to a query whose typed data could not be read, when no
    /// [`on_invalid_callback_data`](Self::on_invalid_callback_data) handler is set.
    pub fn invalid_callback_data_reply(mut self, text: impl Into<String>) -> Self {
        self.callback_data.reply = text.into();
        self
    }

    /// Keeps user, chat and bot data (and, through their hooks, conversations, the
    /// callback-data cache and jobs) in this backend: loaded at `initialize`, written on the
    /// backend's interval, after each handler in write-through mode, and at `stop`. See
    /// [`crate::persistence`].
    pub fn persistence(mut self, backend: impl Persistence) -> Self {
        self.persistence = Some(Arc::new(backend));
        self
    }

    /// Stores values of `T` (in `ChatData<T>`, `UserData<T>`, `BotData<T>`) under `name`
    /// instead of `T`'s type name, and checks at `initialize` that every stored value of that
    /// name still deserializes into `T` (a value that does not stops startup with an error
    /// naming it). Pick a name once and keep it: it is the key in the store.
    pub fn data_type<T: DataValue>(mut self, name: impl Into<String>) -> Self {
        self.names.register::<T>(name);
        self
    }

    /// Runs after `initialize` (the bot's user is known), before updates are taken.
    pub fn post_init<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn(Application) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.hooks.post_init = Some(hook(f));
        self
    }

    /// Runs at the end of `stop`.
    pub fn post_stop<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn(Application) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.hooks.post_stop = Some(hook(f));
        self
    }

    /// Runs at `shutdown`, the very end.
    pub fn post_shutdown<F, Fut>(mut self, f: F) -> Self
    where
        F: Fn(Application) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = HandlerResult> + Send + 'static,
    {
        self.hooks.post_shutdown = Some(hook(f));
        self
    }

    /// Keeps Prometheus metrics and serves them, with `/healthz` and `/readyz`, on
    /// `config.listen` from `initialize` to `shutdown` (see [`metrics`](crate::metrics)). The
    /// address is bound by [`build`](Self::build), so an unusable one is a build error.
    #[cfg(feature = "metrics")]
    pub fn metrics(mut self, config: crate::metrics::MetricsConfig) -> Self {
        self.metrics = Some(config);
        self
    }

    /// Reads what the environment configures and was not set in code: the bot's token and API
    /// server (`TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`), and with the `metrics` feature the
    /// metrics address (`TELEBOT_METRICS_LISTEN`). A bad value is an error naming its
    /// variable. The intake (`TELEBOT_WEBHOOK_*`, `TELEBOT_CLUSTER_*`) is read by
    /// [`Application::run_from_env`].
    pub fn from_env(mut self) -> Result<Self, Error> {
        let bot = self.bot.take().unwrap_or_default().build()?;
        self.bot = Some(bot.into());
        #[cfg(feature = "metrics")]
        if self.metrics.is_none() {
            self.metrics = crate::metrics::MetricsConfig::from_env()?;
        }
        #[cfg(not(feature = "metrics"))]
        if std::env::var_os("TELEBOT_METRICS_LISTEN").is_some() {
            return Err(Error::Setup(
                "TELEBOT_METRICS_LISTEN is set, but this build has no metrics (enable telebot's `metrics` feature)".into(),
            ));
        }
        Ok(self)
    }

    /// The application, or [`Error::MissingToken`] when neither a bot with a token nor
    /// `TELEGRAM_BOT_TOKEN` was given, or [`Error::Setup`] when the handler sets clash (a command
    /// declared twice, more than 100 commands in one menu; both places as `file:line`).
    pub fn build(self) -> Result<Application, Error> {
        let mut all = CommandSet::new();
        for set in &self.handler_sets {
            all.extend(set.commands().clone());
        }
        all.check().map_err(|e| Error::Setup(e.to_string()))?;
        let mut bot = self.bot.unwrap_or_default();
        if !bot.has_retry_policy() {
            bot = bot.retry_policy(crate::client::RetryPolicy::default());
        }
        #[cfg(feature = "metrics")]
        let (bot, telemetry, metrics_endpoint) = match self.metrics {
            Some(config) => {
                let metrics = Arc::new(crate::metrics::Metrics::new());
                let endpoint = crate::metrics::Endpoint::bind(config, Arc::clone(&metrics))?;
                let bot = bot.observer(Arc::new(crate::metrics::ApiObserver(Arc::clone(&metrics))));
                (bot, Telemetry::new(metrics), Some(endpoint))
            }
            None => (bot, Telemetry::default(), None),
        };
        let bot = bot.build()?;
        #[cfg(not(feature = "metrics"))]
        let telemetry = Telemetry::default();
        let (queue, rx) = UpdateQueue::new(self.queue_capacity.unwrap_or(1024));
        let time_zone = bot
            .defaults()
            .and_then(|d| d.time_zone.clone())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let clock = self.clock.unwrap_or_default();
        let job_store = self.job_store.or_else(|| {
            self.persistence
                .clone()
                .map(|backend| Arc::new(crate::jobs::PersistedJobs(backend)) as Arc<dyn JobStore>)
        });
        let app = Application {
            inner: Arc::new_cyclic(|weak| Inner {
                bot,
                dispatcher: Dispatcher::default(),
                jobs: JobQueue::new(job_link(weak.clone()), clock, time_zone, job_store),
                data: DataStore::new(self.persistence, self.names),
                flusher: std::sync::Mutex::new(None),
                loaded: std::sync::Mutex::new(None),
                #[cfg(feature = "cluster")]
                cluster: std::sync::Mutex::new(None),
                state: self.state,
                lanes: Arc::new(Lanes::new(self.concurrent_updates.unwrap_or(256))),
                queue,
                queue_rx: AsyncMutex::new(Some(rx)),
                info: RwLock::new(Arc::default()),
                allowed_updates: self.allowed_updates,
                hooks: self.hooks,
                initialized: AtomicBool::new(false),
                running: watch::channel(false).0,
                stop_requested: watch::channel(false).0,
                stop_timeout: self.stop_timeout.unwrap_or(Duration::from_secs(30)),
                commands: Arc::new(Registry::new(self.command_options.unwrap_or_default())),
                unknown_installed: AtomicBool::new(false),
                callback_data: self.callback_data,
                menus: std::sync::Mutex::new(None),
                telemetry,
                #[cfg(feature = "metrics")]
                metrics_endpoint,
            }),
        };
        #[cfg(feature = "metrics")]
        if let Some(metrics) = app.inner.telemetry.metrics() {
            let lanes = Arc::downgrade(&app.inner.lanes);
            metrics.read_lanes_from(move || lanes.upgrade().map_or(0, |l| l.pending()));
        }
        for set in self.handler_sets {
            app.add_handlers(set)?;
        }
        Ok(app)
    }
}

/// What a `#[telebot::main]` function returns: the handlers to run, or the builder to build,
/// or a `Result` of either.
pub trait Setup {
    /// Applies itself to `base` (a builder with the bot set).
    fn apply(self, base: ApplicationBuilder) -> Result<ApplicationBuilder, HandlerError>;
}

impl Setup for HandlerSet {
    fn apply(self, base: ApplicationBuilder) -> Result<ApplicationBuilder, HandlerError> {
        Ok(base.handlers(self))
    }
}

impl Setup for ApplicationBuilder {
    fn apply(self, _: ApplicationBuilder) -> Result<ApplicationBuilder, HandlerError> {
        Ok(self)
    }
}

impl<S: Setup, E: Into<HandlerError>> Setup for Result<S, E> {
    fn apply(self, base: ApplicationBuilder) -> Result<ApplicationBuilder, HandlerError> {
        self.map_err(Into::into)?.apply(base)
    }
}
