use crate::Update;
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
}
