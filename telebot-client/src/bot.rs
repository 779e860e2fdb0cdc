use super::encode::{Body, encode};
use super::response::{Answer, excerpt, parse};
use super::retry::Decision;
use super::scope::{Cooldowns, FloodScope};
use super::{CallObserver, CallOutcome, Defaults, Error, Method, RetryPolicy, WaitCause};
use crate::ChatId;
use crate::api::User;
use crate::poison::RwLockUnpoisoned;
use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::OnceCell;

/// Telegram's public Bot API server.
pub const DEFAULT_API_URL: &str = "https://api.telegram.org";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A Bot API client: every method of the API is a function on it (`bot.send_message(..)`).
///
/// Cheap to clone: clones share one connection pool and the cached `getMe` result. Its `Debug`
/// output hides the token, and so does every [`Error`] it returns.
///
/// ```
/// let bot = telebot_client::Bot::new("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11");
/// assert_eq!(bot.id(), Some(123456));
/// assert!(!format!("{bot:?}").contains("ABC-DEF"));
/// ```
#[derive(Clone)]
pub struct Bot {
    inner: Arc<Inner>,
}

struct Inner {
    token: String,
    api_url: String,
    file_url: String,
    client: reqwest::Client,
    timeout: Duration,
    me: OnceCell<User>,
    defaults: Option<Arc<Defaults>>,
    retry: Option<Arc<RetryPolicy>>,
    /// Shared by every copy of the bot: flood limits belong to the token.
    cooldowns: Arc<Cooldowns>,
    limiter: Option<crate::ratelimit::RateLimiter>,
    observer: Option<Arc<dyn CallObserver>>,
    /// The tower layers every call goes through ([`BotBuilder::layer`]), when any were added.
    layers: Option<crate::layer::CallService>,
    /// Each method's URL, parsed once: parsing it per call (host, IDNA, path) cost about 4%
    /// of a busy bot's CPU.
    method_urls: std::sync::RwLock<
        std::collections::HashMap<String, reqwest::Url, foldhash::fast::RandomState>,
    >,
}

/// Method URLs kept parsed at most (the Bot API has under 200 methods).
const METHOD_URLS: usize = 256;

/// A request body ready to be sent, as many times as needed: uploads are read once.
enum Prepared {
    Json(Bytes),
    Multipart {
        fields: Vec<(String, String)>,
        files: Vec<(String, String, Bytes)>,
    },
}

impl fmt::Debug for Bot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bot")
            .field("id", &self.id())
            .field("token", &"[redacted]")
            .field("api_url", &self.inner.api_url)
            .finish()
    }
}

/// Builds a [`Bot`]: the one place a bot is configured. What is not set is read from the
/// environment (`TELEGRAM_BOT_TOKEN`, `TELEGRAM_API_URL`) or defaults. Its `Debug` shows
/// whether a token is set, never the token.
///
/// [`Bot::to_builder`] starts from a bot's own settings, for a copy that differs in some:
///
/// ```
/// use telebot_client::{Bot, Defaults, RetryPolicy};
/// use telebot_api::ParseMode;
///
/// # fn demo() -> Result<(), telebot_client::Error> {
/// let bot = Bot::builder()
///     .token("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11")
///     .retry_policy(RetryPolicy::default())
///     .build()?;
/// let html = bot
///     .to_builder()
///     .defaults(Defaults { parse_mode: Some(ParseMode::Html), ..Defaults::default() })
///     .build()?;
/// assert!(html.defaults().is_some() && html.retry_policy().is_some());
/// # Ok(()) }
/// # demo().unwrap();
/// ```
#[derive(Default)]
pub struct BotBuilder {
    token: Option<String>,
    api_url: Option<String>,
    file_url: Option<String>,
    client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    defaults: Option<Arc<Defaults>>,
    retry: Option<Arc<RetryPolicy>>,
    limiter: Option<crate::ratelimit::RateLimiter>,
    observer: Option<Arc<dyn CallObserver>>,
    layers: Option<crate::layer::CallService>,
    /// What a bot rebuilt by [`Bot::to_builder`] keeps of the original: the flood-control
    /// pauses (they belong to the token) and the cached `getMe` answer.
    kept: Option<Kept>,
}

struct Kept {
    cooldowns: Arc<Cooldowns>,
    me: Option<User>,
}

