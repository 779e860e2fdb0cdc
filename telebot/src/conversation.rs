//! Conversations: multi-step dialogues as a typed state machine (PTB's `ConversationHandler`).
//!
//! A conversation is one [`Handler`](crate::handlers::Handler) made of other handlers: entry
//! points start it, each state has its own handlers, fallbacks run in any state when no state
//! handler matched. The states are a Rust enum (data per variant allowed) implementing
//! [`ConversationState`]; a handler inside a conversation returns the next step, a [`Next`]:
//! stay, go to a state, or end. It reads the current state with [`Current`] and the
//! conversation's own typed data with [`ConversationData`].
//!
//! ```
//! use telebot::conversation::{ConversationHandler, ConversationState, Current, Next};
//! use telebot::handlers::{CommandHandler, MessageHandler};
//! use telebot::{Bot, HandlerResult, api::Message, filters};
//!
//! #[derive(Clone, serde::Serialize, serde::Deserialize)]
//! enum Order { Size, Toppings { size: String } }
//!
//! impl ConversationState for Order {
//!     type Data = ();
//!     const STATES: &'static [&'static str] = &["Size", "Toppings"];
//!     fn name(&self) -> &'static str {
//!         match self { Order::Size => "Size", Order::Toppings { .. } => "Toppings" }
//!     }
//! }
//!
//! async fn start(bot: Bot, msg: Message) -> HandlerResult<Next<Order>> {
//!     msg.reply_text(&bot, "Which size?").await?;
//!     Ok(Next::To(Order::Size))
//! }
//! async fn size(msg: Message) -> Next<Order> {
//!     Next::To(Order::Toppings { size: msg.text.unwrap_or_default() })
//! }
//! async fn toppings(bot: Bot, msg: Message, Current(state): Current<Order>) -> HandlerResult<Next<Order>> {
//!     if let Order::Toppings { size } = state {
//!         msg.reply_text(&bot, format!("A {size} pizza, coming up")).await?;
//!     }
//!     Ok(Next::End)
//! }
//!
//! let order = ConversationHandler::<Order>::builder()
//!     .entry_point(CommandHandler::new("order", start))
//!     .state("Size", MessageHandler::new(filters::text(), size))
//!     .state("Toppings", MessageHandler::new(filters::text(), toppings))
//!     .per_user(true)
//!     .build()
//!     .expect("every state named exists");
//! ```
//!
//! # Semantics (PTB's)
//!
//! * **Keys.** Each conversation runs once per key: per chat and per user by default
//!   ([`KeyStrategy`]); per message for inline buttons (callback queries only); per forum
//!   topic. Channel posts are ignored.
//! * **Dispatch.** Without a running conversation only entry points are checked. In a state,
//!   its handlers are checked, then the fallbacks; with `allow_reentry` the entry points come
//!   first and restart the conversation (its data starts over).
//! * **Steps.** A handler returns `Next::To(state)`, `Next::End`, or `Next::Stay`; a handler
//!   returning `()`/`Flow` (or failing) keeps the state.
//! * **Timeout.** With [`ConversationBuilder::timeout`], a conversation idle that long ends;
//!   before it does, the [`on_timeout`](ConversationBuilder::on_timeout) handlers whose check
//!   passes on the last update run. Every step restarts the timer (tokio timers: the paused
//!   clock of tests drives them).
//! * **Nesting.** A conversation is a handler, so it can be a state handler of another one.
//!   [`ConversationHandler::map_to_parent`] turns some of the child's steps into the parent's:
//!   the child ends and the parent moves on. A child ending otherwise keeps the parent's state.
//! * **Blocking.** With `block(false)` the dispatcher does not wait for the conversation's
//!   handlers; while one runs, the conversation is *waiting*: updates of its key go to the
//!   [`while_waiting`](ConversationBuilder::while_waiting) handlers (PTB's `WAITING` state)
//!   or are left to later groups, and the step is taken when the handler finishes.
//! * **Persistence.** With [`ConversationBuilder::persistent`] and a persistence backend, each
//!   step is written through the backend's `update_conversation` hook (state and data as
//!   JSON under the conversation's name) and loaded at `initialize`, so a restart resumes at the
//!   same state. A stored state that no longer deserializes (the enum changed) is reported to
//!   the error handlers as [`ConversationError::UnreadableState`] and dropped: that user starts
//!   over instead of being locked out.
//!
//! The `#[telebot::conversation]` macro declares all of this on a module, checks the state
//! graph at compile time and draws it as Mermaid ([`Graph::mermaid`]).

mod builder;
mod error;
mod extract;
mod graph;
mod handler;
mod key;
mod next;
mod parts;
mod scope;
mod store;
mod timeout;

pub use builder::ConversationBuilder;
pub use error::{ConversationError, ConversationSetupError};
pub use extract::{ConversationData, Current};
pub use graph::{Edge, Endpoint, Graph};
pub use handler::ConversationHandler;
pub use key::KeyStrategy;
pub use next::Next;
#[doc(hidden)]
pub use parts::{ConversationParts, ConversationRole};
pub(crate) use scope::ConversationScope;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The states of a conversation: usually an enum, one variant per state, with data in the
/// variants that need it. `#[telebot::conversation]` implements it for the module's
/// `#[states]` enum.
pub trait ConversationState: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The conversation's own data ([`ConversationData`]): starts as `Default` at an entry
    /// point, is kept (and persisted) with the state, and is dropped at the end. `()` for none.
    type Data: Default + Serialize + DeserializeOwned + Send + Sync + 'static;
    /// The name of every state, as [`name`](Self::name) spells it.
    const STATES: &'static [&'static str];
    /// This state's name: the variant's name.
    fn name(&self) -> &'static str;
}
