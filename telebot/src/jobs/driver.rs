//! One task per job while the queue runs: it sleeps until the next run, starts the run (or
//! skips or queues it while the previous one is still going), computes the run after from the
//! schedule, and keeps a persistent job's stored record up to date. Store writes of a job come
//! only from its task, so they happen in order.

use super::gate;
use super::job::Job;
use super::options::Overlap;
use super::shared::Shared;
use crate::context::{CallbackContext, Host};
use crate::handlers::Outcome;
use crate::telemetry::JobOutcome;
use std::sync::Arc;
use telebot_client::poison::RwLockUnpoisoned;
use tracing::Instrument;

/// Starts the job's task, unless one is watching it already.
impl Shared {
    /// Starts the task that runs `job` on its schedule.
    pub(crate) fn spawn(self: &Arc<Self>, job: &Job) {
        spawn(self, job);
    }

    /// Runs `job`'s callback once now (see [`execute`]).
    pub(crate) async fn execute(&self, job: &Job) {
        execute(self, job).await;
    }

    /// Removes `job` when no task watches it (see [`finish_undriven`]).
    pub(crate) fn finish_undriven(self: &Arc<Self>, job: &Job) {
        finish_undriven(self, job);
    }
}

fn spawn(shared: &Arc<Shared>, job: &Job) {
    {
        let mut state = job.state();
        if state.driven {
            return;
        }
        state.driven = true;
    }
    shared.drivers.enter();
    let (shared, job) = (Arc::clone(shared), job.clone());
    tokio::spawn(async move {
        drive(&shared, &job).await;
        job.state().driven = false;
        shared.drivers.leave();
        // A change made while the task was ending is not lost.
        job.0.changed.notify_one();
    });
}

async fn drive(shared: &Arc<Shared>, job: &Job) {
    let mut started = shared.started.subscribe();
    loop {
        save_if_dirty(shared, job).await;
        if !*started.borrow_and_update() {
            return;
        }
        let (next, removed, running) = {
            let state = job.state();
            (state.next_t, state.removed, state.running)
        };
        if removed {
            finish(shared, job).await;
            return;
        }
        let Some(next) = next else {
            if running {
                // The last run is going: the job leaves when it ends.
                tokio::select! {
                    _ = job.0.changed.notified() => {}
                    _ = started.changed() => {}
                }
                continue;
            }
            finish(shared, job).await;
            return;
        };
        tokio::select! {
            _ = tokio::time::sleep_until(shared.clock.wake_for(next)) => {}
            _ = job.0.changed.notified() => continue,
            _ = started.changed() => continue,
        }
        if (shared.app)().is_none() {
            // The application was dropped without a stop: nothing to run for.
            return;
        }
        if shared.clock.now() >= next {
            fire(shared, job, next);
        }
    }
}

/// A run came due at `due`: plan the next one and start this one, or skip or queue it.
fn fire(shared: &Arc<Shared>, job: &Job, due: jiff::Timestamp) {
    let now = shared.clock.now();
    let mut state = job.state();
    state.next_t = job.0.plan.next_after(now.max(due));
    state.dirty = job.0.persistent;
    if job
        .0
        .plan
        .next_after(due)
        .is_some_and(|missed| missed <= now)
    {
        tracing::warn!(
            job = %job.0.name, id = %job.0.id, %due, %now,
            "the job queue woke up late; the runs missed meanwhile are run once"
        );
    }
    if !state.enabled {
        tracing::debug!(job = %job.0.name, id = %job.0.id, "the job is paused; its run is skipped");
        skipped(shared);
        return;
    }
    if state.running {
        match job.0.overlap {
            Overlap::Skip => {
                tracing::warn!(
                    job = %job.0.name, id = %job.0.id, %due,
                    "the previous run of the job is still going; this run is skipped"
                );
                skipped(shared);
            }
            Overlap::Queue => {
                state.pending += 1;
                tracing::debug!(
                    job = %job.0.name, id = %job.0.id, pending = state.pending,
                    "the previous run of the job is still going; this run waits for it"
                );
            }
        }
        return;
    }
    state.running = true;
    drop(state);
    shared.runs.enter();
    let (shared, job) = (Arc::clone(shared), job.clone());
    tokio::spawn(async move {
        let gate = shared.gate.read_unpoisoned().clone();
        let mine = match gate {
            Some(gate) => {
                let interval = job.0.plan.interval();
                let slot = gate::slot_of(due, interval);
                gate.claim(&job.0.id, slot, gate::hold_for(interval)).await
            }
            None => true,
        };
        if !mine {
            tracing::debug!(job = %job.0.name, id = %job.0.id, %due, "another instance runs this run of the job");
            job.state().running = false;
            shared.runs.leave();
            job.0.changed.notify_one();
            return;
        }
        loop {
            execute(&shared, &job).await;
            let mut state = job.state();
            if state.pending > 0 && !state.removed && *shared.started.borrow() {
                state.pending -= 1;
                continue;
            }
            state.pending = 0;
            state.running = false;
            break;
        }
        shared.runs.leave();
        job.0.changed.notify_one();
    });
}

