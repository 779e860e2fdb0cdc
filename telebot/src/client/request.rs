use super::{Bot, Error, Method};
use std::future::{Future, IntoFuture};
use std::pin::Pin;

/// A method call being built: required parameters were given to the `Bot` function, optional
/// ones are chained setters, and `.await` sends it.
///
/// ```no_run
/// # async fn demo(bot: telebot::Bot) -> Result<(), telebot::Error> {
/// use telebot::ParseMode;
/// let sent = bot.send_message(42, "<b>hi</b>").parse_mode(ParseMode::Html).await?;
/// println!("sent message {}", sent.message_id);
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct Request<M> {
    bot: Bot,
    params: M,
}

impl<M> Request<M> {
    /// A request of `params` through `bot`.
    pub fn new(bot: Bot, params: M) -> Self {
        Self { bot, params }
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
}

impl<M: Method> Request<M> {
    /// Sends the request (the same as `.await`).
    pub async fn send(self) -> Result<M::Response, Error> {
        self.bot.execute(self.params).await
    }
}

impl<M: Method> IntoFuture for Request<M> {
    type Output = Result<M::Response, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
