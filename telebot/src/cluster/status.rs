//! What the cluster looks like from Redis: who polls, which workers live, who owns each
//! partition, and how much waits there.

use super::connection::Redis;
use super::keys::{GROUP, Keys};
use crate::Error;
use crate::persistence::PersistenceError;
use redis::Value;

/// The state of a cluster at one moment, read from Redis
/// ([`Application::cluster_status`](crate::Application::cluster_status)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClusterStatus {
    /// The instance that polls Telegram, if any.
    pub intake: Option<String>,
    /// The live workers, by instance name.
    pub workers: Vec<String>,
    /// Every partition, in order.
    pub partitions: Vec<PartitionStatus>,
}

/// One partition of the update log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PartitionStatus {
    /// Its number.
    pub index: u16,
    /// The instance that owns it, if any.
    pub owner: Option<String>,
    /// Entries in its log: updates not yet handled, read or not.
    pub length: u64,
    /// Entries read by its owner and not yet acknowledged.
    pub pending: u64,
    /// Entries not yet read by any owner.
    pub lag: u64,
}

impl ClusterStatus {
    /// Updates in the logs not yet handled.
    pub fn backlog(&self) -> u64 {
        self.partitions.iter().map(|p| p.length).sum()
    }

    /// A few lines for the startup report and the logs: who polls, the live workers and what
    /// each owns, the backlog, and the partitions with entries waiting.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "  polling: {}\n  workers: {}\n",
            self.intake.as_deref().unwrap_or("nobody yet"),
            if self.workers.is_empty() {
                "none yet".to_string()
            } else {
                self.workers
                    .iter()
                    .map(|w| format!("{w} ({} partitions)", self.owned_by(w)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        let waiting: Vec<String> = self
            .partitions
            .iter()
            .filter(|p| p.length > 0)
            .map(|p| format!("p{} {} waiting, {} in hand", p.index, p.lag, p.pending))
            .collect();
        text.push_str(&format!(
            "  backlog: {} updates{}{}",
            self.backlog(),
            if waiting.is_empty() { "" } else { ": " },
            waiting.join("; ")
        ));
        text
    }

    /// How many partitions each live worker owns, by instance name.
    pub fn owned_by(&self, worker: &str) -> usize {
        self.partitions
            .iter()
            .filter(|p| p.owner.as_deref() == Some(worker))
            .count()
    }
}

/// The instance name inside a lease value `<name>/<pid>/<time>/<n>:<epoch>`.
fn instance_of(lease: &str) -> String {
    let holder = lease.rsplit_once(':').map_or(lease, |(holder, _)| holder);
    let mut parts = holder.rsplitn(4, '/');
    let _ = (parts.next(), parts.next(), parts.next());
    parts.next().unwrap_or(holder).to_owned()
}

/// What reading the status needs: kept by the application while it runs in a cluster.
#[derive(Clone)]
pub(crate) struct StatusReader {
    pub(crate) redis: Redis,
    pub(crate) keys: Keys,
    pub(crate) partitions: u16,
}

fn unavailable(node: &StatusReader, error: &redis::RedisError) -> Error {
    Error::Persistence(PersistenceError::Unavailable {
        backend: "redis",
        operation: format!("reading the cluster status on {}", node.redis.server()),
        attempts: 1,
        reason: error.to_string(),
    })
}

/// The live workers (heartbeat not run out), without renewing anyone's.
pub(crate) async fn live_workers(
    redis: &Redis,
    keys: &Keys,
) -> Result<Vec<String>, redis::RedisError> {
    let (seconds, micros): (u64, u64) = redis::cmd("TIME").query_async(&mut redis.conn()).await?;
    let now = seconds * 1000 + micros / 1000;
    redis::cmd("ZRANGEBYSCORE")
        .arg(keys.workers())
        .arg(now)
        .arg("+inf")
        .query_async(&mut redis.conn())
        .await
}

/// Reads the status.
pub(crate) async fn read(node: &StatusReader) -> Result<ClusterStatus, Error> {
    let mut conn = node.redis.conn();
    let intake: Option<String> = redis::cmd("GET")
        .arg(node.keys.intake_lease())
        .query_async(&mut conn)
        .await
        .map_err(|e| unavailable(node, &e))?;
    let workers = live_workers(&node.redis, &node.keys)
        .await
        .map_err(|e| unavailable(node, &e))?
        .iter()
        .map(|w| instance_of(&format!("{w}:0")))
        .collect();
    let mut partitions = Vec::new();
    for index in 0..node.partitions {
        let keys = node.keys.partition(index);
        let mut pipe = redis::pipe();
        pipe.cmd("GET").arg(&keys.lease);
        pipe.cmd("XLEN").arg(&keys.log);
        pipe.cmd("XINFO").arg("GROUPS").arg(&keys.log);
        let (owner, length, groups): (Option<String>, u64, Value) =
            match pipe.query_async(&mut conn).await {
                Ok(answer) => answer,
                // No log yet: XINFO fails on a missing key.
                Err(e) if e.code() == Some("ERR") => (None, 0, Value::Nil),
                Err(e) => return Err(unavailable(node, &e)),
            };
        let (pending, lag) = group_counts(&groups);
        partitions.push(PartitionStatus {
            index,
            owner: owner.as_deref().map(instance_of),
            length,
            pending,
            lag: lag.unwrap_or(length.saturating_sub(pending)),
        });
    }
    Ok(ClusterStatus {
        intake: intake.as_deref().map(instance_of),
        workers,
        partitions,
    })
}

/// `pending` and `lag` of the workers' group in an `XINFO GROUPS` answer.
fn group_counts(groups: &Value) -> (u64, Option<u64>) {
    let Value::Array(groups) = groups else {
        return (0, None);
    };
    for group in groups {
        let fields: Vec<(String, &Value)> = match group {
            Value::Array(items) => items
                .chunks(2)
                .filter_map(|kv| match (kv.first(), kv.get(1)) {
                    (Some(Value::BulkString(k)), Some(v)) => {
                        Some((String::from_utf8_lossy(k).into_owned(), v))
                    }
                    (Some(Value::SimpleString(k)), Some(v)) => Some((k.clone(), v)),
                    _ => None,
                })
                .collect(),
            Value::Map(pairs) => pairs
                .iter()
                .filter_map(|(k, v)| match k {
                    Value::BulkString(k) => Some((String::from_utf8_lossy(k).into_owned(), v)),
                    Value::SimpleString(k) => Some((k.clone(), v)),
                    _ => None,
                })
                .collect(),
            _ => continue,
        };
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| match v {
                    Value::Int(n) => u64::try_from(*n).ok(),
                    _ => None,
                })
        };
        let is_ours = fields.iter().any(|(k, v)| {
            k == "name" && matches!(v, Value::BulkString(b) if b.as_slice() == GROUP.as_bytes())
        });
        if is_ours {
            return (get("pending").unwrap_or(0), get("lag"));
        }
    }
    (0, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instance_name_is_read_back_from_a_lease() {
        assert_eq!(instance_of("web-1/4242/18c3a/7:12"), "web-1");
        assert_eq!(
            instance_of("host/with/slashes/1/ab/0:3"),
            "host/with/slashes"
        );
    }
}
