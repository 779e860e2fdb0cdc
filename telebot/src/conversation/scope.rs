//! What a handler inside a conversation sees of it: the current state and the data, handed
//! through the context to the [`Current`](super::Current) and
//! [`ConversationData`](super::ConversationData) extractors.

use std::any::Any;
use std::sync::Arc;

/// The current state (an `S`, none at an entry point) and the data (a `tokio` mutex of the
/// conversation's data type), type-erased.
pub(crate) struct ConversationScope {
    state: Option<Box<dyn Any + Send + Sync>>,
    data: Arc<dyn Any + Send + Sync>,
}

impl ConversationScope {
    pub(crate) fn new<S: Clone + Send + Sync + 'static, D: Send + 'static>(
        state: Option<S>,
        data: Arc<tokio::sync::Mutex<D>>,
    ) -> Self {
        ConversationScope {
            state: state.map(|s| Box::new(s) as Box<dyn Any + Send + Sync>),
            data,
        }
    }

    /// The current state, when there is one and it is an `S`.
    pub(crate) fn state<S: Clone + 'static>(&self) -> Option<S> {
        self.state.as_ref()?.downcast_ref::<S>().cloned()
    }

    /// The data, when it is a `D`.
    pub(crate) fn data<D: Send + 'static>(&self) -> Option<Arc<tokio::sync::Mutex<D>>> {
        Arc::clone(&self.data)
            .downcast::<tokio::sync::Mutex<D>>()
            .ok()
    }
}
