//! What the application does with callback data: its codec, and who hears of invalid data.

use super::persisted::PersistedCache;
use super::{CallbackDataCodec, InvalidCallbackData};
use crate::context::CallbackContext;
use crate::handlers::SharedHandlerFn;
use std::sync::Arc;

/// The answer to a query whose data could not be read, when no handler for that is set.
pub(crate) const DEFAULT_INVALID_REPLY: &str =
    "This button is no longer valid. Please open the menu again.";

/// The application's callback-data settings.
pub(crate) struct CallbackDataSettings {
    pub(crate) codec: CallbackDataCodec,
    /// Runs instead of the polite answer; sees the reason as `ctx.error()`.
    pub(crate) on_invalid: Option<SharedHandlerFn>,
    pub(crate) reply: String,
    /// What the persistence backend holds of the cache.
    pub(crate) persisted: PersistedCache,
}

impl Default for CallbackDataSettings {
    fn default() -> Self {
        CallbackDataSettings {
            codec: CallbackDataCodec::new(),
            on_invalid: None,
            reply: DEFAULT_INVALID_REPLY.to_string(),
            persisted: PersistedCache::default(),
        }
    }
}

impl CallbackDataSettings {
    /// Deals with a query whose typed data did not read: the invalid-data handler runs, or the
    /// query is answered politely so the user's client stops its spinner.
    pub(crate) async fn reject(
        &self,
        ctx: CallbackContext,
        why: InvalidCallbackData,
    ) -> crate::handlers::Outcome {
        tracing::info!(reason = %why, "callback data refused");
        if let Some(handler) = &self.on_invalid {
            let ctx = ctx.with_error(Arc::new(Box::new(why)));
            return handler(ctx).await;
        }
        let Some(crate::UpdateKind::CallbackQuery(query)) = ctx.update().map(|u| &u.kind) else {
            return crate::handlers::Outcome::Continue;
        };
        match ctx
            .bot()
            .answer_callback_query(&query.id)
            .text(self.reply.clone())
            .await
        {
            Ok(_) => crate::handlers::Outcome::Continue,
            Err(e) => crate::handlers::Outcome::Failed(Box::new(e)),
        }
    }
}
