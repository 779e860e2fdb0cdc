//! A worker: it keeps a heartbeat among the live workers, claims its fair share of the
//! partitions (every n-th, by its place among the workers in name order), renews those
//! leases, hands a partition over when the share changes (it stops reading it, lets what it
//! holds finish and be acknowledged, then releases the lease), and reads each partition it
//! holds into the application's lanes.
//!
//! A lease that cannot be renewed before it surely runs out (Redis away, this process
//! stalled) voids the claim: the entries of that partition still queued in the lanes are
//! given back unhandled, and nothing new is read. When the lease comes back under the same
//! epoch (nobody took it meanwhile), the worker goes on where it was, acknowledging what it
//! finished; when another worker took it, that worker handles the pending entries again. A
//! lapsed claim is void as a whole (none of its queued entries runs once one was given back),
//! and the next claim reads nothing until the lapsed claim's entries are settled, so that an
//! entry given back is read again before anything after it in its chat.

mod acker;
mod members;
mod reader;
mod slot;

use super::lease::{Hold, Lease};
use super::node::Node;
use super::partition::share;
use crate::Error;
use reader::Claim;
use slot::Slot;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Partitions whose lease ran out although they are another worker's share: that worker died
/// (its heartbeat has not run out yet) or stalls. They are adopted, kept until the workers
/// change and the shares are drawn again, and taken like any lease that ran out: after a
/// whole lease period unclaimed, which lets a partition's own worker take it back first after
/// Redis was away.
#[derive(Default)]
struct Orphans {
    adopted: BTreeSet<u16>,
}

impl Orphans {
    /// The partitions to adopt (those adopted before included).
    async fn adopt(
        &mut self,
        node: &Node,
        target: &BTreeSet<u16>,
        held: &HashMap<u16, Held>,
    ) -> BTreeSet<u16> {
        let others: Vec<u16> = (0..node.settings.partitions)
            .filter(|p| !target.contains(p) && !held.contains_key(p))
            .collect();
        if others.is_empty() {
            return self.adopted.clone();
        }
        let mut pipe = redis::pipe();
        for p in &others {
            pipe.cmd("EXISTS").arg(node.keys.partition(*p).lease);
        }
        let Ok(exists) = pipe.query_async::<Vec<bool>>(&mut node.redis.conn()).await else {
            return self.adopted.clone();
        };
        for (p, taken) in others.into_iter().zip(exists) {
            if !taken && self.adopted.insert(p) {
                tracing::info!(
                    partition = p,
                    "a partition whose lease ran out is adopted (its worker is gone, or stalls)"
                );
            }
        }
        self.adopted.clone()
    }
}

/// A partition this worker has dealt with.
struct Held {
    slot: Arc<Slot>,
    lease: Lease,
    reader: Option<JoinHandle<()>>,
    /// Since when the lease has been seen run out and unclaimed.
    unclaimed_since: Option<Instant>,
}

