//! Jobs once per cluster (issue 16): three worker processes (`tests/bin/cluster_bot.rs`)
//! declare the same `#[job(every = "1s")]`, their timers started at different moments. Each
//! second's run happens on exactly one of them: the runs cover consecutive seconds with no
//! second run twice and none skipped. Midway, the instance that ran the last run is killed
//! (SIGKILL) right after it: the others go on with the next second.

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
