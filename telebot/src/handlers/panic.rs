//! A panic in user code as an error for the error handlers: in a handler ([`HandlerPanic`]) or
//! in a handler's check ([`CheckPanic`]). The dispatcher's panic guard makes them; an error
//! handler finds them with `ctx.error()`'s `downcast_ref`.

/// A handler panicked; the panic message, for the error handlers.
#[derive(Debug, thiserror::Error)]
#[error("handler panicked: {message}")]
pub struct HandlerPanic {
    /// The panic's message, when it was a string.
    pub message: String,
}

impl HandlerPanic {
    pub(crate) fn from_payload(payload: Box<dyn std::any::Any + Send>) -> HandlerPanic {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a non-string panic payload".to_string());
        HandlerPanic { message }
    }
}

/// A handler's check panicked: the handler and the panic's message.
#[derive(Debug, thiserror::Error)]
#[error("the check of handler {handler} panicked (a filter, predicate or key function): {message}")]
pub struct CheckPanic {
    /// The handler whose check panicked, as [`Handler::describe`](super::Handler::describe) gives it.
    pub handler: String,
    /// The panic's message, when it was a string.
    pub message: String,
}
