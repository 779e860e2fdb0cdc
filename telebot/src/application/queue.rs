use crate::api::UnknownUpdate;
use crate::{Update, UpdateKind};
use std::sync::atomic::{AtomicI64, Ordering};
use tokio::sync::mpsc;

/// The application's update queue (PTB's `update_queue`): updates put here are handled like
/// updates from Telegram, in their chat's order.
#[derive(Debug, Clone)]
pub struct UpdateQueue {
    tx: mpsc::Sender<Update>,
}

/// The queue is closed: the application is gone.
#[derive(Debug, thiserror::Error)]
#[error("the application's update queue is closed")]
pub struct QueueClosed(pub Update);

impl UpdateQueue {
    pub(crate) fn new(capacity: usize) -> (UpdateQueue, mpsc::Receiver<Update>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        (UpdateQueue { tx }, rx)
    }

    /// Queues an update, waiting while the queue is full.
    pub async fn send(&self, update: Update) -> Result<(), QueueClosed> {
        self.tx.send(update).await.map_err(|e| QueueClosed(e.0))
    }

    /// Queues an update of your own (PTB's custom update types put into `update_queue`): an
    /// update of kind `kind`, which no Telegram update has, carrying `payload`. A
    /// [`TypeHandler::custom`](crate::handlers::TypeHandler::custom) of the same kind takes
    /// it and reads the payload from the update. Each gets a negative `update_id` of its own,
    /// so it never clashes with Telegram's, and a lane of its own.
    pub async fn send_custom(
        &self,
        kind: impl Into<String>,
        payload: serde_json::Value,
    ) -> Result<(), QueueClosed> {
        static NEXT_ID: AtomicI64 = AtomicI64::new(-1);
        let update = Update {
            update_id: NEXT_ID.fetch_sub(1, Ordering::Relaxed),
            kind: UpdateKind::Unknown(UnknownUpdate {
                kind: kind.into(),
                payload,
            }),
            unknown_fields: Default::default(),
        };
        self.send(update).await
    }
}