impl fmt::Debug for BotBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BotBuilder")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("api_url", &self.api_url)
            .field("file_url", &self.file_url)
            .field("client", &self.client.as_ref().map(|_| "reqwest::Client"))
            .field("timeout", &self.timeout)
            .field("defaults", &self.defaults)
            .field("retry", &self.retry)
            .field("rate_limiter", &self.limiter.is_some())
            .field("observer", &self.observer.is_some())
            .field("layers", &self.layers.is_some())
            .finish()
    }
}

/// Why an API server root cannot be used, if it cannot: it must be an `http://` or `https://`
/// URL with a host (`https://api.telegram.org`, `http://127.0.0.1:8081`).
fn check_api_url(url: &str) -> Result<(), &'static str> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|_| "is not a URL (expected like https://api.telegram.org)")?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("must start with http:// or https://");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("has no host");
    }
    Ok(())
}

impl BotBuilder {
    /// The bot token from @BotFather.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The server root, such as `https://api.telegram.org` or a local Bot API server; method URLs
    /// are `{root}/bot{token}/{method}`.
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = Some(url.into());
        self
    }

    /// The root of file downloads (`{root}/file/bot{token}/{path}`); defaults to the API root.
    pub fn file_url(mut self, url: impl Into<String>) -> Self {
        self.file_url = Some(url.into());
        self
    }

    /// A reqwest client of your own (proxies, custom TLS). Its own timeouts apply too.
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// The time limit of one request (long polls get their `timeout` on top). Default 30 s.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Defaults for unset parameters of every request (PTB's `Defaults`): parse mode, link
    /// previews, silent sending, protected content, the time zone of dates.
    pub fn defaults(mut self, defaults: Defaults) -> Self {
        self.defaults = Some(Arc::new(defaults));
        self
    }

    /// Repeats failed requests as `policy` says (see [`RetryPolicy`]). Without one a bot
    /// sends each request once; an `Application` gives its bot [`RetryPolicy::default`] when
    /// none was set.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(Arc::new(policy));
        self
    }

    /// Paces the message-posting calls with `limiter`, or a limiter of these
    /// [`Limits`](crate::ratelimit::Limits) (see [`ratelimit`](crate::ratelimit)); copies of the
    /// bot share the limiter's windows.
    pub fn rate_limiter(mut self, limiter: impl Into<crate::ratelimit::RateLimiter>) -> Self {
        self.limiter = Some(limiter.into());
        self
    }

    /// Tells `observer` of every request's outcome and of every flood-control wait (see
    /// [`CallObserver`]).
    pub fn observer(mut self, observer: Arc<dyn CallObserver>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Sends every call through `layer` (tower middleware: timeouts, tracing, metrics, layers of
    /// your own; see [`layer`](crate::layer)), around the layers added before it. A call reaches
    /// the layers with its parameters encoded and the defaults applied; inside them are flood
    /// control, retries and HTTP. The long polls of an application's intake (`getUpdates`) do
    /// not go through them.
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: tower::Layer<crate::layer::CallService>,
        L::Service: tower::Service<crate::layer::ApiCall, Response = crate::layer::ApiResponse>
            + Clone
            + Send
            + Sync
            + 'static,
        <L::Service as tower::Service<crate::layer::ApiCall>>::Error: Into<crate::layer::BoxError>,
        <L::Service as tower::Service<crate::layer::ApiCall>>::Future: Send + 'static,
    {
        let stack = self.layers.take().unwrap_or_else(crate::layer::base);
        self.layers = Some(crate::layer::wrap(stack, layer));
        self
    }

    /// Whether a retry policy was set (an application adds its default only when not).
    pub fn has_retry_policy(&self) -> bool {
        self.retry.is_some()
    }

    /// The bot, or [`Error::MissingToken`] when no token was given nor found in the environment.
    pub fn build(mut self) -> Result<Bot, Error> {
        let token = match self.token.take() {
            Some(t) => t,
            None => std::env::var("TELEGRAM_BOT_TOKEN")
                .ok()
                .filter(|t| !t.trim().is_empty())
                .ok_or(Error::MissingToken)?,
        };
        let api_url = match self.api_url.take() {
            Some(url) => url,
            None => match std::env::var("TELEGRAM_API_URL")
                .ok()
                .filter(|u| !u.is_empty())
            {
                Some(url) => {
                    check_api_url(&url)
                        .map_err(|why| Error::Setup(format!("TELEGRAM_API_URL={url:?} {why}")))?;
                    url
                }
                None => DEFAULT_API_URL.to_string(),
            },
        };
        Ok(self.assemble(token, api_url))
    }

    /// Builds a copy from [`Bot::to_builder`], whose token and server are set.
    pub(crate) fn build_copy(mut self) -> Bot {
        let token = self.token.take().unwrap_or_default();
        let api_url = self.api_url.take().unwrap_or_default();
        self.assemble(token, api_url)
    }

    fn assemble(self, token: String, api_url: String) -> Bot {
        let api_url = api_url.trim_end_matches('/').to_string();
        let file_url = self
            .file_url
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| api_url.clone());
        let client = self.client.unwrap_or_else(default_client);
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let mut inner = Inner::new(token.trim().to_string(), api_url, file_url, client, timeout);
        inner.defaults = self.defaults;
        inner.retry = self.retry;
        inner.limiter = self.limiter;
        inner.observer = self.observer;
        inner.layers = self.layers;
        if let Some(kept) = self.kept {
            inner.cooldowns = kept.cooldowns;
            if let Some(me) = kept.me {
                inner.me = OnceCell::new_with(Some(me));
            }
        }
        Bot {
            inner: Arc::new(inner),
        }
    }
}

