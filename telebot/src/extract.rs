//! Extractors: a handler function's parameter types say what it receives.
//!
//! ```
//! use telebot::extract::Args;
//! use telebot::{Bot, HandlerResult};
//! use telebot::api::Message;
//!
//! async fn add(bot: Bot, msg: Message, Args((a, b)): Args<(i64, i64)>) -> HandlerResult {
//!     msg.reply_text(&bot, format!("{}", a + b)).await?;
//!     Ok(())
//! }
//! let handler = telebot::handlers::CommandHandler::new("add", add);
//! ```
//!
//! Which types a handler kind offers is checked at compile time: `Args` exists only for
//! commands, `CallbackQuery` only for callback-query handlers, and so on. Every kind offers
//! [`Bot`], [`Update`], [`CallbackContext`], `Option<User>`,
//! `Option<Chat>`, [`BotData<T>`](crate::BotData), [`State<T>`] and
//! [`JobQueue`](crate::jobs::JobQueue).
//!
//! A handler attribute's function may also borrow what the update holds, `msg: &Message`
//! instead of `msg: Message`, and so skip the copy ([`FromContextRef`]).

mod args;
mod callback;
mod error;
pub mod kind;

pub use args::{Args, FromArg, FromArgs, Rest};
pub use callback::Callback;
pub use error::ExtractError;

use crate::api::{Chat, Message, User};
use crate::context::CallbackContext;
use crate::data::{BotData, ChatData, DataValue, UserData};
use crate::filters::RegexMatch;
use crate::{Bot, Update};
use kind::{WithChat, WithMatches, WithMessage, WithUser};
use std::future::Future;

/// A value a handler of kind `K` can take as a parameter.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be extracted in a `{K}` handler",
    label = "this parameter is not available to this kind of handler",
    note = "each handler kind offers the parameters listed in `telebot::extract::kind`"
)]
pub trait FromContext<K>: Sized {
    /// Extracts the value.
    fn from_context(
        ctx: &CallbackContext,
    ) -> impl Future<Output = Result<Self, ExtractError>> + Send;
}

/// A value a handler of kind `K` can borrow for as long as it runs: a parameter `msg: &Message`
/// reads the update's message where it lies, where `msg: Message` copies it first.
///
/// Offered by every kind: `&Update`, `&Bot` and `&CallbackContext`; by the kinds that offer
/// the owned value: `&Message`, `&User`, `&Chat` and the kind's payload (`&CallbackQuery` in a
/// callback-query handler, `&InlineQuery`, `&Poll`, …). Only the handler attributes
/// (`#[command]`, `#[message]`, …) take borrowed parameters; a handler passed to a
/// constructor such as `CommandHandler::new` takes owned ones.
///
/// ```
/// #[telebot::bot]
/// mod echo {
///     use telebot::{Bot, HandlerResult, api::Message, filters};
///
///     /// Echoes the text back.
///     #[message(filter = filters::text())]
///     async fn echo(bot: Bot, msg: &Message) -> HandlerResult {
///         if let Some(text) = &msg.text {
///             bot.send_message(msg.chat.id, text.as_str()).await?;
///         }
///         Ok(())
///     }
/// }
/// # let _ = echo::handlers();
/// ```
#[diagnostic::on_unimplemented(
    message = "`&{Self}` cannot be borrowed in a `{K}` handler",
    label = "this parameter cannot be borrowed in this kind of handler",
    note = "every kind lends `&Update`, `&Bot` and `&CallbackContext`; `&Message`, `&User`, \
            `&Chat` and the kind's payload (`&CallbackQuery`, …) where the kind offers them; take \
            other parameters by value"
)]
pub trait FromContextRef<K> {
    /// The value, borrowed from the context.
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError>;
}

impl<K> FromContextRef<K> for Bot {
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError> {
        Ok(ctx.bot())
    }
}

impl<K> FromContextRef<K> for CallbackContext {
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError> {
        Ok(ctx)
    }
}

