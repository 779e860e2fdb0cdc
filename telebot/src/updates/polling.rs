//! Long polling: `getUpdates` in a loop until SIGINT or SIGTERM, at-least-once by default.
//!
//! * **At-least-once** ([`DeliveryGuarantee::AtLeastOnce`], the default): the offset sent to Telegram,
//!   which confirms every update below it, never passes the lowest update whose handlers
//!   (non-blocking ones included) have not finished. A crash (even SIGKILL) loses nothing;
//!   after a restart Telegram repeats at most the updates fetched and not yet confirmed,
//!   which are never more than `limit`. Updates after a slow one keep being fetched and
//!   handled, up to `limit` of them past it.
//! * **Graceful stop**: on SIGINT or SIGTERM polling stops, the application finishes the
//!   updates in hand (at most its `stop_timeout`), and one last `getUpdates` confirms exactly
//!   what was handled: a clean restart repeats nothing. Updates still running when the time
//!   is up are not confirmed and come again.
//! * **An update journal** ([`PollingConfig::journal`], opt-in) keeps at-least-once and lifts
//!   its cap: each batch is appended to a local file and synced before the offset passes it,
//!   so updates are confirmed once on disk instead of once handled, and one slow chat (a 429
//!   to wait out) no longer holds back polling for every other chat. At start, what the
//!   journal holds unhandled is handled again first. See [`JournalConfig`].
//! * **Fast acknowledgement** ([`DeliveryGuarantee::AtMostOnce`], opt-in) confirms updates as soon as
//!   they are fetched: a crash loses the updates in hand.
//! * Each update of a batch is decoded on its own: one that does not decode goes to the error
//!   handlers as an [`UndecodableUpdate`](super::UndecodableUpdate) with its id and raw JSON,
//!   and the others go on.
//! * Network errors, time-outs and 5xx answers are retried with exponential backoff and
//!   jitter; a 429 waits its `retry_after`; 409 Conflict (another instance polling with the
//!   same token, or a webhook set) is reported to the error handlers as a [`PollingConflict`]
//!   and retried with backoff for at most [`PollingConfig::conflict_limit`] without a break,
//!   then polling stops with that error; 401 stops polling with [`Error::InvalidToken`].
//! * A webhook set for the bot stops polling before it starts (polling would get nothing),
//!   unless [`PollingConfig::delete_webhook`] asks to delete it.

mod batch;

pub use super::journal::JournalConfig;

#[cfg(feature = "cluster")]
pub(crate) use batch::peek_id;

use super::shutdown::shutdown_signal;
use super::undecodable;
use crate::api::methods::GetUpdates;
use crate::application::Application;
use crate::client::Backoff;
use crate::dispatch::watermark::{Receipt, Watermark};
use crate::updates::journal::{Journal, Replay};
use crate::{Bot, Error};
use futures_util::future::BoxFuture;
use serde_json::value::RawValue;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// When updates are confirmed to Telegram.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DeliveryGuarantee {
    /// After their handlers finished: nothing is lost on a crash, the updates in hand may
    /// come again after a restart.
    #[default]
    AtLeastOnce,
    /// As soon as they are fetched: nothing comes twice, the updates in hand are lost on a
    /// crash.
    AtMostOnce,
}

/// Polling settings.
#[derive(Debug, Clone)]
pub struct PollingConfig {
    /// Seconds Telegram may hold a `getUpdates` open waiting for updates (default 30; the
    /// HTTP time-out of the request is the bot's request time-out on top of it).
    pub timeout: u64,
    /// Updates per batch, 1–100 (default 100); also the most updates fetched and not yet
    /// confirmed.
    pub limit: i64,
    /// Drop the updates waiting at startup (default no).
    pub drop_pending_updates: bool,
    /// When updates are confirmed (default [`DeliveryGuarantee::AtLeastOnce`]).
    pub delivery: DeliveryGuarantee,
    /// The first wait after a failed `getUpdates` (default 0.5 s); waits double up to
    /// `max_backoff`, with jitter.
    pub min_backoff: Duration,
    /// The longest wait between failed `getUpdates` (default 30 s).
    pub max_backoff: Duration,
    /// Delete a webhook set for this bot before polling (default no: a webhook that is set
    /// stops polling before it starts, with an error naming its host, so that a bot started
    /// by mistake does not take another deployment's updates). `drop_pending_updates` deletes
    /// it too, since that is how Telegram drops them.
    pub delete_webhook: bool,
    /// How long `getUpdates` may answer 409 Conflict without a break before polling stops with
    /// that error (default 2 minutes): long enough for a rolling restart's old instance to
    /// end, short enough that two deployments polling with one token do not fight for ever.
    pub conflict_limit: Duration,
    /// An update journal (default none): with at-least-once delivery, updates are confirmed
    /// to Telegram once journaled (appended to this local file and synced), not once handled,
    /// so a slow update holds back only its own chat; at start, what the journal holds
    /// unhandled is handled again first. `TELEBOT_POLLING_JOURNAL` sets it from the
    /// environment.
    pub journal: Option<JournalConfig>,
}

