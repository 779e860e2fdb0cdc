//! Flood control across instances (issue 16): three worker processes
//! (`tests/bin/cluster_bot.rs`) reply to 3,000 messages in 100 private chats and 5 groups,
//! against a fake Telegram that enforces Telegram's limits (Telegram's own windows, and
//! the bots' limiters likewise). The windows live in the cluster's Redis, so the three
//! together get no 429, and take at most half again the limits' minimum time (a margin of 10%
//! per window and a loaded machine included).

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/store.rs"]
mod store;

use child::{Reporting, Signal};
use cluster::{BOUND, Setup, scratch, until_handled};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use telebot::testing::{FakeTelegram, FloodLimits};

const MESSAGES: usize = 3_000;
/// Telegram's own windows (a one-second global window): shorter ones shrink the windows but
/// not the few tens of milliseconds by which a loaded machine delays a process, and at half
/// length one call in 3,000 was refused now and then.
const SCALE: u32 = 1;
/// The cluster's margin on each window for the spread between counting a call in Redis and
/// its arrival at the fake Telegram (whose own process is one of the five sharing two cores):
/// 100 ms, 10% of the window (the default, 10 ms, is for a machine that runs the bot alone).
/// With 50 ms, one call in 3,000 was refused in one full-suite run of four on the 2-core
/// machine (a process held up between its count and its send by more than the margin and
/// the spacing together); the time bound below still allows for the margin.
const MARGIN_MS: &str = "100";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_stay_within_the_limits_together() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let limits = FloodLimits::telegram().time_scaled(SCALE);
    tg.enforce_flood_limits(limits);
    let users: Vec<_> = (0..100).map(|n| tg.user(&format!("u{n}"))).collect();
    let groups: Vec<_> = (0..5).map(|n| tg.supergroup(&format!("g{n}"))).collect();
    for (n, group) in groups.iter().enumerate() {
        group.add(&users[n]).await;
    }
    let setup = Setup {
        tg: &tg,
        redis,
        namespace: store::fresh_namespace("cluster-flood"),
        dir: scratch("cluster-flood"),
        lease_ms: 1500,
        work_us: 0,
        max_log: 10_000,
    };
    let scale = SCALE.to_string();
    let env = [
        ("CLUSTER_REPLY", "1"),
        ("CLUSTER_FLOOD_SCALE", scale.as_str()),
        ("CLUSTER_FLOOD_MARGIN_MS", MARGIN_MS),
    ];
    let mut workers: Vec<Reporting> = Vec::new();
    for name in ["f1", "f2", "f3"] {
        workers.push(setup.spawn_with("worker", name, &env).await);
    }
    let intake = setup.spawn("intake", "in").await;
    // Every 50th message goes to a group: 12 per group, within a group's window.
    for n in 0..MESSAGES {
        if n % 50 == 0 {
            let group = &groups[(n / 50) % groups.len()];
            users[(n / 50) % groups.len()].send_in(group, "hi").await;
        } else {
            users[n % users.len()].send("hi").await;
        }
    }
    tg.wait_for_calls("sendMessage", 1).await;
    let first = Instant::now();
    let mut seen = BTreeSet::new();
    // The messages, and the groups' chat-member updates (not answered).
    until_handled(&mut workers, &mut seen, MESSAGES + groups.len()).await;
    let took = first.elapsed();

    let stats = tg.flood_stats();
    eprintln!(
        "{MESSAGES} replies in {took:?}; {} refused",
        stats.violations
    );
    assert_eq!(
        stats.accepted, MESSAGES as u64,
        "every reply delivered: {stats:?}"
    );
    assert_eq!(
        stats.violations, 0,
        "no 429 for the three together: {stats:?}"
    );
    // The global window lets `max` through at once, then `max` per `per`. Sharing the windows
    // must not cost throughput: instances that each kept to a share of the limit would take
    // three times as long. Half again is allowed for a loaded machine (two parallel builds
    // beside this test made it 10% slower than the minimum).
    let minimum = limits.global.per * ((MESSAGES as u32 - limits.global.max) / limits.global.max);
    assert!(
        took <= minimum + minimum / 2,
        "{took:?} for {MESSAGES} messages; the limits allow it in {minimum:?}"
    );
    assert!(
        took + Duration::from_millis(200) >= minimum,
        "{took:?} is faster than the limits allow"
    );
    let (clean, _) = intake.stop(Signal::Term, BOUND).await;
    assert!(clean);
    for child in workers {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean);
    }
}
