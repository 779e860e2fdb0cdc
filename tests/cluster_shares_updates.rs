//! Several instances, one bot (issue 16): one intake and three workers, each a real child
//! process (`tests/bin/cluster_bot.rs`) on the real Redis of `.ci/run`, handle 20,000
//! updates over 500 chats from the fake Telegram. Every update is handled exactly once (the
//! ledger of what ran), each chat's updates in the order sent, by workers that shared the
//! partitions; the fake Telegram never saw two `getUpdates` at once, and after a graceful stop
//! every update is confirmed to it and every log in Redis is empty.

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/store.rs"]
mod store;

use child::Signal;
use cluster::{
    BOUND, Setup, assert_order_and_count, log_lengths, push_messages, read_ledger, scratch,
    until_handled,
};
use std::collections::{BTreeMap, BTreeSet};
use telebot::testing::FakeTelegram;

const UPDATES: usize = 20_000;
const CHATS: i64 = 500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_intake_and_three_workers_handle_every_update_once_in_chat_order() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis: redis.clone(),
        namespace: store::fresh_namespace("cluster-share"),
        dir: scratch("cluster-share"),
        lease_ms: 1500,
        work_us: 0,
        max_log: 10_000,
    };
    let sent = push_messages(&tg, UPDATES, CHATS, 0);
    let mut workers = Vec::new();
    for name in ["w1", "w2", "w3"] {
        workers.push(setup.spawn("worker", name).await);
    }
    let intake = setup.spawn("intake", "in").await;
    let mut seen = BTreeSet::new();
    until_handled(&mut workers, &mut seen, UPDATES).await;

    let (clean, _) = intake.stop(Signal::Term, BOUND).await;
    assert!(clean, "the intake stops cleanly");
    for worker in workers {
        let (clean, rest) = worker.stop(Signal::Term, BOUND).await;
        assert!(clean, "a worker stops cleanly");
        assert!(
            rest.is_empty(),
            "nothing handled after the last update: {rest:?}"
        );
    }

    let ledger = read_ledger(&setup.dir);
    let repeats = assert_order_and_count(&ledger, &sent);
    assert_eq!(repeats, 0, "no handler ran twice without a failure");
    assert_eq!(ledger.len(), UPDATES);
    let mut by_worker: BTreeMap<&str, usize> = BTreeMap::new();
    for run in &ledger {
        *by_worker.entry(run.instance.as_str()).or_default() += 1;
    }
    assert_eq!(
        by_worker.keys().copied().collect::<Vec<_>>(),
        ["w1", "w2", "w3"],
        "every worker took a share and the intake handled nothing: {by_worker:?}"
    );
    assert_eq!(tg.overlapping_polls(), 0, "never two getUpdates at once");
    assert!(
        tg.pending_updates().is_empty(),
        "every update confirmed to Telegram"
    );
    let lengths = log_lengths(&redis, &setup.namespace, 16).await;
    assert!(
        lengths.iter().all(|n| *n == 0),
        "every log drained: {lengths:?}"
    );
}
