//! The key layout. Every key starts with `telebot:` and carries a Redis Cluster hash tag: a
//! partition's keys share `{<ns>:p<i>}`, so that the scripts that touch a partition's log and
//! its lease run on one shard, and partitions spread over shards; the keys of the whole
//! cluster share `{<ns>}`.

/// The keys of one cluster.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    namespace: String,
}

/// The keys of one partition.
#[derive(Debug, Clone)]
pub(crate) struct PartitionKeys {
    /// The stream of the partition's unhandled updates.
    pub log: String,
    /// A sorted set of the update ids appended lately (score = id): the intake's repeat check.
    pub ids: String,
    /// The owner's lease: `<worker token>:<epoch>`.
    pub lease: String,
    /// The lease's epoch counter (the fencing token's source).
    pub epoch: String,
}

/// The consumer group every worker reads through. Its one consumer is named `owner` (in the
/// scripts): the partition's owner, whoever that is, so that a new owner finds its
/// predecessor's pending entries as its own.
pub(crate) const GROUP: &str = "workers";

impl Keys {
    pub(crate) fn new(namespace: &str) -> Keys {
        Keys {
            namespace: namespace.to_owned(),
        }
    }

    /// The namespace, as given.
    pub(crate) fn namespace(&self) -> &str {
        &self.namespace
    }

    fn global(&self, name: &str) -> String {
        format!("telebot:{{{}}}:{name}", self.namespace)
    }

    /// The settings every instance must agree on (a hash: `partitions`).
    pub(crate) fn settings(&self) -> String {
        self.global("settings")
    }

    /// The poller's lease.
    pub(crate) fn intake_lease(&self) -> String {
        self.global("intake:lease")
    }

    /// The poller lease's epoch counter.
    pub(crate) fn intake_epoch(&self) -> String {
        self.global("intake:epoch")
    }

    /// Live workers: a sorted set of worker names scored by when their heartbeat runs out
    /// (milliseconds of Redis's clock).
    pub(crate) fn workers(&self) -> String {
        self.global("workers")
    }

    /// A flood-control key: every one shares the tag `{<ns>:flood}`, since one script reads the
    /// global window and a chat's together.
    pub(crate) fn flood(&self, name: &str) -> String {
        format!("telebot:{{{}:flood}}:{name}", self.namespace)
    }

    /// A long callback-data value.
    pub(crate) fn callback_data(&self, key: &str) -> String {
        self.global(&format!("cbd:{key}"))
    }

    /// The claim of one run of a job (`slot`: see `jobs::gate`).
    pub(crate) fn job_run(&self, id: &str, slot: i64) -> String {
        self.global(&format!("run:{id}:{slot}"))
    }

    /// The keys of partition `index`.
    pub(crate) fn partition(&self, index: u16) -> PartitionKeys {
        let tag = format!("telebot:{{{}:p{index}}}", self.namespace);
        PartitionKeys {
            log: format!("{tag}:log"),
            ids: format!("{tag}:ids"),
            lease: format!("{tag}:lease"),
            epoch: format!("{tag}:epoch"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The part of a key Redis Cluster hashes: between the first `{` and the next `}`.
    fn hash_tag(key: &str) -> &str {
        let open = key.find('{').unwrap();
        let close = open + key[open..].find('}').unwrap();
        &key[open + 1..close]
    }

    #[test]
    fn a_partitions_keys_share_one_slot_and_partitions_differ() {
        let keys = Keys::new("bot42");
        let p3 = keys.partition(3);
        for key in [&p3.log, &p3.ids, &p3.lease, &p3.epoch] {
            assert_eq!(hash_tag(key), "bot42:p3", "{key}");
        }
        assert_eq!(hash_tag(&keys.partition(4).log), "bot42:p4");
        assert_eq!(hash_tag(&keys.intake_lease()), "bot42");
        assert_eq!(hash_tag(&keys.intake_epoch()), "bot42");
    }
}
