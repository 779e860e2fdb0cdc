//! One task per job while the queue runs: it sleeps until the next run, starts the run (or
//! skips or queues it while the previous one is still going), computes the run after from the
//! schedule, and keeps a persistent job's stored record up to date. Store writes of a job come
//! only from its task, so they happen in order.

use super::Shared;
use super::job::Job;
use super::options::Overlap;
use super::record::StoredJob;
use crate::context::CallbackContext;
use crate::handlers::Outcome;
use std::sync::Arc;
use tracing::Instrument;

/// Starts the job's task, unless one is watching it already.
pub(crate) fn spawn(shared: &Arc<Shared>, job: &Job) {
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
        if shared.app.upgrade().is_none() {
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
        return;
    }
    if state.running {
        match job.0.overlap {
            Overlap::Skip => tracing::warn!(
                job = %job.0.name, id = %job.0.id, %due,
                "the previous run of the job is still going; this run is skipped"
            ),
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

/// Runs the callback once with a context built from the job, then stores the data it changed
/// (as the dispatcher does after a handler); an error or a panic goes to the application's
/// error handlers with the job in their context.
pub(crate) async fn execute(shared: &Shared, job: &Job) {
    let Some(app) = shared.app.upgrade() else {
        return;
    };
    let ctx = CallbackContext::from_job(app.clone(), job.clone());
    let span = tracing::debug_span!("job", id = %job.0.id, name = %job.0.name);
    let outcome = (job.0.callback.call)(ctx.clone()).instrument(span).await;
    let stored = ctx.save_data().await;
    let dispatcher = app.dispatcher();
    if let Err(e) = stored {
        dispatcher
            .report_in(&app, None, Some(job.clone()), Box::new(e))
            .await;
    }
    let error = match outcome {
        Outcome::Continue | Outcome::Stop | Outcome::Next(_) => return,
        Outcome::Failed(error) => error,
        Outcome::Rejected(error) => Box::new(error),
    };
    dispatcher
        .report_in(&app, None, Some(job.clone()), error)
        .await;
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
        match StoredJob::of(job, &state) {
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
    if let Err(e) = store.update_job(job.0.id.to_string(), Some(value)).await {
        tracing::error!(
            job = %job.0.name, id = %job.0.id, error = %e,
            "the job store failed; the job's record is written again at its next change"
        );
        job.state().dirty = true;
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
pub(crate) fn finish_undriven(shared: &Arc<Shared>, job: &Job) {
    shared.forget(job);
    if job.0.persistent && tokio::runtime::Handle::try_current().is_ok() {
        let (shared, job) = (Arc::clone(shared), job.clone());
        tokio::spawn(async move { finish(&shared, &job).await });
    }
}