impl Default for PollingConfig {
    fn default() -> Self {
        PollingConfig {
            timeout: 30,
            limit: 100,
            drop_pending_updates: false,
            delivery: DeliveryGuarantee::AtLeastOnce,
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            delete_webhook: false,
            conflict_limit: Duration::from_secs(120),
            journal: None,
        }
    }
}

impl PollingConfig {
    /// The defaults, with what the environment sets:
    ///
    /// | variable | meaning | default |
    /// |---|---|---|
    /// | `TELEBOT_POLLING_JOURNAL` | keep an update journal in this file ([`PollingConfig::journal`]) | unset: no journal |
    /// | `TELEBOT_POLLING_JOURNAL_CAPACITY` | the most updates journaled and not yet handled | 10000 |
    ///
    /// A value that cannot be used is an error naming its variable.
    pub fn from_env() -> Result<PollingConfig, Error> {
        PollingConfig::from_vars(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any source of variables.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<PollingConfig, Error> {
        let mut config = PollingConfig::default();
        let capacity = match var("TELEBOT_POLLING_JOURNAL_CAPACITY")
            .as_deref()
            .map(str::trim)
        {
            None | Some("") => None,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    return Err(Error::Setup(format!(
                        "TELEBOT_POLLING_JOURNAL_CAPACITY={text:?} is not a number of updates (expected a whole number above 0, like 10000)"
                    )));
                }
            },
        };
        match var("TELEBOT_POLLING_JOURNAL").filter(|v| !v.trim().is_empty()) {
            Some(path) => {
                let journal = JournalConfig::new(path.trim());
                config.journal = Some(match capacity {
                    Some(n) => journal.capacity(n),
                    None => journal,
                });
            }
            None if capacity.is_some() => {
                return Err(Error::Setup(
                    "TELEBOT_POLLING_JOURNAL_CAPACITY is set without TELEBOT_POLLING_JOURNAL (the journal's file)".into(),
                ));
            }
            None => {}
        }
        Ok(config)
    }
}

/// `getUpdates` answered 409 Conflict: another process polls with this bot's token, or a
/// webhook is set. Reported to the error handlers once per episode; polling keeps retrying
/// with backoff for at most [`PollingConfig::conflict_limit`] without a break.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "getUpdates conflict: {description}. Another instance of this bot is polling with the same token, or a webhook is set (deleteWebhook, or use run_webhook); retrying with backoff"
)]
pub struct PollingConflict {
    /// Telegram's description.
    pub description: String,
}

/// How long a stuck update may keep the poller from looking for new updates.
const RECHECK: Duration = Duration::from_millis(500);

/// Runs the application with long polling until SIGINT or SIGTERM.
pub async fn run(app: &Application, config: PollingConfig) -> Result<(), Error> {
    run_boxed(app, config).await
}

/// Boxed in a plain function: an `async fn`'s body is compiled into every codegen unit that
/// awaits it, and this one is large (a release build's binary held three copies).
fn run_boxed(app: &Application, config: PollingConfig) -> BoxFuture<'_, Result<(), Error>> {
    Box::pin(run_until(app, config, shutdown_signal()))
}

