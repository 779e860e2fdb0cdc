//! The intake: long polling under a leader lease, every update written to its partition's log
//! before Telegram is told it arrived.
//!
//! Exactly one instance polls: the holder of the intake lease. It renews the lease before
//! every `getUpdates` and only sends one while the lease surely outlasts it (long polls are at
//! most a third of the lease), so a poller that dies or stalls has finished its last
//! `getUpdates` before its lease can run out and a standby's first one starts: Telegram never
//! sees two at once. The offset sent to Telegram (which confirms every update below it)
//! passes an update only once that update is in Redis; a new poller repeats what its
//! predecessor had appended and not yet confirmed, and the append script skips those repeats
//! by id.

use super::lease::{Hold, Lease};
use super::node::Node;
use super::partition::{partition_of, partition_of_undecodable};
use super::scripts::APPEND;
use crate::Error;
use crate::api::methods::GetUpdates;
use crate::client::Backoff;
use crate::updates::polling::peek_id;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How many appended update ids each partition remembers, to skip repeats.
const REMEMBERED_IDS: usize = 10_000;
/// Updates per `getUpdates`.
const LIMIT: i64 = 100;

/// Runs the intake until `stop` turns true: standby until the lease is free, then polls (or,
/// with a webhook configured, serves it on this instance).
pub(crate) async fn run(node: Arc<Node>, mut stop: watch::Receiver<bool>) -> Result<(), Error> {
    #[cfg(feature = "webhooks")]
    if let Some(config) = node.settings.webhook.clone() {
        return super::webhook::run(node, config, stop).await;
    }
    let settings = &node.settings;
    let mut lease = Lease::new(
        node.keys.intake_lease(),
        node.keys.intake_epoch(),
        node.holder.clone(),
        settings.intake_lease,
    );
    let mut standby_said = false;
    let result = loop {
        if *stop.borrow() {
            break Ok(());
        }
        let hold = node
            .redis
            .patiently("taking the intake lease", |mut c| {
                let mut probe = Lease::new(
                    node.keys.intake_lease(),
                    node.keys.intake_epoch(),
                    node.holder.clone(),
                    settings.intake_lease,
                );
                // A poller is replaced at once: the log skips what both fetch.
                async move { probe.hold(&mut c, true).await.map(|h| (h, probe)) }
            })
            .await;
        match hold {
            Ok((Hold::Held { epoch, .. }, held)) => {
                lease = held;
                standby_said = false;
                tracing::info!(instance = %node.name, epoch, "this instance polls Telegram for the cluster (intake lease taken)");
                match Poller::new(&node).lead(&mut lease, &mut stop).await {
                    Ok(()) => {}
                    Err(error) => break Err(error),
                }
            }
            Ok((Hold::Busy | Hold::Unclaimed, _)) => {
                if !standby_said {
                    standby_said = true;
                    tracing::info!(instance = %node.name, "another instance polls; this one stands by to take over");
                }
                let wait = settings.intake_lease / 3;
                tokio::select! {
                    _ = stop.wait_for(|s| *s) => {}
                    _ = tokio::time::sleep(wait) => {}
                }
            }
            Err(error) => break Err(error),
        }
    };
    let mut conn = node.redis.conn();
    if let Err(e) = lease.release(&mut conn).await {
        tracing::warn!(error = %e, "could not give the intake lease up; it runs out by itself");
    }
    result
}

/// The partition of an update as received: by its lane key, or its own lane when it does
/// not decode (the worker reports it as undecodable).
pub(crate) fn partition_of_text(text: &str, id: i64, partitions: u16) -> u16 {
    match telebot_api::decode_update(text.as_bytes()) {
        Ok(update) => partition_of(&update, partitions),
        Err(_) => partition_of_undecodable(id, partitions),
    }
}

/// Appends updates of one partition to its log, in order, skipping repeats: one answer per
/// update (1 appended, 0 a repeat, -1 the log is full). Waits out an unreachable Redis for the
/// cluster's patience.
pub(crate) async fn append(
    node: &Node,
    partition: u16,
    updates: &[(i64, String)],
) -> Result<Vec<i64>, Error> {
    let keys = node.keys.partition(partition);
    let max_len = node.settings.max_log_len;
    node.redis
        .patiently("appending updates to the log", |mut c| {
            let mut call = APPEND.prepare_invoke();
            call.key(&keys.log)
                .key(&keys.ids)
                .arg(max_len)
                .arg(REMEMBERED_IDS);
            for (id, text) in updates {
                call.arg(id).arg(text.as_str());
            }
            async move { call.invoke_async::<Vec<i64>>(&mut c).await }
        })
        .await
}