impl Inner {
    fn new(
        token: String,
        api_url: String,
        file_url: String,
        client: reqwest::Client,
        timeout: Duration,
    ) -> Inner {
        Inner {
            token,
            api_url,
            file_url,
            client,
            timeout,
            me: OnceCell::new(),
            defaults: None,
            retry: None,
            cooldowns: Arc::default(),
            limiter: None,
            observer: None,
            layers: None,
            method_urls: Default::default(),
        }
    }

    /// The URL of `method`, parsed once per bot; `None` when it does not parse (the request
    /// then reports that, as reqwest words it).
    fn method_url(&self, method: &str) -> Option<reqwest::Url> {
        let urls = self.method_urls.read_unpoisoned();
        if let Some(url) = urls.get(method) {
            return Some(url.clone());
        }
        drop(urls);
        let url =
            reqwest::Url::parse(&format!("{}/bot{}/{}", self.api_url, self.token, method)).ok()?;
        let mut urls = self.method_urls.write_unpoisoned();
        if urls.len() < METHOD_URLS {
            urls.insert(method.to_string(), url.clone());
        }
        Some(url)
    }
}

fn default_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .pool_idle_timeout(Duration::from_secs(90))
        .tcp_nodelay(true)
        .build()
        .unwrap_or_default()
}

/// Reads the files of a body once, so that every attempt sends the same bytes.
async fn prepare(method: &str, body: Body) -> Result<Prepared, Error> {
    match body {
        Body::Json(json) => Ok(Prepared::Json(Bytes::from(json))),
        Body::Multipart { fields, files } => {
            let mut read = Vec::with_capacity(files.len());
            for (name, file) in files {
                let data = file.read_contents().await.map_err(|source| Error::Upload {
                    method: method.to_string(),
                    source,
                })?;
                let file_name = file.file_name().unwrap_or_else(|| name.clone());
                read.push((name, file_name, data));
            }
            Ok(Prepared::Multipart {
                fields,
                files: read,
            })
        }
    }
}

impl Bot {
    /// A bot with this token, talking to [`DEFAULT_API_URL`].
    pub fn new(token: impl Into<String>) -> Bot {
        let url = DEFAULT_API_URL.to_string();
        Bot {
            inner: Arc::new(Inner::new(
                token.into(),
                url.clone(),
                url,
                default_client(),
                DEFAULT_TIMEOUT,
            )),
        }
    }

    /// A builder; unset values come from the environment.
    pub fn builder() -> BotBuilder {
        BotBuilder::default()
    }

    /// A bot from `TELEGRAM_BOT_TOKEN` and, when set, `TELEGRAM_API_URL`.
    pub fn from_env() -> Result<Bot, Error> {
        BotBuilder::default().build()
    }

