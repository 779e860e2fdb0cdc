//! The builder a method call returns, and the sender it is awaited through.

use crate::Method;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// The future a call returns: its result, or the executor's error.
pub type Response<M, E> = Pin<Box<dyn Future<Output = Result<<M as Method>::Response, E>> + Send>>;

/// What sends a method's parameters to Telegram: the `Bot` of `telebot-client` (re-exported
/// as `telebot::Bot`). Shortcuts such as `message.reply_text(&bot, …)` and every
/// [`Request`] are generic over it, so that the Bot API's types need no HTTP client.
pub trait Executor: Clone + Send + Sync + 'static {
    /// What a failed call returns (`telebot::Error` for a `Bot`).
    type Error: std::error::Error + Send + Sync + 'static;

    /// Sends `params` and decodes the result.
    fn execute_method<M: Method>(&self, params: M) -> Response<M, Self::Error>;

    /// Whether the reply shortcuts (`message.reply_text(…)`, …) send a reply to the message
    /// they start from (PTB's `Defaults.do_quote`). Default: yes.
    fn quotes_replies(&self) -> bool {
        true
    }
}

/// A method call being built: required parameters were given to the `Bot` function, optional
/// ones are chained setters, and `.await` sends it through the executor `E` (a `Bot`).
/// `telebot::Request<M>` names it with `E = Bot`.
#[must_use = "a request does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct Request<M, E> {
    executor: E,
    params: M,
}

impl<M, E> Request<M, E> {
    /// A request of `params` through `executor`.
    pub fn new(executor: E, params: M) -> Self {
        Self { executor, params }
    }

    /// The parameters as they stand.
    pub fn params(&self) -> &M {
        &self.params
    }

    /// The parameters, to change in place.
    pub fn params_mut(&mut self) -> &mut M {
        &mut self.params
    }

    /// The parameters, without sending.
    pub fn into_params(self) -> M {
        self.params
    }

    /// What the request is sent through.
    pub fn executor(&self) -> &E {
        &self.executor
    }
}

impl<M: Method, E: Executor> Request<M, E> {
    /// Sends the request (the same as `.await`).
    pub async fn send(self) -> Result<M::Response, E::Error> {
        self.executor.execute_method(self.params).await
    }
}

impl<M: Method, E: Executor> IntoFuture for Request<M, E> {
    type Output = Result<M::Response, E::Error>;
    type IntoFuture = Response<M, E::Error>;

    fn into_future(self) -> Self::IntoFuture {
        self.executor.execute_method(self.params)
    }
}