/// Runs the worker until `stop` turns true and what it holds is handled and acknowledged.
pub(crate) async fn run(node: Arc<Node>, mut stop: watch::Receiver<bool>) -> Result<(), Error> {
    let (acks, acks_rx) = mpsc::unbounded_channel();
    let acker = tokio::spawn(acker::run(node.redis.clone(), acks_rx));
    let permits = Arc::new(Semaphore::new(node.settings.in_hand));
    let mut held: HashMap<u16, Held> = HashMap::new();
    let tick = node.settings.partition_lease / 3;
    let mut stopping_since: Option<Instant> = None;
    let mut place: Option<(usize, usize)> = None;
    let mut orphans = Orphans::default();
    loop {
        let stopping = *stop.borrow();
        if stopping && stopping_since.is_none() {
            stopping_since = Some(Instant::now());
        }
        // Partitions are taken only on a fresh view of the workers: a stale one would take
        // another worker's share.
        let mut fresh_view = false;
        let target: BTreeSet<u16> = if stopping {
            BTreeSet::new()
        } else {
            match members::heartbeat(&node).await {
                Ok(live) => {
                    fresh_view = true;
                    node.live_workers
                        .store(live.len(), std::sync::atomic::Ordering::Relaxed);
                    let index = live.iter().position(|n| *n == node.holder).unwrap_or(0);
                    if place != Some((index, live.len())) {
                        place = Some((index, live.len()));
                        orphans = Orphans::default();
                        tracing::info!(instance = %node.name, workers = live.len(), "the cluster's workers changed; sharing the partitions again");
                    }
                    let mut target: BTreeSet<u16> =
                        share(index, live.len(), node.settings.partitions)
                            .into_iter()
                            .collect();
                    target.extend(orphans.adopt(&node, &target, &held).await);
                    target
                }
                Err(error) => {
                    tracing::warn!(%error, "the worker heartbeat failed; keeping the partitions held");
                    held.keys().copied().collect()
                }
            }
        };
        for index in &target {
            if !held.contains_key(index) {
                let slot = Slot::new(*index, node.keys.partition(*index));
                let lease = Lease::new(
                    slot.keys.lease.clone(),
                    slot.keys.epoch.clone(),
                    node.holder.clone(),
                    node.settings.partition_lease,
                );
                held.insert(
                    *index,
                    Held {
                        slot,
                        lease,
                        reader: None,
                        unclaimed_since: None,
                    },
                );
            }
        }
        let mut done = Vec::new();
        for (index, entry) in held.iter_mut() {
            let wanted = target.contains(index);
            if maintain(&node, entry, wanted, fresh_view, &permits, &acks).await {
                done.push(*index);
            }
        }
        for index in done {
            held.remove(&index);
        }
        if stopping {
            let gave_up = stopping_since
                .is_some_and(|since| since.elapsed() > node.app.stop_timeout() + tick);
            if held.is_empty() || gave_up {
                if gave_up {
                    tracing::warn!(
                        partitions = held.len(),
                        "stopping with partitions still in hand: their leases run out and their pending updates go to another worker"
                    );
                }
                break;
            }
        }
        let wait = if stopping {
            Duration::from_millis(20)
        } else {
            tick
        };
        tokio::select! {
            _ = stop.changed(), if !stopping => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
    drop(acks);
    if let Err(e) = members::leave(&node).await {
        tracing::debug!(error = %e, "leaving the worker list failed; the heartbeat runs out");
    }
    let _ = tokio::time::timeout(Duration::from_secs(5), acker).await;
    Ok(())
}

/// One round for one partition: take or renew its lease, start its reader, hand it over.
/// Returns `true` when the partition is no longer this worker's business.
async fn maintain(
    node: &Arc<Node>,
    held: &mut Held,
    wanted: bool,
    fresh_view: bool,
    permits: &Arc<Semaphore>,
    acks: &mpsc::UnboundedSender<Ack>,
) -> bool {
    let slot = Arc::clone(&held.slot);
    let holding = held.lease.epoch() != 0;
    if wanted && std::mem::take(&mut slot.state().draining) {
        // The share came back before the hand-over finished (a worker joined, then left or
        // died): the reader, which had stopped reading new entries, reads them again.
        tracing::info!(
            partition = slot.index,
            "partition kept: it is this worker's share again before it was handed over"
        );
        slot.wake.notify_waiters();
    }
    if !wanted {
        if !holding {
            slot.revoke();
            return true;
        }
        let in_hand = {
            let mut state = slot.state();
            state.draining = true;
            state.in_hand.len()
        };
        if in_hand == 0 {
            slot.revoke();
            if let Err(e) = held.lease.release(&mut node.redis.conn()).await {
                tracing::debug!(error = %e, partition = slot.index, "releasing a partition failed; its lease runs out by itself");
            }
            tracing::info!(partition = slot.index, "partition handed over");
            return true;
        }
    }
    if !holding && !fresh_view {
        return false;
    }
    let waited = held
        .unclaimed_since
        .is_some_and(|since| since.elapsed() >= node.settings.partition_lease);
    let mut conn = node.redis.conn();
    let hold = held.lease.hold(&mut conn, waited).await;
    if !matches!(hold, Ok(Hold::Unclaimed) | Err(_)) {
        held.unclaimed_since = None;
    }
    match hold {
        Ok(Hold::Held { epoch, fresh }) => {
            let reader_gone = held.reader.as_ref().is_none_or(JoinHandle::is_finished);
            let expired = {
                let state = slot.state();
                state.fence.is_none() || state.epoch != epoch
            };
            if fresh || reader_gone || expired {
                let claim = {
                    let mut state = slot.state();
                    state.fence = Some(held.lease.fence());
                    state.epoch = epoch;
                    state.generation += 1;
                    state.repass = false;
                    Claim {
                        slot: Arc::clone(&slot),
                        generation: state.generation,
                        fence: held.lease.fence(),
                        epoch,
                    }
                };
                if fresh {
                    if let Err(error) = create_group(node, &slot).await {
                        tracing::warn!(%error, partition = slot.index, "could not create the partition's consumer group");
                    }
                    tracing::info!(partition = slot.index, epoch, "partition taken");
                }
                slot.wake.notify_waiters();
                held.reader = Some(tokio::spawn(reader::run(
                    Arc::clone(node),
                    claim,
                    Arc::clone(permits),
                    acks.clone(),
                )));
            }
            let deadline = Instant::now() + held.lease.remaining();
            slot.state().deadline = Some(deadline);
            false
        }
        Ok(Hold::Unclaimed) => {
            held.unclaimed_since.get_or_insert_with(Instant::now);
            slot.revoke();
            !wanted
        }
        Ok(Hold::Busy) => {
            if holding {
                tracing::warn!(
                    partition = slot.index,
                    "the partition's lease was lost to another worker"
                );
            }
            slot.revoke();
            // Not ours: nothing to keep unless it is still wanted (retried next round).
            !wanted
        }
        Err(error) => {
            if holding && !held.lease.valid() {
                tracing::warn!(%error, partition = slot.index, "the partition's lease ran out while Redis did not answer; its queued updates are given back");
                slot.revoke();
            } else {
                tracing::debug!(%error, partition = slot.index, "renewing a partition's lease failed");
            }
            false
        }
    }
}

/// Creates the consumer group of a partition (and its log) if missing.
async fn create_group(node: &Node, slot: &Slot) -> Result<(), redis::RedisError> {
    let answer: Result<(), redis::RedisError> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(&slot.keys.log)
        .arg(super::keys::GROUP)
        .arg("0")
        .arg("MKSTREAM")
        .query_async(&mut node.redis.conn())
        .await;
    match answer {
        Err(e) if e.code() == Some("BUSYGROUP") => Ok(()),
        other => other,
    }
}

use acker::Ack;
