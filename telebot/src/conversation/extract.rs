//! The extractors of handlers inside a conversation: [`Current`] and [`ConversationData`].

use super::ConversationState;
use crate::context::CallbackContext;
use crate::extract::{ExtractError, FromContext};
use std::ops::{Deref, DerefMut};

/// The conversation's current state, with its data (`Current(Order::Toppings { size })`).
/// Missing at an entry point (there is no state yet) and outside a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Current<S>(pub S);

impl<K, S: ConversationState> FromContext<K> for Current<S> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        ctx.conversation()
            .and_then(|scope| scope.state::<S>())
            .map(Current)
            .ok_or(ExtractError::Missing {
                what: "conversation state",
            })
    }
}

/// The conversation's own data (its state type's `Data`), locked for the handler: read it,
/// change it; the change is kept with the state (and persisted with it). It starts as
/// `Default` at an entry point and is dropped when the conversation ends.
#[derive(Debug)]
pub struct ConversationData<D>(tokio::sync::OwnedMutexGuard<D>);

impl<D> Deref for ConversationData<D> {
    type Target = D;
    fn deref(&self) -> &D {
        &self.0
    }
}

impl<D> DerefMut for ConversationData<D> {
    fn deref_mut(&mut self) -> &mut D {
        &mut self.0
    }
}

impl<K, D: Send + 'static> FromContext<K> for ConversationData<D> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        let data = ctx
            .conversation()
            .and_then(|scope| scope.data::<D>())
            .ok_or(ExtractError::Missing {
                what: "conversation data of this type",
            })?;
        Ok(ConversationData(data.lock_owned().await))
    }
}