/// Runs the application with long polling until `stop` completes: initialize, start, poll;
/// then stop the application gracefully, confirm what was handled, and shut down.
pub async fn run_until(
    app: &Application,
    config: PollingConfig,
    stop: impl Future<Output = ()>,
) -> Result<(), Error> {
    let stop = app.or_stop_requested(stop);
    tokio::pin!(stop);
    let journal = open_journal(&config)?;
    app.initialize().await?;
    prepare(app.bot(), &config).await?;
    tracing::info!(
        "{}  intake: long polling, {} (batches of {}, long polls of {} s)",
        app.startup_report(),
        delivery_report(&config, journal.as_ref()),
        config.limit.clamp(1, 100),
        config.timeout
    );
    app.start().await;
    let mut poller = Poller::new(app, config);
    let writer = journal.map(|(journal, replay)| poller.resume(journal, replay));
    app.telemetry().intake_running(true);
    let result = poller.poll(stop.as_mut()).await;
    app.telemetry().intake_running(false);
    app.stop().await;
    if let Some(writer) = writer {
        writer.abort();
    }
    poller.close_journal().await;
    poller.confirm_handled().await;
    app.shutdown().await;
    tracing::info!(
        handled = app.updates_handled(),
        confirmed_below = ?poller.offset(),
        "stopped: {} updates handled, confirmed to Telegram below update {}; data written",
        app.updates_handled(),
        poller
            .offset()
            .map_or_else(|| "(none fetched)".to_string(), |o| o.to_string()),
    );
    result
}

/// Updates per batch, as a count (`limit` is clamped to 1–100 when polling starts).
fn batch_size(config: &PollingConfig) -> usize {
    usize::try_from(config.limit.clamp(1, 100)).unwrap_or(100)
}

/// Opens the configured journal, reading back what the last run left.
fn open_journal(config: &PollingConfig) -> Result<Option<(Arc<Journal>, Replay)>, Error> {
    let Some(journal) = &config.journal else {
        return Ok(None);
    };
    if config.delivery == DeliveryGuarantee::AtMostOnce {
        return Err(Error::Setup(
            "PollingConfig: an update journal works with at-least-once delivery; at-most-once confirms updates when fetched, journaled or not (remove the journal or the at-most-once delivery)".into(),
        ));
    }
    Journal::open(journal).map(Some)
}

/// The startup report's words on when updates are confirmed.
fn delivery_report(config: &PollingConfig, journal: Option<&(Arc<Journal>, Replay)>) -> String {
    match (config.delivery, journal) {
        (DeliveryGuarantee::AtMostOnce, _) => "at most once: updates confirmed when fetched".into(),
        (DeliveryGuarantee::AtLeastOnce, None) => {
            "at least once: updates confirmed after their handlers".into()
        }
        (DeliveryGuarantee::AtLeastOnce, Some((journal, replay))) => format!(
            "at least once through the update journal {}: updates confirmed once journaled, at most {} unhandled; {} left unhandled by the last run are handled first",
            journal.path().display(),
            journal.capacity(),
            replay.updates.len()
        ),
    }
}

/// Removes a webhook (polling cannot run beside one), dropping pending updates if asked.
async fn prepare(bot: &Bot, config: &PollingConfig) -> Result<(), Error> {
    if !(config.delete_webhook || config.drop_pending_updates) {
        return match bot.get_webhook_info().await {
            Ok(info) if !info.url.is_empty() => Err(Error::Setup(format!(
                "a webhook is set for this bot (to {}): Telegram gives getUpdates nothing while \
                 it is; serve the webhook instead, or delete it (PollingConfig::delete_webhook, \
                 or the deleteWebhook method) to poll",
                host_of(&info.url)
            ))),
            Ok(_) => Ok(()),
            Err(error @ Error::InvalidToken { .. }) => Err(error),
            Err(error) => {
                tracing::warn!(%error, "getWebhookInfo failed; polling anyway");
                Ok(())
            }
        };
    }
    match bot
        .delete_webhook()
        .drop_pending_updates(config.drop_pending_updates)
        .await
    {
        Ok(_) => Ok(()),
        Err(error @ Error::InvalidToken { .. }) => Err(error),
        Err(error) if config.drop_pending_updates => Err(error),
        Err(error) => {
            tracing::warn!(%error, "deleteWebhook failed; polling anyway");
            Ok(())
        }
    }
}

/// Writes the journal's handled records every 100 ms while polling runs (not synced: a
/// record lost in a crash repeats its update, loses none).
async fn write_handled_records(journal: Arc<Journal>) {
    let mut ticks = tokio::time::interval(Duration::from_millis(100));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        ticks.tick().await;
        let writer = Arc::clone(&journal);
        let written = tokio::task::spawn_blocking(move || writer.write_handled()).await;
        match written {
            Ok(Err(error)) if !failing => {
                failing = true;
                tracing::warn!(%error, "update journal: writing handled records failed; retrying");
            }
            Ok(Ok(())) => failing = false,
            _ => {}
        }
    }
}

/// The host of a webhook URL, for messages: its path may hold a secret.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

