//! Acknowledgements: entries whose handlers finished, marked handled in Redis in batches (one
//! script call per partition and fence), in the background so that a lane goes on to its next
//! update at once.

use super::slot::Slot;
use crate::cluster::connection::Redis;
use crate::cluster::scripts::{ACK, ACK_CHUNK};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, mpsc, oneshot};

/// One entry to acknowledge.
pub(crate) struct Ack {
    pub(crate) slot: Arc<Slot>,
    pub(crate) entry: String,
    pub(crate) fence: String,
    pub(crate) epoch: u64,
    /// The worker's in-hand place, freed once the entry is acknowledged.
    pub(crate) _permit: Option<OwnedSemaphorePermit>,
    /// Told when the acknowledgement is done: the lane waits for it.
    pub(crate) done: Option<oneshot::Sender<()>>,
}

/// Acknowledges entries as they come until every sender is gone.
pub(crate) async fn run(redis: Redis, mut acks: mpsc::UnboundedReceiver<Ack>) {
    let mut batch = Vec::new();
    while let Some(first) = acks.recv().await {
        batch.push(first);
        while batch.len() < 4 * ACK_CHUNK {
            match acks.try_recv() {
                Ok(ack) => batch.push(ack),
                Err(_) => break,
            }
        }
        let mut groups: HashMap<(u16, String), Vec<Ack>> = HashMap::new();
        for ack in batch.drain(..) {
            groups
                .entry((ack.slot.index, ack.fence.clone()))
                .or_default()
                .push(ack);
        }
        let calls = groups.into_values().map(|group| settle(&redis, group));
        futures_util::future::join_all(calls).await;
    }
}

/// Acknowledges one partition's entries under one fence.
async fn settle(redis: &Redis, mut group: Vec<Ack>) {
    let Some(head) = group.first() else { return };
    let slot = Arc::clone(&head.slot);
    let fence = head.fence.clone();
    let epoch = head.epoch;
    for chunk in group.chunks(ACK_CHUNK) {
        let ids: Vec<&str> = chunk.iter().map(|a| a.entry.as_str()).collect();
        let answer = redis
            .patiently("acknowledging handled updates", |mut c| {
                let mut call = ACK.prepare_invoke();
                call.key(&slot.keys.lease)
                    .key(&slot.keys.log)
                    .key(&slot.keys.epoch)
                    .arg(&fence)
                    .arg(epoch);
                for id in &ids {
                    call.arg(*id);
                }
                async move { call.invoke_async::<i64>(&mut c).await }
            })
            .await;
        let acknowledged = matches!(answer, Ok(n) if n >= 0);
        match answer {
            Ok(n) if n >= 0 => {}
            Ok(_) => {
                tracing::warn!(
                    partition = slot.index,
                    entries = ids.len(),
                    "another worker took the partition over before these updates were acknowledged: it handles them again"
                );
                if slot.state().epoch == epoch {
                    slot.revoke();
                }
            }
            Err(error) => {
                tracing::error!(%error, partition = slot.index, entries = ids.len(), "handled updates could not be acknowledged: whoever owns the partition next handles them again");
            }
        }
        let earlier_claims = {
            let mut state = slot.state();
            let mut earlier = false;
            for id in &ids {
                earlier |= if acknowledged {
                    state.acknowledged(id)
                } else {
                    state.released(id)
                };
            }
            earlier
        };
        if earlier_claims {
            // A new claim's reader waits for an earlier claim's entries to be settled.
            slot.wake.notify_waiters();
        }
    }
    for ack in &mut group {
        if let Some(done) = ack.done.take() {
            let _ = done.send(());
        }
    }
}