/// The poller of one leadership.
struct Poller<'a> {
    node: &'a Node,
    allowed: Vec<String>,
    /// The next offset to send: one past the last update in Redis (`None` until the first
    /// batch: Telegram then starts at its last confirmed offset).
    offset: Option<i64>,
    backoff: Backoff,
    failing: bool,
}

/// How a batch went into Redis.
enum Appended {
    /// Every update is in the log: confirm up to `next`.
    All { next: Option<i64> },
    /// The log of `partition` is full; `next` is the lowest update not appended.
    Full { partition: u16, next: i64 },
}

impl<'a> Poller<'a> {
    fn new(node: &'a Node) -> Poller<'a> {
        Poller {
            node,
            allowed: node.app.allowed_updates(),
            offset: None,
            backoff: Backoff::new(Duration::from_millis(500), Duration::from_secs(30)),
            failing: false,
        }
    }

    /// Polls while the lease holds and no stop is asked; `Ok` when the lease was lost or the
    /// stop came (after confirming what is in Redis).
    async fn lead(
        &mut self,
        lease: &mut Lease,
        stop: &mut watch::Receiver<bool>,
    ) -> Result<(), Error> {
        let settings = &self.node.settings;
        let ttl = settings.intake_lease;
        let poll = Duration::from_secs(settings.poll_seconds());
        loop {
            if *stop.borrow() {
                self.confirm(lease).await;
                return Ok(());
            }
            if lease.remaining() < ttl * 2 / 3 && !self.renew(lease).await {
                return Ok(());
            }
            if lease.remaining() <= poll + ttl / 6 {
                // A renewal did not land; no poll may outlast the lease.
                tokio::time::sleep(ttl / 12).await;
                continue;
            }
            let params = GetUpdates {
                offset: self.offset,
                limit: Some(LIMIT),
                timeout: Some(i64::try_from(poll.as_secs()).unwrap_or(0)),
                allowed_updates: Some(self.allowed.clone()),
            };
            let bot = self.node.app.bot();
            let answer = tokio::select! {
                _ = stop.wait_for(|s| *s) => continue,
                answer = bot.execute_raw(params) => answer,
            };
            let raw = answer.and_then(|(status, body)| {
                bot.parse_answer::<Vec<&RawValue>>("getUpdates", status, &body)
                    .map(|raw| {
                        raw.iter()
                            .map(|r| r.get().to_owned())
                            .collect::<Vec<String>>()
                    })
            });
            let batch = match raw {
                Ok(batch) => {
                    if self.failing {
                        tracing::info!("getUpdates works again");
                    }
                    self.failing = false;
                    self.backoff.reset();
                    batch
                }
                Err(error @ Error::InvalidToken { .. }) => {
                    tracing::error!("Telegram rejected the bot token (401): the intake stops");
                    return Err(error);
                }
                Err(error) => {
                    let wait = self.failed(&error);
                    tokio::select! {
                        _ = stop.wait_for(|s| *s) => {}
                        _ = tokio::time::sleep(wait) => {}
                    }
                    continue;
                }
            };
            if batch.is_empty() && poll.is_zero() {
                // A lease under three seconds allows no long poll (Telegram counts whole
                // seconds): pause a little between empty answers instead of spinning.
                tokio::time::sleep((ttl / 6).min(Duration::from_millis(250))).await;
                continue;
            }
            match self.append(lease, batch).await? {
                Some(Appended::All { next }) => self.offset = next.or(self.offset),
                Some(Appended::Full { partition, next }) => {
                    self.offset = Some(next);
                    if !self.wait_for_room(lease, partition, stop).await? {
                        return Ok(());
                    }
                }
                // Redis stayed away for as long as the lease lasts: stand down.
                None => return Ok(()),
            }
        }
    }

    /// Renews the lease; `false` when it is lost (another instance holds it, or Redis did not
    /// answer before it ran out).
    async fn renew(&self, lease: &mut Lease) -> bool {
        loop {
            let mut conn = self.node.redis.conn();
            match lease.hold(&mut conn, true).await {
                Ok(Hold::Held { .. }) => return true,
                Ok(Hold::Busy | Hold::Unclaimed) => {
                    tracing::warn!(instance = %self.node.name, "the intake lease was lost to another instance; this one stops polling");
                    return false;
                }
                Err(error) if lease.valid() => {
                    tracing::warn!(%error, remaining = ?lease.remaining(), "renewing the intake lease failed; retrying");
                    tokio::time::sleep(Duration::from_millis(100).min(lease.remaining() / 4)).await;
                }
                Err(error) => {
                    tracing::warn!(%error, "the intake lease ran out while Redis did not answer; this instance stops polling");
                    lease.forget();
                    return false;
                }
            }
        }
    }

    /// Logs a failed `getUpdates`; returns how long to wait.
    fn failed(&mut self, error: &Error) -> Duration {
        if let Some(wait) = error.retry_after() {
            tracing::warn!(?wait, "getUpdates: flood control; waiting");
            return wait;
        }
        let wait = self.backoff.next_wait();
        if error.error_code() == Some(409) {
            tracing::error!(%error, ?wait, "getUpdates answered 409 Conflict: a process outside this cluster polls with the same token, or a webhook is set");
        } else if !self.failing {
            tracing::warn!(%error, ?wait, "getUpdates failed; retrying with backoff");
        }
        self.failing = true;
        wait
    }

    /// Writes a batch to the partitions' logs. `None` when Redis did not take it before the
    /// lease ran out.
    async fn append(&self, lease: &Lease, batch: Vec<String>) -> Result<Option<Appended>, Error> {
        let partitions = self.node.settings.partitions;
        let mut groups: BTreeMap<u16, Vec<(i64, String)>> = BTreeMap::new();
        let mut last = None;
        for text in batch {
            let Some(id) = peek_id(&text) else {
                let excerpt: String = text.chars().take(200).collect();
                tracing::error!(%excerpt, "getUpdates returned an entry without an update_id; skipped");
                continue;
            };
            if self.offset.is_some_and(|offset| id < offset) {
                continue;
            }
            let partition = partition_of_text(&text, id, partitions);
            groups.entry(partition).or_default().push((id, text));
            last = Some(last.map_or(id, |l: i64| l.max(id)));
        }
        if groups.is_empty() {
            return Ok(Some(Appended::All { next: None }));
        }
        let mut full: Option<(u16, i64)> = None;
        for (partition, updates) in &groups {
            let outcome = append(self.node, *partition, updates);
            let results = tokio::select! {
                results = outcome => results?,
                _ = tokio::time::sleep(lease.remaining()) => {
                    tracing::warn!("Redis did not take the updates before the intake lease ran out; this instance stops polling (the updates come again)");
                    return Ok(None);
                }
            };
            if let Some(at) = results.iter().position(|r| *r < 0) {
                let first = updates[at].0;
                if full.is_none_or(|(_, lowest)| first < lowest) {
                    full = Some((*partition, first));
                }
            }
        }
        Ok(Some(match full {
            Some((partition, next)) => Appended::Full { partition, next },
            None => Appended::All {
                next: last.map(|l| l + 1),
            },
        }))
    }

    /// Waits while a partition's log is full, renewing the lease; `false` when the lease is
    /// lost.
    async fn wait_for_room(
        &self,
        lease: &mut Lease,
        partition: u16,
        stop: &mut watch::Receiver<bool>,
    ) -> Result<bool, Error> {
        let keys = self.node.keys.partition(partition);
        let max = self.node.settings.max_log_len;
        tracing::warn!(
            partition,
            max,
            "a partition's log is full: the intake holds back (no updates fetched or confirmed) until workers catch up"
        );
        loop {
            if *stop.borrow() {
                return Ok(true);
            }
            if lease.remaining() < self.node.settings.intake_lease * 2 / 3
                && !self.renew(lease).await
            {
                return Ok(false);
            }
            let len: usize = self
                .node
                .redis
                .patiently("reading a log's length", |mut c| {
                    let log = keys.log.clone();
                    async move { redis::cmd("XLEN").arg(log).query_async(&mut c).await }
                })
                .await?;
            if len < max {
                tracing::info!(
                    partition,
                    len,
                    "the partition has room again; the intake goes on"
                );
                return Ok(true);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// At a stop: one last `getUpdates` confirms what is in Redis, while the lease still
    /// covers it.
    async fn confirm(&self, lease: &Lease) {
        let Some(offset) = self.offset else { return };
        if lease.remaining() < Duration::from_millis(200) {
            return;
        }
        let params = GetUpdates {
            offset: Some(offset),
            limit: Some(1),
            timeout: Some(0),
            allowed_updates: None,
        };
        let bot = self.node.app.bot();
        match bot.execute_raw(params).await.and_then(|(status, body)| {
            bot.parse_answer::<Vec<&RawValue>>("getUpdates", status, &body)
                .map(drop)
        }) {
            Ok(()) => tracing::info!(
                offset,
                "confirmed to Telegram every update written to the log"
            ),
            Err(error) => {
                tracing::warn!(%error, "could not confirm the updates written to the log; the next poller repeats them and the log skips them")
            }
        }
    }
}