    /// A builder holding this bot's settings (token, servers, client, defaults, retries, rate
    /// limiter, observer, layers), for a copy that differs in some. The copy shares the
    /// connection pool, the flood-control pauses, the rate limiter's windows and the cached
    /// `getMe` answer.
    pub fn to_builder(&self) -> BotBuilder {
        let inner = &self.inner;
        BotBuilder {
            token: Some(inner.token.clone()),
            api_url: Some(inner.api_url.clone()),
            file_url: Some(inner.file_url.clone()),
            client: Some(inner.client.clone()),
            timeout: Some(inner.timeout),
            defaults: inner.defaults.clone(),
            retry: inner.retry.clone(),
            limiter: inner.limiter.clone(),
            observer: inner.observer.clone(),
            layers: inner.layers.clone(),
            kept: Some(Kept {
                cooldowns: Arc::clone(&inner.cooldowns),
                me: inner.me.get().cloned(),
            }),
        }
    }

    /// The rate limiter, when one was set with [`BotBuilder::rate_limiter`].
    pub fn rate_limiter(&self) -> Option<&crate::ratelimit::RateLimiter> {
        self.inner.limiter.as_ref()
    }

    /// The retry policy, when one was set with [`BotBuilder::retry_policy`].
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.inner.retry.as_deref()
    }

    /// How long requests in `scope` are still held back by a 429's `retry_after`, if at all.
    pub fn flood_wait(&self, scope: &FloodScope) -> Option<Duration> {
        self.inner.cooldowns.remaining(scope)
    }

    /// The defaults this bot applies, if any.
    pub fn defaults(&self) -> Option<&Defaults> {
        self.inner.defaults.as_deref()
    }

    /// The bot's user id, read from the token (no request).
    pub fn id(&self) -> Option<i64> {
        self.inner.token.split(':').next()?.parse().ok()
    }

    /// The API server root this bot talks to.
    pub fn api_url(&self) -> &str {
        &self.inner.api_url
    }

    /// The URL a file is downloaded from. It contains the token: never log it or show it.
    pub fn file_download_url(&self, file_path: &str) -> String {
        format!(
            "{}/file/bot{}/{}",
            self.inner.file_url,
            self.inner.token,
            file_path.trim_start_matches('/')
        )
    }

    /// The bot's own user, fetched with `getMe` once and then cached.
    pub async fn me(&self) -> Result<User, Error> {
        self.inner
            .me
            .get_or_try_init(|| async { self.get_me().await })
            .await
            .cloned()
    }

    /// Sends a method's parameters and decodes its result, repeating the request as the
    /// bot's [`RetryPolicy`] says.
    ///
    /// The parameters are encoded when this is called; the future holds the encoded body, not
    /// the parameters.
    pub fn execute<M: Method>(
        &self,
        params: M,
    ) -> impl Future<Output = Result<M::Response, Error>> + Send + 'static {
        self.clone().execute_owned(params)
    }

    /// [`execute`](Self::execute) owning its bot: the future of every [`Request`](crate::Request).
    pub(crate) fn execute_owned<M: Method>(
        self,
        params: M,
    ) -> impl Future<Output = Result<M::Response, Error>> + Send + 'static {
        let timeout = self.timeout_of(&params);
        let body = self.encode(&params);
        async move {
            let answer = self.send(M::NAME, M::IDEMPOTENT, body?, timeout).await?;
            answer.decode(M::NAME, &self.inner.token, M::decode_result)
        }
    }

    /// Sends a method once, without retries, and returns the raw answer (status and body):
    /// for the long-polling loop, which decodes each update on its own.
    pub async fn execute_raw<M: Method>(&self, params: M) -> Result<(u16, Bytes), Error> {
        let timeout = self.timeout_of(&params);
        let body = prepare(M::NAME, self.encode(&params)?).await?;
        let started = std::time::Instant::now();
        let answer = self.post(M::NAME, &body, timeout).await;
        if let Some(observer) = &self.inner.observer {
            let outcome = match &answer {
                Ok((status, _)) => Some(CallOutcome::of_status(*status)),
                Err(error) => CallOutcome::of_error(error),
            };
            if let Some(outcome) = outcome {
                observer.answered(M::NAME, outcome, started.elapsed());
            }
        }
        answer
    }

    /// Turns a raw answer of `method` into its result or the typed error.
    pub fn parse_answer<'de, R: serde::Deserialize<'de>>(
        &self,
        method: &str,
        status: u16,
        body: &'de [u8],
    ) -> Result<R, Error> {
        parse(method, status, body, &self.inner.token)
    }

    fn timeout_of<M: Method>(&self, params: &M) -> Duration {
        self.inner.timeout + Duration::from_secs(params.long_poll_seconds().unwrap_or(0))
    }

    fn encode<M: Method>(&self, params: &M) -> Result<Body, Error> {
        encode(params, self.inner.defaults.as_deref()).map_err(|message| Error::Encode {
            method: M::NAME.to_string(),
            message,
        })
    }

    /// Calls any method by name with JSON parameters: the way to reach a method a newer Bot API
    /// added before telebot is regenerated. For retries after an ambiguous failure, a method of
    /// the generated API counts as it does there (`telebot_api::api::is_idempotent`), any
    /// other name as not idempotent.
    pub async fn call(
        &self,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        let body = serde_json::to_vec(&params).map_err(|e| Error::Encode {
            method: method.to_string(),
            message: e.to_string(),
        })?;
        let idempotent = crate::api::is_idempotent(method);
        let answer = self
            .send(method, idempotent, Body::Json(body), self.inner.timeout)
            .await?;
        answer.decode(method, &self.inner.token, |text| serde_json::from_str(text))
    }

    /// The answer with its envelope read in full, for the call layers, which see its text.
    pub(crate) fn read_in_full(&self, method: &str, answer: Answer) -> Result<Answer, Error> {
        answer.checked(method, &self.inner.token)
    }

    /// Sends a body and reads the answer, with the retry policy's repetitions: each attempt
    /// first waits out the flood-control pauses of the request's scope.
    ///
    /// One function for every method, boxed: the callers (one per method, generic) only encode
    /// the parameters and decode the result, and this body is compiled once.
    fn send<'a>(
        &'a self,
        method: &'a str,
        idempotent: bool,
        body: Body,
        timeout: Duration,
    ) -> Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'a>> {
        match &self.inner.layers {
            None => Box::pin(self.send_with_retries(method, idempotent, body, timeout)),
            Some(stack) => Box::pin(crate::layer::call(
                stack.clone(),
                crate::layer::ApiCall::new(self.clone(), method, idempotent, body, timeout),
            )),
        }
    }

    /// Flood control, retries and HTTP: what a call goes through inside the layers.
    pub(crate) async fn send_with_retries(
        &self,
        method: &str,
        idempotent: bool,
        body: Body,
        timeout: Duration,
    ) -> Result<Answer, Error> {
        let policy = self.inner.retry.as_deref().filter(|p| p.retries());
        let limiter = self
            .inner
            .limiter
            .as_ref()
            .filter(|_| crate::ratelimit::is_paced(method));
        let mut scope = (policy.is_some() || limiter.is_some()).then(|| FloodScope::of(&body));
        let messages = limiter.map_or(1, |_| crate::ratelimit::messages_in(method, &body));
        if let (Some(limiter), Some(FloodScope::Chat(ChatId::Username(name)))) = (limiter, &scope)
            && let Some(id) = self.resolve_username(limiter, name).await
        {
            // `@channel` and its id share their windows and their 429 pauses.
            scope = Some(FloodScope::Chat(ChatId::Id(id)));
        }
        let body = prepare(method, body).await?;
        let mut backoff = None;
        let mut attempt = 0;
        loop {
            attempt += 1;
            if let Some(scope) = &scope {
                let started = std::time::Instant::now();
                self.inner.cooldowns.wait(scope).await;
                self.waited(WaitCause::RetryAfter, started);
            }
            if let Some(limiter) = limiter {
                let chat = match &scope {
                    Some(FloodScope::Chat(chat)) => Some(chat),
                    _ => None,
                };
                let started = std::time::Instant::now();
                let acquired = limiter.acquire(chat, messages).await;
                self.waited(WaitCause::RateLimiter, started);
                acquired.map_err(|waited| Error::RateLimited {
                    method: method.to_string(),
                    waited,
                })?;
            }
            let started = std::time::Instant::now();
            let answer = match self.post(method, &body, timeout).await {
                Ok((status, bytes)) => Answer::read(method, status, bytes, &self.inner.token),
                Err(error) => Err(error),
            };
            if let Some(observer) = &self.inner.observer {
                let outcome = match &answer {
                    Ok(_) => Some(CallOutcome::Ok),
                    Err(error) => CallOutcome::of_error(error),
                };
                if let Some(outcome) = outcome {
                    observer.answered(method, outcome, started.elapsed());
                }
            }
            let error = match answer {
                Ok(result) => return Ok(result),
                Err(error) => error,
            };
            let (Some(policy), Some(scope)) = (policy, &scope) else {
                return Err(error);
            };
            match policy.decide(&error, idempotent, attempt) {
                Decision::GiveUp => {
                    if error.is_ambiguous() && !idempotent {
                        tracing::warn!(
                            method,
                            %error,
                            "not repeated: Telegram may already have acted on it"
                        );
                    }
                    return Err(error);
                }
                Decision::WaitOut(wait) => {
                    tracing::warn!(
                        method,
                        ?scope,
                        ?wait,
                        attempt,
                        "flood control: waiting, then repeating"
                    );
                    self.inner.cooldowns.pause(scope.clone(), wait);
                    // Other instances sharing the windows hold the scope back too (a chat
                    // still known only by its username is this instance's own business).
                    let shared_scope = match scope {
                        FloodScope::Chat(ChatId::Id(id)) => Some(Some(*id)),
                        FloodScope::Chat(ChatId::Username(_)) => None,
                        FloodScope::Global => Some(None),
                    };
                    if let (Some(limiter), Some(chat)) = (&self.inner.limiter, shared_scope) {
                        limiter.paused(chat, wait).await;
                    }
                }
                Decision::Backoff => {
                    let wait = backoff
                        .get_or_insert_with(|| policy.backoff_state())
                        .next_wait();
                    tracing::warn!(method, %error, ?wait, attempt, "repeating after a failure");
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// Tells the observer of a flood-control wait that began at `started`, when it lasted.
    fn waited(&self, cause: WaitCause, started: std::time::Instant) {
        if let Some(observer) = &self.inner.observer {
            let waited = started.elapsed();
            // Not waiting costs a few microseconds of bookkeeping: not a wait.
            if waited >= Duration::from_micros(100) {
                observer.waited(cause, waited);
            }
        }
    }

    /// The id of `@username`, asked of Telegram once and remembered by the limiter.
    async fn resolve_username(
        &self,
        limiter: &crate::ratelimit::RateLimiter,
        name: &str,
    ) -> Option<i64> {
        if let Some(id) = limiter.known_username(name) {
            return Some(id);
        }
        match self.get_chat(ChatId::Username(name.to_string())).await {
            Ok(chat) => {
                limiter.learn_username(name, chat.id);
                Some(chat.id)
            }
            Err(error) => {
                tracing::debug!(%error, "cannot resolve a chat username for rate limiting");
                None
            }
        }
    }

    async fn post(
        &self,
        method: &str,
        body: &Prepared,
        timeout: Duration,
    ) -> Result<(u16, Bytes), Error> {
        let request = match self.inner.method_url(method) {
            Some(url) => self.inner.client.post(url),
            None => self.inner.client.post(format!(
                "{}/bot{}/{}",
                self.inner.api_url, self.inner.token, method
            )),
        }
        .timeout(timeout);
        let request = match body {
            Prepared::Json(json) => request
                .header(
                    reqwest::header::CONTENT_TYPE,
                    reqwest::header::HeaderValue::from_static("application/json"),
                )
                .body(json.clone()),
            Prepared::Multipart { fields, files } => {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in fields {
                    form = form.text(name.clone(), value.clone());
                }
                for (name, file_name, data) in files {
                    let part = reqwest::multipart::Part::stream(reqwest::Body::from(data.clone()))
                        .file_name(file_name.clone());
                    form = form.part(name.clone(), part);
                }
                request.multipart(form)
            }
        };
        tracing::debug!(method, "calling the Bot API");
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_error(method, e, timeout))?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(method, e, timeout))?;
        tracing::trace!(method, status, len = bytes.len(), "Bot API answered");
        Ok((status, bytes))
    }

    /// The API server's host and port, for messages (the URL's path holds the token).
    fn host(&self) -> String {
        let url = &self.inner.api_url;
        let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        // A user:password@ part is never shown.
        authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host)
            .to_string()
    }

    fn transport_error(&self, method: &str, err: reqwest::Error, after: Duration) -> Error {
        if err.is_timeout() {
            return Error::Timeout {
                method: method.to_string(),
                after,
                ambiguous: !err.is_connect(),
            };
        }
        Error::Network {
            method: method.to_string(),
            host: self.host(),
            source: err.without_url(),
        }
    }

    /// Downloads a file by the `file_path` that `getFile` returned.
    pub async fn download_file(&self, file_path: &str) -> Result<Bytes, Error> {
        let response = self.download_response(file_path).await?;
        response
            .bytes()
            .await
            .map_err(|e| self.transport_error("downloadFile", e, self.inner.timeout))
    }

    /// Downloads a file into a writer, chunk by chunk; returns the number of bytes written.
    pub async fn download_file_to<W: AsyncWrite + Unpin>(
        &self,
        file_path: &str,
        dest: &mut W,
    ) -> Result<u64, Error> {
        let mut response = self.download_response(file_path).await?;
        let mut written = 0u64;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error("downloadFile", e, self.inner.timeout))?
        {
            dest.write_all(&chunk)
                .await
                .map_err(|source| Error::Upload {
                    method: "downloadFile".into(),
                    source,
                })?;
            written += chunk.len() as u64;
        }
        dest.flush().await.map_err(|source| Error::Upload {
            method: "downloadFile".into(),
            source,
        })?;
        Ok(written)
    }

    async fn download_response(&self, file_path: &str) -> Result<reqwest::Response, Error> {
        let response = self
            .inner
            .client
            .get(self.file_download_url(file_path))
            .timeout(self.inner.timeout)
            .send()
            .await
            .map_err(|e| self.transport_error("downloadFile", e, self.inner.timeout))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.bytes().await.unwrap_or_default();
        let code = i64::from(status.as_u16());
        if code == 401 {
            return Err(Error::InvalidToken {
                method: "downloadFile".into(),
            });
        }
        Err(Error::Api {
            method: "downloadFile".into(),
            error_code: code,
            description: excerpt(&body, &self.inner.token),
            parameters: None,
        })
    }
}

