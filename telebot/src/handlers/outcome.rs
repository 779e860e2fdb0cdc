//! How a handler run ends, and the error it may return: what handlers, the context and the
//! dispatcher all name, so it stands apart from them.

use crate::extract::ExtractError;

/// The error a handler returns: any error type.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What a handler function may return: `Ok(())`, `Ok(Flow::Stop)`, or an error for the error
/// handlers. Plain `()` and [`Flow`] work too.
pub type HandlerResult<T = ()> = Result<T, HandlerError>;

/// Whether later handler groups still see the update (PTB's `ApplicationHandlerStop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flow {
    /// Later groups get the update too.
    #[default]
    Continue,
    /// No later group gets the update.
    Stop,
}

/// How one handler run ended.
#[derive(Debug)]
pub enum Outcome {
    /// Done; later groups continue.
    Continue,
    /// Done; stop later groups.
    Stop,
    /// The handler failed (returned an error or panicked).
    Failed(HandlerError),
    /// A parameter could not be extracted; the function was not called.
    Rejected(ExtractError),
    /// Done, naming the next state of the conversation the handler belongs to: a boxed
    /// [`Next<S>`](crate::conversation::Next). Outside a conversation it counts as
    /// [`Continue`](Self::Continue).
    Next(Box<dyn std::any::Any + Send>),
}

impl Outcome {
    /// Whether the run counts as a failure: an error, a panic, or a parameter that could not
    /// be made (a usage line answered to a user's malformed command and an invalid button
    /// press are the user's mistakes, not failures).
    pub fn is_failure(&self) -> bool {
        match self {
            Outcome::Failed(_) => true,
            Outcome::Rejected(
                ExtractError::Usage { .. } | ExtractError::InvalidCallbackData(_),
            ) => false,
            Outcome::Rejected(_) => true,
            Outcome::Continue | Outcome::Stop | Outcome::Next(_) => false,
        }
    }

    /// The outcome of a run that panicked with `payload`.
    pub(crate) fn panicked(payload: Box<dyn std::any::Any + Send>) -> Outcome {
        Outcome::Failed(Box::new(super::HandlerPanic::from_payload(payload)))
    }
}
