//! Middleware around a bot's outgoing calls, as [tower] layers: each call of the Bot API (after
//! its parameters are encoded, before flood control, retries and HTTP) goes through the layers
//! added with [`BotBuilder::layer`](crate::BotBuilder::layer), so that timeouts, tracing, metrics and layers of your own compose.
//!
//! ```
//! use std::time::Duration;
//! use telebot_client::Bot;
//! use telebot_client::layer::{ApiCall, ApiResponse};
//! use tower::ServiceExt;
//!
//! let bot = Bot::builder().token("1:x").layer(tower::layer::layer_fn(|inner: telebot_client::layer::CallService| {
//!     tower::service_fn(move |call: ApiCall| {
//!         let inner = inner.clone();
//!         async move {
//!             let method = call.method().to_string();
//!             let answer = inner.oneshot(call).await;
//!             println!("{method}: {}", if answer.is_ok() { "ok" } else { "failed" });
//!             answer
//!         }
//!     })
//! })).build();
//! # let _ = bot;
//! ```
//!
//! Each layer wraps the ones added before it: the last one added sees a call first. A layer may
//! answer a call itself or refuse it without sending it; an error of its own (one that is not a
//! [`Error`]) reaches the caller as [`Error::Layer`], and tower's `Elapsed` as
//! [`Error::Timeout`].

use crate::response::Answer;
use crate::{Bot, Error, encode::Body};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceExt};

/// An error of a layer's own, boxed (tower's convention).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The service the layers wrap: what a call goes through once the layers are done with it
/// (flood control, retries, HTTP), boxed so that layers of any type stack on it.
pub type CallService = BoxCloneSyncService<ApiCall, ApiResponse, BoxError>;

/// One call of the Bot API as the layers see it.
pub struct ApiCall {
    bot: Bot,
    method: String,
    idempotent: bool,
    body: Body,
    timeout: Duration,
}

impl ApiCall {
    pub(crate) fn new(
        bot: Bot,
        method: &str,
        idempotent: bool,
        body: Body,
        timeout: Duration,
    ) -> Self {
        ApiCall {
            bot,
            method: method.to_string(),
            idempotent,
            body,
            timeout,
        }
    }

    /// The method's name as Telegram spells it (`sendMessage`).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The parameters as the JSON text that will be sent; `None` for a call that uploads files
    /// (sent as `multipart/form-data`).
    pub fn json(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Json(json) => Some(json),
            Body::Multipart { .. } => None,
        }
    }

    /// Whether sending the call twice is harmless (the method's `IDEMPOTENT`).
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// How long each HTTP attempt may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Changes how long each HTTP attempt may take.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }
}

impl fmt::Debug for ApiCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The bot is left out: its token must never be formatted.
        f.debug_struct("ApiCall")
            .field("method", &self.method)
            .field("idempotent", &self.idempotent)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Telegram's answer to a call that succeeded: the `result`'s JSON text, decoded by the caller
/// into the method's result type.
pub struct ApiResponse(pub(crate) Answer);

impl ApiResponse {
    /// The `result` as JSON text.
    pub fn result_json(&self) -> &str {
        self.0
            .result()
            .expect("the answers that call layers see were read in full (`Transport`)")
    }
}

impl fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ApiResponse")
            .field(&self.result_json())
            .finish()
    }
}

/// The innermost service: flood control, retries and HTTP for the call's bot.
#[derive(Clone, Copy)]
pub(crate) struct Transport;

impl Service<ApiCall> for Transport {
    type Response = ApiResponse;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<ApiResponse, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, call: ApiCall) -> Self::Future {
        Box::pin(async move {
            let ApiCall {
                bot,
                method,
                idempotent,
                body,
                timeout,
            } = call;
            // Layers see the result's text, so the envelope around it is read in full.
            bot.send_with_retries(&method, idempotent, body, timeout)
                .await
                .and_then(|answer| bot.read_in_full(&method, answer))
                .map(ApiResponse)
                .map_err(BoxError::from)
        })
    }
}

/// `stack` wrapped in `layer`.
pub(crate) fn wrap<L>(stack: CallService, layer: L) -> CallService
where
    L: Layer<CallService>,
    L::Service: Service<ApiCall, Response = ApiResponse> + Clone + Send + Sync + 'static,
    <L::Service as Service<ApiCall>>::Error: Into<BoxError>,
    <L::Service as Service<ApiCall>>::Future: Send + 'static,
{
    BoxCloneSyncService::new(layer.layer(stack).map_err(Into::into))
}

/// The base of every stack.
pub(crate) fn base() -> CallService {
    BoxCloneSyncService::new(Transport)
}

/// Sends `call` through `stack`, with the error as the client's.
pub(crate) async fn call(stack: CallService, call: ApiCall) -> Result<Answer, Error> {
    let method = call.method.clone();
    let started = std::time::Instant::now();
    match stack.oneshot(call).await {
        Ok(ApiResponse(answer)) => Ok(answer),
        Err(error) => Err(match error.downcast::<Error>() {
            Ok(error) => *error,
            Err(error) if error.is::<tower::timeout::error::Elapsed>() => Error::Timeout {
                method,
                after: started.elapsed(),
                ambiguous: true,
            },
            Err(source) => Error::Layer { method, source },
        }),
    }
}
