//! [`Next`]: what a handler inside a conversation returns.

use crate::handlers::{IntoOutcome, Outcome};

/// The next step of a conversation, returned by its handlers (`Next<S>`, or
/// `HandlerResult<Next<S>>`). A handler returning `()` or [`Flow`](crate::Flow) is
/// [`Next::Stay`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next<S> {
    /// Stay in the current state (PTB's `None`).
    Stay,
    /// Go to a state.
    To(S),
    /// End the conversation (PTB's `ConversationHandler.END`).
    End,
}

impl<S> From<S> for Next<S> {
    fn from(state: S) -> Self {
        Next::To(state)
    }
}

impl<S: Send + 'static> IntoOutcome for Next<S> {
    fn into_outcome(self) -> Outcome {
        Outcome::Next(Box::new(self))
    }
}
