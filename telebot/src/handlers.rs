//! Handlers: what runs for an update. Each kind checks an update (a command, a filter, a
//! callback-data pattern, an update kind…) and, when it matches, calls a plain async function
//! whose parameters are extracted from the context (see [`crate::extract`]).
//!
//! | handler | runs for |
//! |---|---|
//! | [`CommandHandler`] | `/command args` (also `/command@this_bot`; edited messages with `allow_edited`) |
//! | [`PrefixHandler`] | `!command`-style words with your own prefixes |
//! | [`MessageHandler`] | messages passing a [filter](crate::filters) |
//! | [`RegexHandler`] | messages whose text (or caption) matches a regex |
//! | [`CallbackQueryHandler`] | button presses, optionally matching the callback data |
//! | [`InlineQueryHandler`] | inline queries, optionally matching the query |
//! | [`UpdateKindHandler`] | one update kind: chat members, join requests, reactions, polls, payments, boosts, business updates, … |
//! | [`MediaGroupHandler`] | albums: all messages of one media group, once, after they settle |
//! | [`TypeHandler`] | any update passing a predicate (PTB's `TypeHandler`) |
//!
//! A [`HandlerSet`] gathers handlers with their groups and commands for
//! [`Application::add_handlers`](crate::Application::add_handlers); the attribute macros
//! (`#[command]`, `#[regex]`, …) build one for you.

mod callback_query;
pub(crate) mod command;
mod function;
mod media_group;
mod message;
mod outcome;
mod panic;
mod parts;
mod set;
mod update_kind;

pub use callback_query::{CallbackQueryHandler, InlineQueryHandler};
pub use command::{CommandHandler, PrefixHandler};
pub use function::{HandlerFn, IntoOutcome, SharedHandlerFn};
pub use media_group::MediaGroupHandler;
pub use message::{MessageHandler, RegexHandler};
pub use outcome::{Flow, HandlerError, HandlerResult, Outcome};
pub use panic::{CheckPanic, HandlerPanic};
pub use set::HandlerSet;
pub use update_kind::{TypeHandler, UpdateKindHandler};

use crate::Update;
use crate::context::CallbackContext;
use crate::filters::FilterData;
use futures_util::future::BoxFuture;

/// Whether a handler with `block` blocks when sent through `bot`: its own setting, else the
/// bot's [`Defaults::block`](crate::client::Defaults::block), else yes.
pub(crate) fn blocks(block: Option<bool>, bot: &crate::Bot) -> bool {
    block
        .or_else(|| bot.defaults().and_then(|d| d.block))
        .unwrap_or(true)
}

/// The update kinds of a handler of new messages: `message`, and `edited_message` when it
/// takes edits too.
fn new_messages(allow_edited: bool) -> Vec<&'static str> {
    if allow_edited {
        vec!["message", "edited_message"]
    } else {
        vec!["message"]
    }
}

/// What an optional extra filter of a handler found, or `None` when it rejects the update.
fn extra_filter(
    filter: Option<&crate::filters::SharedFilter>,
    update: &Update,
) -> Option<FilterData> {
    let mut data = FilterData::default();
    match filter {
        Some(filter) if !filter.check(update, &mut data) => None,
        _ => Some(data),
    }
}

/// What a successful check found, handed to the handler's context.
#[derive(Default, Clone)]
pub struct Checked {
    /// Command arguments (PTB's `context.args`).
    pub args: Vec<String>,
    /// Filter data: regex matches.
    pub data: FilterData,
    /// The command that matched, for command handlers.
    pub command: Option<String>,
    /// What a handler made of other handlers (a conversation) remembers between its check and
    /// its run: which of its handlers matched, for which key. `None` for plain handlers.
    pub route: Option<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

impl Checked {
    /// A check that found only filter data (regex matches, values of data filters).
    pub fn with_data(data: FilterData) -> Checked {
        Checked {
            data,
            ..Checked::default()
        }
    }
}

impl std::fmt::Debug for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checked")
            .field("args", &self.args)
            .field("data", &self.data)
            .field("command", &self.command)
            .field("route", &self.route.is_some())
            .finish()
    }
}

/// Names one registration of a handler or an error handler, so that it can be removed
/// ([`Application::remove_handler`](crate::Application::remove_handler),
/// [`remove_error_handler`](crate::Application::remove_error_handler)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HandlerId(pub(crate) u64);

/// What the dispatcher knows while checking: the bot's username for `/cmd@bot`.
#[derive(Debug, Clone, Default)]
pub struct CheckInfo {
    /// The bot's username, without `@`.
    pub bot_username: String,
}

/// A handler: checks updates and runs for the ones it matches. Implement it for a handler kind
/// of your own; the provided kinds cover every update kind of the Bot API.
pub trait Handler: Send + Sync + 'static {
    /// Whether this handler takes the update, and what the check found.
    fn check(&self, update: &Update, info: &CheckInfo) -> Option<Checked>;
    /// Runs the handler.
    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome>;
    /// Whether the dispatcher waits for this handler before the next update of the same chat
    /// (PTB's `block`): `None` (the default) leaves it to the application's
    /// [`Defaults::block`](crate::client::Defaults::block), which is `true` when unset.
    fn block(&self) -> Option<bool> {
        None
    }
    /// The `allowed_updates` kinds this handler can take, so the application can ask Telegram
    /// for exactly those.
    fn update_kinds(&self) -> Vec<&'static str>;
    /// A one-line description for the startup report and logs.
    fn describe(&self) -> String;
    /// The `/commands` this handler answers to, so that they are not taken for unknown ones
    /// ("did you mean"). Default: none.
    fn command_names(&self) -> Vec<String> {
        Vec::new()
    }
    /// Runs once when the application initializes, after its data is loaded, with a context
    /// of the application and no update (`ctx.application()`): a conversation loads its
    /// persisted states here. Default: nothing.
    fn initialize(&self, ctx: &CallbackContext) -> BoxFuture<'static, ()> {
        let _ = ctx;
        Box::pin(async {})
    }
}
