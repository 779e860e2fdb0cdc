//! What a cluster instance is told: where Redis is, which role it plays, and the sizes and
//! periods every instance of one bot must agree on.

use std::time::Duration;

/// What an instance does in a cluster.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Role {
    /// Receives updates (long polling under a leader lease) and writes them to the update log.
    Intake,
    /// Handles updates from the partitions it owns.
    Worker,
    /// Both (the default): every instance can take over polling, and every instance works.
    #[default]
    Both,
}

impl Role {
    /// Whether this role receives updates.
    pub fn receives(self) -> bool {
        matches!(self, Role::Intake | Role::Both)
    }

    /// Whether this role handles updates.
    pub fn works(self) -> bool {
        matches!(self, Role::Worker | Role::Both)
    }

    /// The role's name as `TELEBOT_CLUSTER_ROLE` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Intake => "intake",
            Role::Worker => "worker",
            Role::Both => "both",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "intake" => Ok(Role::Intake),
            "worker" => Ok(Role::Worker),
            "both" | "" => Ok(Role::Both),
            other => Err(format!(
                "unknown cluster role `{other}`; expected `intake`, `worker` or `both`"
            )),
        }
    }
}

/// A bot run as several instances sharing one Redis (feature `cluster`): see [the module
/// docs](crate::cluster) for what it guarantees.
///
/// ```no_run
/// # async fn run(app: telebot::Application) -> Result<(), telebot::Error> {
/// use telebot::cluster::{Cluster, Role};
/// let cluster = Cluster::redis("redis://127.0.0.1:6379/").role(Role::Worker);
/// app.run_cluster(cluster).await
/// # }
/// ```
#[derive(Clone)]
pub struct Cluster {
    pub(crate) url: String,
    pub(crate) namespace: Option<String>,
    pub(crate) role: Role,
    pub(crate) partitions: u16,
    pub(crate) intake_lease: Duration,
    pub(crate) partition_lease: Duration,
    pub(crate) max_log_len: usize,
    pub(crate) read_batch: usize,
    pub(crate) in_hand: usize,
    pub(crate) instance: Option<String>,
    pub(crate) long_poll: Duration,
    pub(crate) redis_wait: Duration,
    pub(crate) flood_margin: Duration,
    /// Receive through a webhook on every intake instance instead of polling.
    #[cfg(feature = "webhooks")]
    pub(crate) webhook: Option<crate::updates::webhook::WebhookConfig>,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster")
            .field("server", &crate::persistence::redis::server_of(&self.url))
            .field("namespace", &self.namespace)
            .field("role", &self.role)
            .field("partitions", &self.partitions)
            .field("intake_lease", &self.intake_lease)
            .field("partition_lease", &self.partition_lease)
            .field("max_log_len", &self.max_log_len)
            .finish_non_exhaustive()
    }
}

impl Cluster {
    /// A cluster on the Redis at `url` (`redis://[:password@]host:port/db`), in the default
    /// role ([`Role::Both`]) with the default sizes.
    pub fn redis(url: impl Into<String>) -> Cluster {
        Cluster {
            url: url.into(),
            namespace: None,
            role: Role::Both,
            partitions: 16,
            intake_lease: Duration::from_secs(6),
            partition_lease: Duration::from_secs(6),
            max_log_len: 10_000,
            read_batch: 100,
            in_hand: 256,
            instance: None,
            long_poll: Duration::from_secs(25),
            redis_wait: Duration::from_secs(60),
            flood_margin: Duration::from_millis(10),
            #[cfg(feature = "webhooks")]
            webhook: None,
        }
    }

    /// This instance's role (default [`Role::Both`]).
    pub fn role(mut self, role: Role) -> Cluster {
        self.role = role;
        self
    }