impl From<Bot> for BotBuilder {
    /// [`Bot::to_builder`].
    fn from(bot: Bot) -> BotBuilder {
        bot.to_builder()
    }
}

impl From<&Bot> for BotBuilder {
    /// [`Bot::to_builder`].
    fn from(bot: &Bot) -> BotBuilder {
        bot.to_builder()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratelimit::Limits;

    fn configured() -> Bot {
        Bot::builder()
            .token("42:secret")
            .api_url("http://127.0.0.1:9/")
            .request_timeout(Duration::from_secs(7))
            .defaults(Defaults {
                disable_notification: Some(true),
                ..Defaults::default()
            })
            .retry_policy(RetryPolicy::none())
            .rate_limiter(Limits::telegram())
            .build()
            .expect("a token and a server are given")
    }

    #[tokio::test]
    async fn a_copy_from_to_builder_keeps_every_setting_and_shares_the_flood_pauses() {
        let bot = configured();
        let chat = FloodScope::Chat(ChatId::Id(5));
        bot.inner
            .cooldowns
            .pause(chat.clone(), Duration::from_secs(30));

        let copy = bot
            .to_builder()
            .defaults(Defaults {
                protect_content: Some(true),
                ..Defaults::default()
            })
            .build()
            .expect("the copy has the original's token");

        assert_eq!(copy.id(), Some(42));
        assert_eq!(copy.api_url(), "http://127.0.0.1:9");
        assert_eq!(copy.inner.timeout, Duration::from_secs(7));
        assert_eq!(copy.retry_policy(), Some(&RetryPolicy::none()));
        assert!(copy.rate_limiter().is_some());
        let defaults = copy.defaults().expect("the copy's own defaults");
        assert_eq!(defaults.protect_content, Some(true));
        assert_eq!(
            defaults.disable_notification, None,
            "defaults are replaced, not merged"
        );
        assert!(
            copy.flood_wait(&chat).is_some(),
            "a 429's pause belongs to the token"
        );
        assert!(copy.flood_wait(&FloodScope::Chat(ChatId::Id(6))).is_none());
        // The original is untouched.
        assert_eq!(
            bot.defaults().and_then(|d| d.disable_notification),
            Some(true)
        );
    }

    #[test]
    fn a_builder_s_debug_shows_its_settings_but_never_the_token() {
        let shown = format!("{:?}", configured().to_builder());
        assert!(!shown.contains("secret"), "{shown}");
        assert!(
            shown.contains("[redacted]") && shown.contains("rate_limiter: true"),
            "{shown}"
        );
    }
}
