use super::{Bot, Error, Method};

/// A method call being built: required parameters were given to the `Bot` function, optional
/// ones are chained setters, and `.await` sends it.
///
/// ```no_run
/// # async fn demo(bot: telebot_client::Bot) -> Result<(), telebot_client::Error> {
/// use telebot_api::ParseMode;
/// let sent = bot.send_message(42, "<b>hi</b>").parse_mode(ParseMode::Html).await?;
/// println!("sent message {}", sent.message_id);
/// # Ok(()) }
/// ```
pub type Request<M> = telebot_api::Request<M, Bot>;

impl telebot_api::Executor for Bot {
    type Error = Error;

    fn execute_method<M: Method>(&self, params: M) -> telebot_api::Response<M, Error> {
        Box::pin(self.clone().execute_owned(params))
    }

    fn quotes_replies(&self) -> bool {
        self.defaults()
            .and_then(|defaults| defaults.do_quote)
            .unwrap_or(true)
    }
}