struct Poller {
    app: Application,
    bot: Bot,
    config: PollingConfig,
    allowed: Vec<String>,
    marks: Arc<Watermark>,
    backoff: Backoff,
    /// The offset of the last `getUpdates` Telegram answered.
    confirmed: Option<i64>,
    last_poll: Instant,
    /// The last batch was full: Telegram may hold more.
    more_waiting: bool,
    /// Failing since the last good answer (one WARN per episode, not per attempt).
    failing: bool,
    conflict_reported: bool,
    /// When the current run of 409 answers began.
    conflict_since: Option<Instant>,
    /// The update journal, when configured.
    journal: Option<Arc<Journal>>,
    /// The journal's last write failed (one ERROR per episode).
    journal_failing: bool,
}

impl Poller {
    fn new(app: &Application, mut config: PollingConfig) -> Poller {
        config.limit = config.limit.clamp(1, 100);
        Poller {
            app: app.clone(),
            bot: app.bot().clone(),
            allowed: app.allowed_updates(),
            marks: Watermark::new(batch_size(&config)),
            backoff: Backoff::new(config.min_backoff, config.max_backoff),
            config,
            confirmed: None,
            last_poll: Instant::now(),
            more_waiting: false,
            failing: false,
            conflict_reported: false,
            conflict_since: None,
            journal: None,
            journal_failing: false,
        }
    }

    /// Takes the journal: its unhandled updates go to the lanes first, in order, and polling
    /// continues after the highest id it holds. Returns the task that writes the handled
    /// records while polling runs.
    fn resume(&mut self, journal: Arc<Journal>, replay: Replay) -> tokio::task::JoinHandle<()> {
        if let Some(highest) = replay.highest {
            self.marks.resume_after(highest);
        }
        if !replay.updates.is_empty() {
            tracing::info!(
                updates = replay.updates.len(),
                "update journal: handling again what the last run left unhandled"
            );
        }
        for (id, json) in replay.updates {
            let text = String::from_utf8_lossy(&json);
            self.hand_over(journal.receipt(id), batch::decode_one(id, &text));
        }
        self.journal = Some(Arc::clone(&journal));
        tokio::spawn(write_handled_records(journal))
    }

    /// At the stop: writes and syncs the handled records.
    async fn close_journal(&self) {
        let Some(journal) = self.journal.clone() else {
            return;
        };
        let closed = tokio::task::spawn_blocking(move || journal.close()).await;
        match closed {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::warn!(
                %error,
                "update journal: writing the handled records at the stop failed; those updates are handled again at the next start"
            ),
            Err(error) => tracing::warn!(%error, "update journal: closing it failed"),
        }
    }

    /// The offset to send: what may be confirmed now.
    fn offset(&self) -> Option<i64> {
        match self.config.delivery {
            DeliveryGuarantee::AtLeastOnce => self.marks.safe_offset(),
            DeliveryGuarantee::AtMostOnce => self.marks.next_offset(),
        }
    }

