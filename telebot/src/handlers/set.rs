//! [`HandlerSet`]: handlers declared together, with their commands, ready for
//! [`Application::add_handlers`](crate::Application::add_handlers).

use super::{CommandHandler, Handler, HandlerFn, SharedHandlerFn};
use crate::commands::{CommandSet, SetupError};
use crate::extract::kind;
use std::fmt;
use std::sync::Arc;

/// Handlers with their groups, the commands they declare, and error handlers: what a
/// `#[telebot::bot]` module's `handlers()` and `handlers![…]` return, and what you can build
/// by hand.
///
/// ```
/// use telebot::handlers::{CommandHandler, HandlerSet, MessageHandler};
/// use telebot::{Bot, HandlerResult, api::Message, filters};
///
/// async fn start(bot: Bot, msg: Message) -> HandlerResult {
///     msg.reply_text(&bot, "Hi!").await?;
///     Ok(())
/// }
/// async fn echo(bot: Bot, msg: Message) -> HandlerResult {
///     msg.reply_text(&bot, msg.text.clone().unwrap_or_default()).await?;
///     Ok(())
/// }
///
/// let set = HandlerSet::new()
///     .command(CommandHandler::new("start", start).description("Say hello"), 0)
///     .handler(MessageHandler::new(filters::text(), echo), 0);
/// assert_eq!(set.commands().help_text(None, None), "/start - Say hello");
/// assert!(set.check().is_ok());
/// ```
#[derive(Default)]
pub struct HandlerSet {
    pub(crate) handlers: Vec<(i32, Arc<dyn Handler>)>,
    pub(crate) commands: CommandSet,
    pub(crate) error_handlers: Vec<SharedHandlerFn>,
    pub(crate) jobs: Vec<crate::jobs::declaration::DeclaredJob>,
}

impl fmt::Debug for HandlerSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let handlers: Vec<String> = self
            .handlers
            .iter()
            .map(|(group, h)| format!("{group}: {}", h.describe()))
            .collect();
        f.debug_struct("HandlerSet")
            .field("handlers", &handlers)
            .field("commands", &self.commands)
            .field("error_handlers", &self.error_handlers.len())
            .field("jobs", &self.jobs)
            .finish()
    }
}

impl HandlerSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a handler to a group.
    pub fn handler(mut self, handler: impl Handler, group: i32) -> Self {
        self.handlers.push((group, Arc::new(handler)));
        self
    }

    /// Adds a command handler to a group, and its commands to the set's menus and `/help`.
    pub fn command(mut self, handler: CommandHandler, group: i32) -> Self {
        self.commands.push(handler.info().clone());
        self.handlers.push((group, Arc::new(handler)));
        self
    }

    /// Adds an error handler (see
    /// [`Application::add_error_handler`](crate::Application::add_error_handler)).
    pub fn error_handler<H, A>(mut self, handler: H) -> Self
    where
        H: HandlerFn<kind::Error, A>,
    {
        self.error_handlers.push(handler.into_callback());
        self
    }

    /// Adds a job declared with `#[job]` (the application keeps it for its job queue).
    #[doc(hidden)]
    pub fn job(mut self, job: crate::jobs::declaration::DeclaredJob) -> Self {
        self.jobs.push(job);
        self
    }

    /// The jobs declared with `#[job]`.
    #[doc(hidden)]
    pub fn jobs(&self) -> &[crate::jobs::declaration::DeclaredJob] {
        &self.jobs
    }

    /// Adds everything of `other` after this set's own.
    pub fn merge(mut self, other: HandlerSet) -> Self {
        self.jobs.extend(other.jobs);
        self.handlers.extend(other.handlers);
        self.commands.extend(other.commands);
        self.error_handlers.extend(other.error_handlers);
        self
    }

    /// The declared commands.
    pub fn commands(&self) -> &CommandSet {
        &self.commands
    }

    /// How many handlers the set holds (error handlers not counted).
    pub fn len(&self) -> usize {
        self.handlers.len()
    }

    /// Whether the set holds no handler.
    pub fn is_empty(&self) -> bool {
        self.handlers.is_empty() && self.error_handlers.is_empty() && self.jobs.is_empty()
    }

    /// Checks the commands as a whole (see [`CommandSet::check`]).
    pub fn check(&self) -> Result<(), SetupError> {
        self.commands.check()
    }
}
