//! Jobs once per cluster (issue 16): three worker processes (`tests/bin/cluster_bot.rs`)
//! declare the same `#[job(every = "1s")]`, their timers started at different moments. Each
//! second's run happens on exactly one of them: the runs cover consecutive seconds with no
//! second run twice and none skipped. Midway, the instance that ran the last run is killed
//! (SIGKILL) right after it: the others go on with the next second.
//!
//! A persistent job a handler schedules on one worker (`/remind`) is picked up by the others
//! from the shared job store, and keeps its schedule when the worker that scheduled it is
//! killed.

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/store.rs"]
mod store;

use child::{Reporting, Signal};
use cluster::{BOUND, Setup, scratch};
use std::collections::{BTreeMap, BTreeSet};
use telebot::testing::FakeTelegram;

const RUNS: usize = 20;

/// The slot of a `tick <slot>` report.
fn tick(line: &str) -> i64 {
    line.strip_prefix("tick ")
        .and_then(|slot| slot.parse().ok())
        .unwrap_or_else(|| panic!("unexpected line from cluster_bot: {line:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeating_job_in_three_instances_runs_once_per_interval() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis,
        namespace: store::fresh_namespace("cluster-jobs"),
        dir: scratch("cluster-jobs"),
        lease_ms: 1500,
        work_us: 0,
        max_log: 10_000,
    };
    let mut workers: Vec<Reporting> = Vec::new();
    for name in ["j1", "j2", "j3"] {
        workers.push(
            setup
                .spawn_with("worker", name, &[("CLUSTER_JOB", "1")])
                .await,
        );
    }
    // Counted from the first run after all three were up: every later second has three
    // timers that want it.
    let mut slots = BTreeSet::new();
    let mut killed = None;
    while slots.len() < RUNS {
        let next = workers
            .iter_mut()
            .map(|c| Box::pin(c.next_line(BOUND)))
            .collect::<Vec<_>>();
        let (line, index, _) = futures_util::future::select_all(next).await;
        let line = line.expect("a worker exited unasked");
        let slot = tick(&line);
        assert!(slots.insert(slot), "second {slot} ran twice: {line}");
        if slots.len() == RUNS / 2 && killed.is_none() {
            let child = workers.remove(index);
            child.stop(Signal::Kill, BOUND).await;
            killed = Some(slot);
        }
    }
    for child in workers {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean, "a worker stops cleanly");
    }
    let text = std::fs::read_to_string(setup.dir.join("ledger.jobs")).unwrap();
    let mut runs: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for line in text.lines() {
        let (slot, instance) = line.split_once(' ').expect("slot and instance");
        runs.entry(slot.parse().unwrap())
            .or_default()
            .push(instance.to_owned());
    }
    let twice: Vec<_> = runs.iter().filter(|(_, who)| who.len() > 1).collect();
    assert!(twice.is_empty(), "seconds run more than once: {twice:?}");
    let (first, last) = (*runs.keys().next().unwrap(), *runs.keys().last().unwrap());
    assert_eq!(
        runs.len() as i64,
        last - first + 1,
        "one run for every second from the first to the last: {:?}",
        runs.keys().collect::<Vec<_>>()
    );
    assert!(runs.len() >= RUNS, "{} runs", runs.len());
    let instances: BTreeSet<&String> = runs.values().flatten().collect();
    assert!(
        instances.len() >= 2,
        "the runs went to more than one instance: {instances:?}"
    );
}

/// The slot of a `ping <slot>` report.
fn ping(line: &str) -> Option<i64> {
    line.strip_prefix("ping ")
        .and_then(|slot| slot.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_scheduled_on_one_worker_runs_on_the_others_after_it_dies() {
    const BEFORE: usize = 4;
    const AFTER: usize = 6;
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis,
        namespace: store::fresh_namespace("cluster-remind"),
        dir: scratch("cluster-remind"),
        lease_ms: 1500,
        work_us: 0,
        max_log: 10_000,
    };
    let env = [("CLUSTER_DYNAMIC", "1")];
    let mut workers: Vec<Reporting> = Vec::new();
    for name in ["r1", "r2", "r3"] {
        workers.push(setup.spawn_with("worker", name, &env).await);
    }
    let intake = setup.spawn("intake", "in").await;
    let alice = tg.user("alice");
    alice.send("/remind").await;
    tg.expect_reply_to(&alice).await;
    // The worker that scheduled it is the one whose ledger line is /remind's.
    let mut scheduler = None;
    let mut slots = BTreeSet::new();
    let mut killed_after = None;
    while slots.len() < BEFORE + AFTER {
        let next = workers
            .iter_mut()
            .map(|c| Box::pin(c.next_line(BOUND)))
            .collect::<Vec<_>>();
        let (line, index, _) = futures_util::future::select_all(next).await;
        let line = line.expect("a worker exited unasked");
        let Some(slot) = ping(&line) else {
            // `handled <id>`: /remind's own update.
            scheduler = Some(index);
            continue;
        };
        assert!(slots.insert(slot), "second {slot} ran twice");
        if slots.len() == BEFORE && killed_after.is_none() {
            let index = scheduler.expect("the worker that scheduled the job reported it");
            let child = workers.remove(index);
            child.stop(Signal::Kill, BOUND).await;
            killed_after = Some(slot);
        }
    }
    let killed_after = killed_after.unwrap();
    let after: Vec<i64> = slots
        .iter()
        .copied()
        .filter(|s| *s > killed_after)
        .collect();
    assert_eq!(after.len(), AFTER);
    // A second the killed worker had claimed when it died is not run again (a run is given to
    // one instance); every later second is.
    assert!(
        after[0] <= killed_after + 2 && after.windows(2).all(|w| w[1] == w[0] + 1),
        "the job kept its schedule after the kill: {after:?}"
    );
    for child in workers.into_iter().chain([intake]) {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean);
    }
}
