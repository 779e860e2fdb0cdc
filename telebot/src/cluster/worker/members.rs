//! The live workers: each renews its heartbeat in a sorted set scored by when it runs out, and
//! reads the others' from it.

use crate::cluster::node::Node;
use crate::cluster::scripts::HEARTBEAT;
use redis::RedisError;

/// How many partition leases a heartbeat lasts: long enough that the workers' list survives
/// Redis being away for a few leases (the shares stay as they were, so each worker takes its
/// own partitions back), while a dead worker's partitions are adopted by the others within
/// two leases regardless (see `Orphans`).
const MEMBERSHIP_LEASES: u32 = 5;

/// Renews this worker's heartbeat; returns the live workers' holder names, sorted.
pub(crate) async fn heartbeat(node: &Node) -> Result<Vec<String>, RedisError> {
    let ttl = u64::try_from((node.settings.partition_lease * MEMBERSHIP_LEASES).as_millis())
        .unwrap_or(u64::MAX);
    let mut live: Vec<String> = HEARTBEAT
        .key(node.keys.workers())
        .arg(&node.holder)
        .arg(ttl)
        .invoke_async(&mut node.redis.conn())
        .await?;
    // The set is ordered by heartbeat, which changes every round: the shares follow names.
    live.sort();
    Ok(live)
}

/// Leaves the set of live workers.
pub(crate) async fn leave(node: &Node) -> Result<(), RedisError> {
    redis::cmd("ZREM")
        .arg(node.keys.workers())
        .arg(&node.holder)
        .query_async(&mut node.redis.conn())
        .await
}