    /// The prefix of every key (letters, digits, `.`, `_`, `-`); default `bot<id>`, the bot's
    /// id from its token, so two bots on one Redis never meet.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Cluster {
        self.namespace = Some(namespace.into());
        self
    }

    /// How many partitions the update log has (default 16, at most 1024): the most workers
    /// that can share the work. Every instance must agree; the first one to start records it
    /// and a different number stops the others at startup.
    pub fn partitions(mut self, partitions: u16) -> Cluster {
        self.partitions = partitions.clamp(1, 1024);
        self
    }

    /// How long the poller's lease lasts unrenewed (default 6 s): a standby takes over within
    /// about two of these after the poller dies. Long polls are kept shorter than a third of
    /// it, so that a dead poller's last `getUpdates` is over before anyone else's starts.
    pub fn intake_lease(mut self, lease: Duration) -> Cluster {
        self.intake_lease = lease.max(Duration::from_millis(300));
        self
    }

    /// How long a worker's hold on a partition lasts unrenewed (default 6 s): another worker
    /// takes the partition over within about two of these after its owner dies.
    pub fn partition_lease(mut self, lease: Duration) -> Cluster {
        self.partition_lease = lease.max(Duration::from_millis(300));
        self
    }

    /// The most unhandled entries a partition's log holds (default 10,000); a full partition
    /// holds the intake back (it stops fetching and confirming) instead of dropping anything.
    pub fn max_log_len(mut self, len: usize) -> Cluster {
        self.max_log_len = len.max(1);
        self
    }

    /// The most entries a worker reads from a partition at once (default 100).
    pub fn read_batch(mut self, batch: usize) -> Cluster {
        self.read_batch = batch.clamp(1, 1000);
        self
    }

    /// The most entries a worker holds read and not yet acknowledged, over all its partitions
    /// (default 256): what a takeover may have to hand again at most.
    pub fn in_hand(mut self, in_hand: usize) -> Cluster {
        self.in_hand = in_hand.max(1);
        self
    }

    /// This instance's name in the status and the logs (default `<hostname>-<pid>`).
    pub fn instance(mut self, name: impl Into<String>) -> Cluster {
        self.instance = Some(name.into());
        self
    }

    /// The longest a `getUpdates` waits for updates (default 25 s, and never more than a third
    /// of the intake lease).
    pub fn long_poll(mut self, wait: Duration) -> Cluster {
        self.long_poll = wait;
        self
    }

    /// How long an instance waits for an unreachable Redis before it gives up and stops with an
    /// error (default 60 s). Every wait is logged.
    pub fn redis_wait(mut self, wait: Duration) -> Cluster {
        self.redis_wait = wait;
        self
    }

    /// How much longer than the rate limiter's own every shared flood-control window is
    /// (default 10 ms): calls counted together in Redis reach Telegram from several processes,
    /// each a few milliseconds after its count, and the margin keeps that spread inside
    /// Telegram's windows. It slows a full global window by `margin / per` (1% of Telegram's
    /// one-second window).
    pub fn flood_margin(mut self, margin: Duration) -> Cluster {
        self.flood_margin = margin;
        self
    }

    /// Receive updates through a webhook served by every intake instance (behind one load
    /// balancer, say) instead of long polling under a lease (feature `webhooks`). Each update
    /// is answered 200 once it is in the log; see `telebot::cluster`'s docs. The config's
    /// `lane_wait` is how long a request waits for Redis before it is answered 503;
    /// `acknowledge` and `lane_capacity` do not apply (the log is the queue).
    #[cfg(feature = "webhooks")]
    pub fn webhook(mut self, config: crate::updates::webhook::WebhookConfig) -> Cluster {
        self.webhook = Some(config);
        self
    }

    /// The role this instance plays.
    pub fn role_of(&self) -> Role {
        self.role
    }

    /// The number of partitions.
    pub fn partition_count(&self) -> u16 {
        self.partitions
    }

    /// The long-poll wait actually used: at most a third of the intake lease, in whole
    /// seconds (Telegram's unit).
    pub(crate) fn poll_seconds(&self) -> u64 {
        let cap = self.intake_lease / 3;
        self.long_poll.min(cap).as_secs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_as_the_environment_spells_them() {
        assert_eq!("intake".parse::<Role>(), Ok(Role::Intake));
        assert_eq!(" Worker ".parse::<Role>(), Ok(Role::Worker));
        assert_eq!("both".parse::<Role>(), Ok(Role::Both));
        let error = "poller".parse::<Role>().unwrap_err();
        assert!(
            error.contains("`poller`") && error.contains("`intake`"),
            "{error}"
        );
    }

    #[test]
    fn the_password_of_the_url_is_never_shown() {
        let cluster = Cluster::redis("redis://:hunter2-secret@cache.internal:6380/2");
        let shown = format!("{cluster:?}");
        assert!(shown.contains("cache.internal:6380"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn long_polls_stay_within_a_third_of_the_lease() {
        let cluster = Cluster::redis("redis://x/").intake_lease(Duration::from_secs(6));
        assert_eq!(cluster.poll_seconds(), 2);
        let short = cluster.long_poll(Duration::from_secs(1));
        assert_eq!(short.poll_seconds(), 1);
    }
}