/// Counts a run that was not started.
fn skipped(shared: &Shared) {
    if let Some(app) = (shared.app)() {
        app.telemetry().job_ran(JobOutcome::Skipped);
    }
}

/// Runs the callback once with a context built from the job, then stores the data it changed
/// (as the dispatcher does after a handler); an error or a panic goes to the application's
/// error handlers with the job in their context.
async fn execute(shared: &Shared, job: &Job) {
    let Some(app) = (shared.app)() else {
        return;
    };
    let ctx =
        CallbackContext::in_host(Arc::clone(&app) as Arc<dyn Host>, None).with_job(job.clone());
    let span = tracing::debug_span!("job", id = %job.0.id, name = %job.0.name);
    let outcome = (job.0.callback.call)(ctx.clone()).instrument(span).await;
    app.telemetry().job_ran(if outcome.is_failure() {
        JobOutcome::Failed
    } else {
        JobOutcome::Ran
    });
    let stored = ctx.save_data().await;
    let dispatcher = app.dispatcher();
    if let Err(e) = stored {
        dispatcher.report_in(&ctx, Box::new(e)).await;
    }
    let error = match outcome {
        Outcome::Continue | Outcome::Stop | Outcome::Next(_) => return,
        Outcome::Failed(error) => error,
        Outcome::Rejected(error) => Box::new(error),
    };
    dispatcher.report_in(&ctx, error).await;
}

/// Writes a persistent job's record when it changed. A job with no run left is not written:
/// its record keeps the last run's time until the run has ended and the record is removed, so
/// a crash during that run repeats it at the next start.
async fn save_if_dirty(shared: &Shared, job: &Job) {
    let Some(store) = &shared.store else { return };
    let record = {
        let mut state = job.state();
        if !state.dirty || state.removed || !job.0.persistent || state.next_t.is_none() {
            return;
        }
        state.dirty = false;
        match job.record(&state) {
            Ok(record) => record,
            Err(reason) => {
                tracing::error!(job = %job.0.name, id = %job.0.id, reason, "cannot store the job");
                return;
            }
        }
    };
    let value = match serde_json::to_value(record) {
        Ok(value) => value,
        Err(e) => {
            tracing::error!(job = %job.0.name, id = %job.0.id, error = %e, "cannot store the job");
            return;
        }
    };
    match store.update_job(job.0.id.to_string(), Some(value)).await {
        Ok(()) => job.state().stored = true,
        Err(e) => {
            tracing::error!(
                job = %job.0.name, id = %job.0.id, error = %e,
                "the job store failed; the job's record is written again at its next change"
            );
            job.state().dirty = true;
        }
    }
}

/// The job is over (removed, or no run left): it leaves the queue and the store.
async fn finish(shared: &Shared, job: &Job) {
    shared.forget(job);
    let replaced = job.state().replaced;
    if job.0.persistent
        && !replaced
        && let Some(store) = &shared.store
        && let Err(e) = store.update_job(job.0.id.to_string(), None).await
    {
        tracing::error!(
            job = %job.0.name, id = %job.0.id, error = %e,
            "the job store failed to remove a finished job; it may come back at the next start"
        );
    }
}

/// Removal of a job no task watches (the queue is not running).
fn finish_undriven(shared: &Arc<Shared>, job: &Job) {
    shared.forget(job);
    if job.0.persistent && tokio::runtime::Handle::try_current().is_ok() {
        let (shared, job) = (Arc::clone(shared), job.clone());
        tokio::spawn(async move { finish(&shared, &job).await });
    }
}