    /// Polls until `stop` completes, or until Telegram rejects the token.
    async fn poll(&mut self, mut stop: Pin<&mut impl Future<Output = ()>>) -> Result<(), Error> {
        loop {
            let timeout = tokio::select! {
                _ = &mut stop => return Ok(()),
                timeout = self.ready() => timeout,
            };
            let offset = self.offset();
            let limit = match &self.journal {
                Some(journal) => self
                    .config
                    .limit
                    .min(i64::try_from(journal.room()).unwrap_or(i64::MAX).max(1)),
                None => self.config.limit,
            };
            let params = GetUpdates {
                offset,
                limit: Some(limit),
                timeout: Some(timeout),
                allowed_updates: Some(self.allowed.clone()),
            };
            self.last_poll = Instant::now();
            let answer = tokio::select! {
                _ = &mut stop => return Ok(()),
                answer = self.bot.execute_raw(params) => answer,
            };
            let outcome = match answer {
                Ok((status, body)) => self.take_batch(status, &body).await,
                Err(error) => Err(error),
            };
            let wait = match outcome {
                Ok(()) => {
                    if let Some(offset) = offset {
                        self.marks.confirmed(offset);
                    }
                    self.confirmed = offset.or(self.confirmed);
                    self.recovered();
                    continue;
                }
                Err(Error::InvalidToken { .. }) => {
                    tracing::error!("Telegram rejected the bot token (401): polling stops");
                    return Err(Error::InvalidToken {
                        method: "getUpdates".into(),
                    });
                }
                Err(error) if error.error_code() == Some(409) && self.conflicts_too_long() => {
                    tracing::error!(
                        %error,
                        limit = ?self.config.conflict_limit,
                        "getUpdates answered 409 Conflict for longer than the limit: polling stops; \
                         stop the other process polling with this token, or delete its webhook"
                    );
                    return Err(error);
                }
                Err(error) => self.failed(error).await,
            };
            tokio::select! {
                _ = &mut stop => return Ok(()),
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Waits until a `getUpdates` is worth sending; returns its long-poll timeout.
    async fn ready(&self) -> i64 {
        let limit = batch_size(&self.config);
        let long_poll = i64::try_from(self.config.timeout).unwrap_or(50);
        loop {
            if let Some(journal) = &self.journal {
                let room = journal.room_freed();
                tokio::pin!(room);
                room.as_mut().enable();
                if journal.room() == 0 {
                    // Full: wait until a journaled update is handled.
                    room.await;
                    continue;
                }
            }
            let in_flight = self.marks.in_flight();
            let room = match self.config.delivery {
                DeliveryGuarantee::AtMostOnce if in_flight < limit => return long_poll,
                DeliveryGuarantee::AtMostOnce => 0,
                DeliveryGuarantee::AtLeastOnce if in_flight == 0 => return long_poll,
                // Telegram answers at once while anything above the offset is unconfirmed,
                // so these polls do not wait.
                DeliveryGuarantee::AtLeastOnce => limit.saturating_sub(self.marks.unconfirmed()),
            };
            let recheck_at = self.last_poll + RECHECK;
            if room > 0
                && ((self.more_waiting && room * 2 >= limit) || Instant::now() >= recheck_at)
            {
                return 0;
            }
            tokio::select! {
                _ = self.marks.changed() => {}
                _ = tokio::time::sleep_until(recheck_at), if room > 0 => {}
            }
        }
    }

    /// Hands the new updates of a `getUpdates` answer to the application, journaled first
    /// when there is a journal.
    async fn take_batch(&mut self, status: u16, body: &[u8]) -> Result<(), Error> {
        let raw: Vec<&RawValue> = self.bot.parse_answer("getUpdates", status, body)?;
        self.more_waiting = raw.len() >= batch_size(&self.config);
        let marks = Arc::clone(&self.marks);
        let fresh = batch::fresh(&raw, |id| marks.take(id));
        let journal = match self.journal.clone() {
            Some(journal) if !fresh.is_empty() => self.journal_batch(&journal, &fresh).await,
            _ => None,
        };
        let telemetry = self.app.telemetry().clone();
        let mut oldest: Option<i64> = None;
        for (receipt, id, text) in fresh {
            let receipt = match &journal {
                // On disk: it no longer holds back the offset.
                Some(journal) => journal.receipt(id),
                None => receipt,
            };
            let item = batch::decode_one(id, text);
            if telemetry.enabled()
                && let batch::Item::Update(update) = &item
                && let Some(message) = update.effective_message()
            {
                oldest = Some(oldest.map_or(message.date, |o| o.min(message.date)));
            }
            self.hand_over(receipt, item);
        }
        telemetry.polled(oldest);
        Ok(())
    }

    /// Appends a batch to the journal and syncs it; returns the journal when that worked,
    /// `None` when the batch must be confirmed after its handlers instead.
    async fn journal_batch(
        &mut self,
        journal: &Arc<Journal>,
        fresh: &[(Receipt, i64, &str)],
    ) -> Option<Arc<Journal>> {
        let updates: Vec<(i64, Box<[u8]>)> = fresh
            .iter()
            .map(|(_, id, text)| (*id, text.as_bytes().into()))
            .collect();
        let writer = Arc::clone(journal);
        let written = tokio::task::spawn_blocking(move || writer.append(updates))
            .await
            .unwrap_or_else(|join| Err(std::io::Error::other(join.to_string())));
        match written {
            Ok(()) => {
                if self.journal_failing {
                    self.journal_failing = false;
                    tracing::info!("update journal: writing works again");
                }
                Some(Arc::clone(journal))
            }
            Err(error) => {
                if !self.journal_failing {
                    self.journal_failing = true;
                    tracing::error!(
                        path = %journal.path().display(),
                        %error,
                        "update journal: writing failed; updates are confirmed after their handlers until it works again"
                    );
                }
                None
            }
        }
    }

    fn hand_over(&self, receipt: Receipt, item: batch::Item) {
        match item {
            batch::Item::Update(update) => self.app.submit(update, Some(receipt)),
            batch::Item::Undecodable(error) => {
                undecodable::report(self.app.services(), error, Some(receipt))
            }
        }
    }

    fn recovered(&mut self) {
        if self.failing {
            tracing::info!("getUpdates works again");
        }
        self.failing = false;
        self.conflict_reported = false;
        self.conflict_since = None;
        self.backoff.reset();
    }

    /// Whether 409 answers have come without a break for longer than the limit (the first
    /// one starts the count).
    fn conflicts_too_long(&mut self) -> bool {
        let since = *self.conflict_since.get_or_insert_with(Instant::now);
        since.elapsed() >= self.config.conflict_limit
    }

    /// Logs and reports a failed `getUpdates`; returns how long to wait before the next.
    async fn failed(&mut self, error: Error) -> Duration {
        let first = !self.failing;
        self.failing = true;
        if let Some(wait) = error.retry_after() {
            self.backoff.reset();
            tracing::warn!(?wait, "getUpdates: flood control; waiting");
            return wait;
        }
        let wait = self.backoff.next_wait();
        if error.error_code() != Some(409) {
            self.conflict_since = None;
        }
        if error.error_code() == Some(409) {
            let description = match &error {
                Error::Api { description, .. } => description.clone(),
                other => other.to_string(),
            };
            let conflict = PollingConflict { description };
            tracing::error!(error = %conflict, ?wait);
            if !self.conflict_reported {
                self.conflict_reported = true;
                self.app.report(None, Box::new(conflict)).await;
            }
        } else if first {
            tracing::warn!(%error, ?wait, "getUpdates failed; retrying with backoff");
        } else {
            tracing::debug!(%error, ?wait, failures = self.backoff.failures(), "getUpdates failed again");
        }
        wait
    }

    /// After the stop: confirms what was handled with one last `getUpdates`.
    async fn confirm_handled(&self) {
        let Some(offset) = self.offset() else {
            return;
        };
        let unfinished = self.marks.in_flight();
        if unfinished > 0 && self.config.delivery == DeliveryGuarantee::AtLeastOnce {
            tracing::warn!(
                unfinished,
                "updates still being handled at the stop are not confirmed: they come again after a restart"
            );
        }
        if self.confirmed == Some(offset) {
            return;
        }
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        for _ in 0..3 {
            let params = GetUpdates {
                offset: Some(offset),
                limit: Some(1),
                timeout: Some(0),
                allowed_updates: None,
            };
            let result = self
                .bot
                .execute_raw(params)
                .await
                .and_then(|(status, body)| {
                    self.bot
                        .parse_answer::<Vec<&RawValue>>("getUpdates", status, &body)
                        .map(drop)
                });
            match result {
                Ok(()) => return,
                Err(error @ Error::InvalidToken { .. }) => {
                    tracing::error!(%error, "cannot confirm the handled updates");
                    return;
                }
                Err(error) => {
                    tracing::warn!(%error, "confirming the handled updates failed; retrying");
                    tokio::time::sleep(backoff.next_wait()).await;
                }
            }
        }
        tracing::error!(
            offset,
            "could not confirm the handled updates: they come again after a restart"
        );
    }
}

#[cfg(test)]
mod environment_tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<PollingConfig, Error> {
        PollingConfig::from_vars(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn the_journal_comes_from_the_environment_and_bad_values_name_their_variable() {
        assert_eq!(from(&[]).unwrap().journal, None);
        let config = from(&[("TELEBOT_POLLING_JOURNAL", "/var/lib/bot/updates.journal")]).unwrap();
        assert_eq!(
            config.journal,
            Some(JournalConfig::new("/var/lib/bot/updates.journal"))
        );
        let config = from(&[
            ("TELEBOT_POLLING_JOURNAL", "j"),
            ("TELEBOT_POLLING_JOURNAL_CAPACITY", " 500 "),
        ])
        .unwrap();
        assert_eq!(config.journal.map(|j| j.capacity), Some(500));
        for bad in ["0", "-1", "lots"] {
            let error = from(&[
                ("TELEBOT_POLLING_JOURNAL", "j"),
                ("TELEBOT_POLLING_JOURNAL_CAPACITY", bad),
            ])
            .unwrap_err()
            .to_string();
            assert!(
                error.contains("TELEBOT_POLLING_JOURNAL_CAPACITY"),
                "{error}"
            );
        }
        let error = from(&[("TELEBOT_POLLING_JOURNAL_CAPACITY", "5")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("without TELEBOT_POLLING_JOURNAL"), "{error}");
    }
}
