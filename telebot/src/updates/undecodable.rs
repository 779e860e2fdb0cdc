//! Updates that arrive but cannot be read: [`UndecodableUpdate`], handed to the error
//! handlers instead of holding back the updates around them.

use crate::dispatch::Services;
use crate::dispatch::watermark::Receipt;
use std::sync::Arc;
use tracing::Instrument;

/// An update Telegram sent that does not decode into [`Update`](crate::Update) (a field of an
/// unexpected type, say). It goes to the error handlers — `ctx.error()` downcasts to it — with
/// its id and raw JSON, and counts as handled once they have run.
#[derive(Debug, Clone, thiserror::Error)]
#[error("update {update_id} cannot be decoded: {reason}")]
pub struct UndecodableUpdate {
    /// The update's `update_id`.
    pub update_id: i64,
    /// The update as Telegram sent it.
    pub raw: String,
    /// What the decoder reported.
    pub reason: String,
}

/// Runs the error handlers for an undecodable update in the background; the application's
/// stop waits for them, and the receipt (when polling) is held until they are done.
pub(crate) fn report(app: Arc<dyn Services>, error: UndecodableUpdate, receipt: Option<Receipt>) {
    tracing::warn!(
        update_id = error.update_id,
        reason = %error.reason,
        "an update cannot be decoded; it goes to the error handlers"
    );
    let span = tracing::info_span!("update", update_id = error.update_id, kind = "undecodable");
    app.dispatcher().background().enter();
    tokio::spawn(
        async move {
            app.dispatcher().report(&app, None, Box::new(error)).await;
            app.dispatcher().background().leave();
            drop(receipt);
        }
        .instrument(span),
    );
}
