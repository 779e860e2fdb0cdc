//! Several instances, one bot (feature `cluster`): an update log in Redis Streams with
//! per-chat order, one poller with failover, and workers that share the log's partitions.
//!
//! ```text
//!  Telegram ──getUpdates──▶ intake (the lease holder; standbys wait)
//!                              │ each update to partition hash(chat, else user, else itself) % P
//!                              ▼
//!          Redis: telebot:{ns:p0}:log … telebot:{ns:pP-1}:log   (one stream per partition)
//!                              │ consumer group; each partition owned by one worker's lease
//!                              ▼
//!            worker A (p0, p2, …)     worker B (p1, p3, …)      … the same lanes as in process
//! ```
//!
//! # What it guarantees
//!
//! * **At-least-once.** An update is confirmed to Telegram (the offset moves past it) only once
//!   it is in its partition's log, and removed from the log only once its handlers finished.
//!   A worker that dies repeats, through the worker that takes its partitions over, the
//!   updates it had read and not yet acknowledged: those cut mid-handler, and those whose
//!   handlers had finished a moment before and whose acknowledgement had not reached Redis
//!   (acknowledgements go out in batches as handlers finish). Handlers see the update's
//!   `update_id` and can make their effects idempotent with it.
//! * **Per-chat order.** One chat's updates share a partition (the partition is chosen by the
//!   same lane key the in-process dispatcher uses: chat, else user, else the update itself),
//!   a partition has one owner at a time, and the owner hands them to its lanes in log
//!   order. A new owner first handles what its predecessor left pending, in order, and
//!   starts only after the predecessor's lease ran out or was released — released only once
//!   it had nothing in hand. Conversations key on the chat and user, so one conversation's
//!   updates are handled by one worker at a time too.
//! * **One poller.** The intake lease has one holder; a standby takes over within about two
//!   lease periods after it dies. Long polls last at most a third of the lease and are sent
//!   only while the lease surely outlasts them, so Telegram never sees two `getUpdates` at
//!   once from the cluster. With a webhook ([`Cluster::webhook`], feature `webhooks`), every
//!   intake instance serves it instead, and answers 200 once the update is in the log (at
//!   least once as well; a copy is appended once).
//! * **Fencing.** Every lease is held under an epoch that moves on whenever another instance
//!   takes it. Reading a partition and acknowledging its entries are Lua scripts that check
//!   the caller's `<holder>:<epoch>` first: a worker that stalled past its lease can no longer
//!   read or acknowledge once another has taken the partition; its queued updates are given
//!   back unhandled.
//! * **Bounded everything.** A partition's log holds at most
//!   [`max_log_len`](Cluster::max_log_len) unhandled updates: when one is full, the intake
//!   stops fetching and confirming (Telegram keeps the updates) instead of dropping any. A
//!   worker holds at most [`in_hand`](Cluster::in_hand) entries read and not acknowledged.
//!   An unreachable Redis is waited for at most [`redis_wait`](Cluster::redis_wait), logged.
//!
//! Not guaranteed: order between different chats; exactly-once effects (use the update id);
//! that an update reaches a handler at all when it does not decode (it goes to the error
//! handlers, as in process).
//!
//! # Why Streams with partition leases
//!
//! * **A consumer group over one stream** spreads entries over consumers one by one: two
//!   updates of one chat would run at once on two workers. Partitions keyed by chat keep a
//!   chat on one owner, and each partition keeps its own consumer group with one consumer
//!   name ("owner"), so a new owner reads its predecessor's pending entries as its own,
//!   oldest first, with no `XCLAIM` bookkeeping.
//! * **Lists with `BLMOVE`** (a reliable queue) keep order but have no pending-entry list
//!   with ids to acknowledge out of order, which lanes need (chats finish at different
//!   times).
//! * **Pub/Sub** loses whatever arrives while a subscriber is down.
//! * **A protocol between instances** (gossip, a leader that assigns work) would be a second
//!   distributed system to get right; Redis already orders, persists and expires, and its
//!   scripts make each step (append with a repeat check, read under a lease, acknowledge and
//!   delete under a lease) atomic.
//!
//! # Beyond one Redis
//!
//! Every key carries a hash tag: a partition's keys share `{<ns>:p<i>}` and the cluster's
//! own keys `{<ns>}`, and no script touches keys of two tags. On Redis Cluster the partitions
//! therefore spread over the shards and each script runs on the shard that holds its keys;
//! raise [`partitions`](Cluster::partitions) to spread the load wider (it is fixed for a
//! cluster's life: the first instance records it, and a different number stops the others).
//!
//! # Running
//!
//! [`Application::run_cluster`](crate::Application::run_cluster) runs an instance in its role:
//! [`Role::Intake`], [`Role::Worker`], or [`Role::Both`] (the default). Every instance is
//! built with the same handlers (the intake reads them for `allowed_updates`).
//!
//! `#[telebot::main]` runs in cluster mode when `TELEBOT_CLUSTER_REDIS_URL` is set, configured
//! from these variables ([`Cluster::from_env`] reads them for a main of one's own):
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `TELEBOT_CLUSTER_REDIS_URL` | the cluster's Redis (`redis://[:password@]host:port/db`); set, it turns cluster mode on | unset: one process |
//! | `TELEBOT_CLUSTER_ROLE` | `intake`, `worker` or `both` | `both` |
//! | `TELEBOT_CLUSTER_NAMESPACE` | the prefix of every key | `bot<id>` from the token |
//! | `TELEBOT_CLUSTER_INSTANCE` | this instance's name in the status and the logs | `<hostname>-<pid>` |
//! | `TELEBOT_CLUSTER_PARTITIONS` | partitions of the update log (every instance the same) | 16 |
//! | `TELEBOT_CLUSTER_LEASE` | the poller's and the partitions' lease (`6s`, `1500ms`) | `6s` |
//!
//! # Jobs, flood limits, callback data
//!
//! * Each worker keeps the job queue; before a due run starts it claims the run in Redis by
//!   the job's id and the run's slot (its interval for a repeating job, else its due time), so
//!   a declared job, or a persistent job from a shared store, runs once per due run across
//!   the cluster and goes on when the instance that ran it dies. A job a handler schedules
//!   without persistence lives on its instance only.
//! * With a rate limiter set, its global window is a schedule of evenly spaced moments in
//!   Redis and each chat's window a sliding window there, on Redis's clock; a 429 pauses its
//!   scope for every instance. When Redis cannot be reached, each instance keeps to its share
//!   of the limits (divided by the live workers) and logs it.
//! * Long callback data is stored entry by entry in Redis, so a button packed on one worker is
//!   read on another.

mod callback_cache;
mod config;
mod connection;
mod environment;
mod flood;
mod intake;
mod jobs;
mod keys;
mod lease;
mod node;
mod partition;
pub(crate) mod run;
mod scripts;
mod status;
#[cfg(feature = "webhooks")]
mod webhook;
mod worker;

pub use config::{Cluster, Role};
pub use environment::REDIS_URL_VAR;
pub(crate) use status::StatusReader;
pub use status::{ClusterStatus, PartitionStatus};
