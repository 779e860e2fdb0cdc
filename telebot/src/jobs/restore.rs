//! Persistent jobs at startup: every stored job whose callback is registered is scheduled
//! again with its data; a run missed while the bot was down runs once right away when it is
//! within the job's `misfire_grace` (by default always), and is skipped otherwise. A stored
//! job whose callback is not registered (yet) waits: registering the name later schedules it.
//! A record that cannot be read stays in the store untouched, with an error in the log.

use super::callback::JobCallback;
use super::clock::until;
use super::declared::continues;
use super::job::Job;
use super::record::StoredJob;
use super::shared::Shared;
use std::sync::Arc;
use telebot_client::poison::MutexUnpoisoned;

/// Loads the store once; returns a line for the log.
pub(crate) async fn restore(shared: &Arc<Shared>) -> Option<String> {
    let store = shared.store.as_ref()?;
    let records = match store.get_jobs().await {
        Ok(records) => records,
        Err(e) => {
            tracing::error!(error = %e, "could not load the stored jobs; they are not scheduled");
            return Some(format!("job store: failed to load ({e})"));
        }
    };
    let (mut restored, mut waiting, mut unreadable) = (0, 0, 0);
    for (id, value) in records {
        let current = shared.job(&id);
        if current.is_some() && !shared.is_declared(&id) {
            // Scheduled again by the bot's code under the same id: that definition wins.
            continue;
        }
        let record = match StoredJob::decode(value) {
            Ok(record) => record,
            Err(reason) => {
                tracing::error!(
                    id,
                    reason,
                    "a stored job cannot be read; it is left in the store"
                );
                unreadable += 1;
                continue;
            }
        };
        if let Some(current) = current {
            // A `#[job]` declaration: it goes on from its stored record when that record
            // continues it; a changed declaration starts afresh and overwrites the record.
            if continues(&record, &current) {
                let callback = current.0.callback.clone();
                if adopt(shared, id, record, callback).is_ok() {
                    restored += 1;
                } else {
                    unreadable += 1;
                }
            }
            continue;
        }
        let callback = shared.registered(&record.callback);
        match callback {
            Some(callback) => {
                if adopt(shared, id, record, callback).is_ok() {
                    restored += 1;
                } else {
                    unreadable += 1;
                }
            }
            None => {
                tracing::warn!(
                    id,
                    callback = record.callback,
                    "a stored job's callback is not registered; it runs once JobQueue::register names it"
                );
                shared.park(id, record);
                waiting += 1;
            }
        }
    }
    Some(format!(
        "job store: {restored} jobs restored, {waiting} waiting for their callback, {unreadable} unreadable"
    ))
}

/// Schedules a stored job with its callback.
pub(crate) fn adopt(
    shared: &Arc<Shared>,
    id: String,
    record: StoredJob,
    callback: JobCallback,
) -> Result<Job, ()> {
    let revived = revive(shared, &id, &record, callback);
    match revived {
        Ok(job) => {
            shared.insert(job.clone());
            if *shared.started.borrow() {
                shared.spawn(&job);
            }
            Ok(job)
        }
        Err(reason) => {
            tracing::error!(
                id,
                reason,
                "a stored job cannot be read; it is left in the store"
            );
            Err(())
        }
    }
}

fn revive(
    shared: &Arc<Shared>,
    id: &str,
    record: &StoredJob,
    callback: JobCallback,
) -> Result<Job, String> {
    let plan = record.schedule.to_plan()?;
    let overlap = record.overlap()?;
    let stored_next = record.next_t()?;
    let now = shared.clock.now();
    let next_t = match stored_next {
        Some(missed) if missed < now => {
            let late = until(missed, now);
            if record.misfire_grace.is_none_or(|grace| late <= grace) {
                tracing::info!(
                    id, job = record.name, %missed, ?late,
                    "a run was missed while the bot was down; it runs now"
                );
                Some(now)
            } else {
                tracing::warn!(
                    id, job = record.name, %missed, ?late, grace = ?record.misfire_grace,
                    "a run was missed while the bot was down, longer ago than the job's misfire_grace; it is skipped"
                );
                plan.next_after(now)
            }
        }
        other => other,
    };
    let job = shared.new_job(super::shared::NewJob {
        id: Arc::from(id),
        name: Arc::from(record.name.as_str()),
        callback,
        plan,
        data: record.data.clone(),
        chat_id: record.chat_id,
        user_id: record.user_id,
        overlap,
        persistent: true,
        misfire_grace: record.misfire_grace,
        enabled: record.enabled,
        next_t,
    });
    {
        let mut state = job.state();
        state.dirty = next_t != stored_next;
        state.stored = true;
    }
    Ok(job)
}

/// What [`sync`] changed.
#[cfg(feature = "cluster")]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Synced {
    /// Stored jobs this queue did not know, now scheduled (or parked for their callback).
    pub(crate) added: usize,
    /// Persistent jobs whose record left the store, now removed here too.
    pub(crate) removed: usize,
}

/// Brings the queue in line with a job store that other instances write too: schedules the
/// stored jobs it does not know, and removes the persistent jobs whose record another
/// instance deleted (never one this queue has not stored yet).
#[cfg(feature = "cluster")]
pub(crate) async fn sync(
    shared: &Arc<Shared>,
) -> Result<Synced, Box<dyn std::error::Error + Send + Sync>> {
    let Some(store) = shared.store.as_ref() else {
        return Ok(Synced::default());
    };
    let records = store.get_jobs().await?;
    let mut synced = Synced::default();
    let parked: std::collections::HashSet<String> = shared
        .parked
        .lock_unpoisoned()
        .iter()
        .map(|(id, _)| id.clone())
        .collect();
    for (id, value) in &records {
        if shared.job(id).is_some() || parked.contains(id) {
            continue;
        }
        let Ok(record) = StoredJob::decode(value.clone()) else {
            continue;
        };
        match shared.registered(&record.callback) {
            Some(callback) => {
                if adopt(shared, id.clone(), record, callback).is_ok() {
                    synced.added += 1;
                }
            }
            None => {
                shared.park(id.clone(), record);
                synced.added += 1;
            }
        }
    }
    let known: Vec<Job> = shared.lock_jobs().values().cloned().collect();
    let gone: Vec<Job> = known
        .into_iter()
        .filter(|job| job.0.persistent && !records.contains_key(job.0.id.as_ref()))
        .filter(|job| {
            let state = job.state();
            state.stored && !state.removed
        })
        .collect();
    for job in gone {
        // Its record is gone already: leave the store alone.
        job.state().replaced = true;
        job.schedule_removal();
        synced.removed += 1;
    }
    Ok(synced)
}

/// The stored jobs parked for `callback`, removed from the parking lot.
pub(crate) fn unpark(
    parked: &mut Vec<(String, StoredJob)>,
    callback: &str,
) -> Vec<(String, StoredJob)> {
    let (mine, rest): (Vec<_>, Vec<_>) =
        parked.drain(..).partition(|(_, r)| r.callback == callback);
    *parked = rest;
    mine
}

impl Shared {
    /// Keeps `callback` under `name` for stored jobs, and schedules the stored jobs that were
    /// waiting for that name.
    pub(crate) fn add_registered(self: &Arc<Self>, name: String, callback: JobCallback) {
        self.registry
            .lock_unpoisoned()
            .insert(name.clone(), callback.clone());
        let waiting = unpark(&mut self.parked.lock_unpoisoned(), &name);
        for (id, record) in waiting {
            let _ = adopt(self, id, record, callback.clone());
        }
    }
}