impl<K> FromContextRef<K> for Update {
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError> {
        ctx.update().ok_or(ExtractError::Missing { what: "Update" })
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithMessage> FromContextRef<K> for Message {
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError> {
        ctx.update()
            .and_then(Update::effective_message)
            .ok_or(ExtractError::Missing { what: "Message" })
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithUser> FromContextRef<K> for User {
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError> {
        ctx.update()
            .and_then(Update::effective_user)
            .ok_or(ExtractError::Missing { what: "User" })
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithChat> FromContextRef<K> for Chat {
    fn from_context_ref(ctx: &CallbackContext) -> Result<&Self, ExtractError> {
        ctx.update()
            .and_then(Update::effective_chat)
            .ok_or(ExtractError::Missing { what: "Chat" })
    }
}

impl<K> FromContext<K> for Bot {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(ctx.bot().clone())
    }
}

impl<K> FromContext<K> for CallbackContext {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(ctx.clone())
    }
}

impl<K> FromContext<K> for Update {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        <Update as FromContextRef<K>>::from_context_ref(ctx).cloned()
    }
}

impl<K> FromContext<K> for Option<User> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(ctx.update().and_then(Update::effective_user).cloned())
    }
}

impl<K> FromContext<K> for Option<Chat> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(ctx.update().and_then(Update::effective_chat).cloned())
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithMessage> FromContext<K> for Message {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        <Message as FromContextRef<K>>::from_context_ref(ctx).cloned()
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithUser> FromContext<K> for User {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        <User as FromContextRef<K>>::from_context_ref(ctx).cloned()
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithChat> FromContext<K> for Chat {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        <Chat as FromContextRef<K>>::from_context_ref(ctx).cloned()
    }
}

/// A value of type `T` that one of the handler's filters handed over (PTB's data filters):
/// a filter built with [`filters::custom_with`](crate::filters::custom_with), or one of your
/// own that calls [`FilterData::insert`](crate::filters::FilterData::insert). The handler is
/// not called when no filter handed a `T` over.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T>(pub T);

#[diagnostic::do_not_recommend]
impl<K, T: Clone + Send + Sync + 'static> FromContext<K> for Found<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.found::<T>()
            .cloned()
            .map(Found)
            .ok_or(ExtractError::Missing {
                what: "a value the handler's filters hand over (Found<T>)",
            })
    }
}

/// The regex matches of the handler's pattern or filters (PTB's `context.matches`).
#[derive(Debug, Clone, PartialEq)]
pub struct Matches(pub Vec<RegexMatch>);

impl Matches {
    /// The first match (PTB's `context.match`).
    pub fn first(&self) -> Option<&RegexMatch> {
        self.0.first()
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithMatches> FromContext<K> for Matches {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(Matches(ctx.matches().to_vec()))
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithChat, T: DataValue> FromContext<K> for ChatData<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.chat_data::<T>().await
    }
}

#[diagnostic::do_not_recommend]
impl<K: WithUser, T: DataValue> FromContext<K> for UserData<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.user_data::<T>().await
    }
}

impl<K, T: DataValue> FromContext<K> for BotData<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.bot_data::<T>().await
    }
}

/// The capture groups of the first regex match, parsed in order into a tuple of argument types:
/// `Groups((name,)): Groups<(String,)>` for `^hello (\w+)`. A group that did not take part or
/// does not parse rejects the update (the function is not called). The `#[regex]` and
/// `#[callback_query]` attributes check at compile time that the pattern has the groups asked
/// for.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups<T>(pub T);

#[diagnostic::do_not_recommend]
impl<K: WithMatches, T: FromArgs> FromContext<K> for Groups<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        let found = ctx.regex_match().ok_or(ExtractError::Missing {
            what: "regex match",
        })?;
        let words: Vec<String> = (1..found.len())
            .map_while(|i| found.get(i).map(str::to_string))
            .collect();
        T::from_args(&words)
            .map(Groups)
            .map_err(|problem| ExtractError::Groups { problem })
    }
}

/// All messages of an album, in order (for [`MediaGroupHandler`](crate::handlers::MediaGroupHandler)).
#[derive(Debug, Clone, PartialEq)]
pub struct Album(pub Vec<Message>);

impl FromContext<kind::MediaGroup> for Album {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.album()
            .map(|m| Album(m.to_vec()))
            .ok_or(ExtractError::Missing { what: "Album" })
    }
}

/// A value given to [`ApplicationBuilder::state`](crate::application::ApplicationBuilder::state):
/// your own shared types (database pools, settings), PTB's custom context types.
#[derive(Debug, Clone)]
pub struct State<T>(pub T);

impl<K, T: Clone + Send + Sync + 'static> FromContext<K> for State<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.state::<T>().map(State).ok_or(ExtractError::NoState {
            type_name: std::any::type_name::<T>(),
        })
    }
}
