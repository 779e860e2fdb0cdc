//! Middleware (what aiogram and grammY users know): code around every update before any
//! handler group ([`Next`]), and around every handler run ([`NextHandler`]). A middleware gets
//! the update's context and what comes next: it can act before and after, add typed values
//! that handlers take as [`Found<T>`](crate::extract::Found) parameters
//! ([`CallbackContext::insert`](crate::CallbackContext::insert)), or stop the update by not
//! calling `next`.
//!
//! ```
//! use telebot::middleware::{Next, NextHandler};
//! use telebot::{CallbackContext, HandlerResult};
//!
//! #[derive(Clone)]
//! struct Locale(&'static str);
//!
//! async fn locale(mut ctx: CallbackContext, next: Next) -> HandlerResult {
//!     let code = ctx.update().and_then(|u| u.effective_user()).and_then(|u| u.language_code.clone());
//!     ctx.insert(Locale(if code.as_deref() == Some("de") { "de" } else { "en" }));
//!     next.run(ctx).await;
//!     Ok(())
//! }
//!
//! async fn timed(ctx: CallbackContext, next: NextHandler) -> telebot::handlers::Outcome {
//!     let started = std::time::Instant::now();
//!     let outcome = next.run(ctx).await;
//!     tracing::debug!(elapsed = ?started.elapsed(), "handler done");
//!     outcome
//! }
//!
//! # fn setup(app: &telebot::Application) {
//! app.add_middleware(locale).add_handler_middleware(timed);
//! # }
//! ```
//!
//! Two middlewares come ready: [`throttle`] (at most one update per user per interval) and
//! [`chat_action`] ("typing…" kept alive while a handler runs).

mod chain;
mod chat_action;
mod throttle;

pub use chain::{Next, NextHandler};
pub use chat_action::chat_action;
pub use throttle::throttle;

pub(crate) use chain::{HandlerMiddleware, UpdateMiddleware};
