//! What the macros' generated code calls: descriptors and the functions that turn them into
//! handlers. Not a public API: names and shapes change without notice. Everything here has a
//! public, documented equivalent (the handler constructors and [`HandlerSet`]).

pub use crate::commands::{CommandScope, Location, Role};
pub use crate::context::CallbackContext;
pub use crate::extract::{ExtractError, FromContext, kind};
pub use crate::filters::{self, F};
pub use crate::handlers::{
    HandlerSet, IntoOutcome, MediaGroupHandler, Outcome, TypeHandler, UpdateKindHandler,
};
pub use ::core::result::Result::{Err, Ok};

use crate::handlers::{
    CallbackQueryHandler, CommandHandler, HandlerFn, InlineQueryHandler, MessageHandler,
    RegexHandler,
};
use std::future::Future;
use std::sync::OnceLock;

/// A handler declared by an attribute: the braced struct beside the user's function.
pub trait Declared {
    /// The command names it declares (for `handlers![…]`'s compile-time uniqueness check).
    const COMMANDS: &'static [&'static str];
    /// Adds the handler to a set.
    fn declare(set: HandlerSet) -> HandlerSet;
}

/// Whether two lists of command names share one (a `const fn` for `handlers![…]`).
pub const fn shares_command(a: &[&str], b: &[&str]) -> bool {
    let mut i = 0;
    while i < a.len() {
        let mut j = 0;
        while j < b.len() {
            if str_eq(a[i], b[j]) {
                return true;
            }
            j += 1;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Extracts one parameter of type `T` for a handler of kind `K`.
pub async fn extract<K, T: FromContext<K>>(ctx: &CallbackContext) -> Result<T, ExtractError> {
    T::from_context(ctx).await
}

/// Runs the generated extraction and call: an extractor's refusal becomes the outcome.
pub async fn run(body: impl Future<Output = Result<Outcome, ExtractError>>) -> Outcome {
    match body.await {
        Ok(outcome) => outcome,
        Err(e) => Outcome::Rejected(e),
    }
}

/// The outcome of what the user's function returned.
pub fn outcome<R: IntoOutcome>(returned: R) -> Outcome {
    returned.into_outcome()
}

/// A regex compiled once, on first use, from a pattern the macro checked.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<regex::Regex>,
}

impl Pattern {
    /// A pattern not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex (a cheap clone of the one compiled once).
    pub fn regex(&'static self) -> regex::Regex {
        self.compiled
            .get_or_init(|| {
                regex::Regex::new(self.source).unwrap_or_else(|e| {
                    panic!("the pattern was checked by the attribute macro, yet: {e}")
                })
            })
            .clone()
    }
}

/// What `#[command]` declares.
#[derive(Debug)]
pub struct CommandSpec {
    /// Names, without `/`.
    pub names: &'static [&'static str],
    /// The description (attribute or first doc paragraph).
    pub description: Option<&'static str>,
    /// Descriptions by language.
    pub translations: &'static [(&'static str, &'static str)],
    /// Menus; empty for the default menu.
    pub scopes: &'static [CommandScope],
    /// Left out of menus and `/help`.
    pub hidden: bool,
    /// Also edited messages.
    pub allow_edited: bool,
    /// Whether later updates of the chat wait for it.
    pub block: bool,
    /// Who may use it.
    pub require: Option<Role>,
    /// Argument names from the `Args((a, b))` pattern.
    pub params: &'static [&'static str],
    /// Where it was declared.
    pub location: Location,
}

/// A command handler from its descriptor.
pub fn command<C: HandlerFn<kind::Command, (CallbackContext,)>>(
    spec: CommandSpec,
    filter: Option<F>,
    callback: C,
) -> CommandHandler {
    let mut handler = CommandHandler::new(spec.names, callback)
        .allow_edited(spec.allow_edited)
        .block(spec.block)
        .hidden(spec.hidden)
        .params(spec.params.iter().copied())
        .location(spec.location);
    if let Some(text) = spec.description {
        handler = handler.description(text);
    }
    for (language, text) in spec.translations {
        handler = handler.translation(*language, *text);
    }
    if !spec.scopes.is_empty() {
        handler = handler.scopes(spec.scopes.iter().copied());
    }
    if let Some(role) = spec.require {
        handler = handler.require(role);
    }
    if let Some(filter) = filter {
        handler = handler.filter(filter);
    }
    handler
}

/// What `#[regex]` declares.
#[derive(Debug)]
pub struct RegexSpec {
    /// The pattern.
    pub pattern: &'static Pattern,
    /// Also captions.
    pub caption: bool,
    /// Also edited messages.
    pub allow_edited: bool,
    /// Whether later updates of the chat wait for it.
    pub block: bool,
}

/// A regex handler from its descriptor.
pub fn regex<C: HandlerFn<kind::Message, (CallbackContext,)>>(
    spec: RegexSpec,
    filter: Option<F>,
    callback: C,
) -> RegexHandler {
    let handler = RegexHandler::with_regex(spec.pattern.regex(), callback)
        .caption(spec.caption)
        .allow_edited(spec.allow_edited)
        .block(spec.block);
    match filter {
        Some(filter) => handler.filter(filter),
        None => handler,
    }
}

/// A message handler: `filter` (all messages when `None`) and a fixed filter of the attribute
/// (`#[edited_message]`, …), both required.
pub fn message<C: HandlerFn<kind::Message, (CallbackContext,)>>(
    kind: Option<F>,
    filter: Option<F>,
    block: bool,
    callback: C,
) -> MessageHandler {
    let filter = match (kind, filter) {
        (Some(kind), Some(filter)) => kind & filter,
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => crate::filters::all(),
    };
    MessageHandler::new(filter, callback).block(block)
}

/// A callback-query handler.
pub fn callback_query<C: HandlerFn<kind::CallbackQuery, (CallbackContext,)>>(
    pattern: Option<&'static Pattern>,
    game: bool,
    block: bool,
    callback: C,
) -> CallbackQueryHandler {
    let handler = CallbackQueryHandler::new(callback).game(game).block(block);
    match pattern {
        Some(pattern) => handler.regex(pattern.regex()),
        None => handler,
    }
}

/// An inline-query handler.
pub fn inline_query<C: HandlerFn<kind::InlineQuery, (CallbackContext,)>>(
    pattern: Option<&'static Pattern>,
    chat_types: &'static [&'static str],
    block: bool,
    callback: C,
) -> InlineQueryHandler {
    let mut handler = InlineQueryHandler::new(callback).block(block);
    if let Some(pattern) = pattern {
        handler = handler.regex(pattern.regex());
    }
    if !chat_types.is_empty() {
        handler = handler.chat_types(chat_types.iter().copied());
    }
    handler
}
