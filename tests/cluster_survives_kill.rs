//! Several instances, one bot, under crashes (issue 16): real child processes
//! (`tests/bin/cluster_bot.rs`) on the real Redis of `.ci/run`, killed with SIGKILL at moments
//! tied to their progress (a worker is killed the moment it reports a handled update, while
//! the feed keeps it busy), then started again. Seeds are printed and replayed from
//! `TELEBOT_TEST_SEED`.
//!
//! * Workers: 20 kills over 20,000 updates in 500 chats. Nothing is lost, each chat's updates
//!   are handled in the order sent, and every repeat is an update the killed worker held
//!   unacknowledged at its death (read from Redis right after the kill, before its lease ran
//!   out), at most one per chat per kill: the one its lane was handling.
//! * The intake: the polling instance is killed; a standby polls within two lease periods,
//!   the fake Telegram never sees two `getUpdates` at once, and nothing is lost.

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/seed.rs"]
mod seed;
#[path = "support/store.rs"]
mod store;

use child::{Reporting, Signal};
use cluster::{
    BOUND, Run, Setup, assert_order_and_count, handled_id, log_lengths, pending_of, push_messages,
    read_ledger, scratch,
};
use std::collections::{BTreeMap, BTreeSet};
use telebot::testing::FakeTelegram;

const UPDATES: usize = 20_000;
const CHATS: i64 = 500;
const KILLS: usize = 20;
const LEASE_MS: u64 = 1500;
/// Updates pushed at a time to keep the workers busy while a kill is prepared.
const FEED: usize = 400;

/// A small seeded generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// The updates sent so far, per chat, and what the instances reported handled.
struct Feed {
    sent: BTreeMap<i64, Vec<i64>>,
    pushed: usize,
    seen: BTreeSet<i64>,
    /// How many updates to push in all: unbounded while the kills go on (each kill needs its
    /// victim busy, and fast workers could otherwise finish every update before the last
    /// kill), then at least `UPDATES`.
    limit: usize,
}

impl Feed {
    /// Keeps at least `FEED` updates waiting, up to `limit` in all.
    fn top_up(&mut self, tg: &FakeTelegram) {
        if self.pushed - self.seen.len().min(self.pushed) < FEED && self.pushed < self.limit {
            let count = FEED.min(self.limit - self.pushed);
            for (chat, ids) in push_messages(tg, count, CHATS, self.pushed) {
                self.sent.entry(chat).or_default().extend(ids);
            }
            self.pushed += count;
        }
    }
}

/// Reads reports from every worker until `victim` has reported `count` more handled updates,
/// keeping the feed topped up.
async fn until_victim_progressed(
    tg: &FakeTelegram,
    feed: &mut Feed,
    workers: &mut [(String, Reporting)],
    victim: usize,
    count: usize,
) {
    let mut progress = 0;
    while progress < count {
        feed.top_up(tg);
        let next = workers
            .iter_mut()
            .map(|(_, c)| Box::pin(c.next_line(BOUND)))
            .collect::<Vec<_>>();
        let (line, index, _) = futures_util::future::select_all(next).await;
        let line = line.unwrap_or_else(|| panic!("worker {index} exited unasked"));
        feed.seen.insert(handled_id(&line));
        if index == victim {
            progress += 1;
        }
    }
}

/// Reads reports until every update was pushed and handled.
async fn until_all_handled(
    tg: &FakeTelegram,
    feed: &mut Feed,
    workers: &mut [(String, Reporting)],
) {
    while feed.seen.len() < feed.limit {
        feed.top_up(tg);
        let next = workers
            .iter_mut()
            .map(|(_, c)| Box::pin(c.next_line(BOUND)))
            .collect::<Vec<_>>();
        let (line, index, _) = futures_util::future::select_all(next).await;
        let line = line.unwrap_or_else(|| panic!("worker {index} exited unasked"));
        feed.seen.insert(handled_id(&line));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_killed_twenty_times_lose_nothing_and_repeat_only_what_they_held() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let mut rng = Rng(seed::seed("cluster workers killed"));
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis: redis.clone(),
        namespace: store::fresh_namespace("cluster-kill"),
        dir: scratch("cluster-kill"),
        lease_ms: LEASE_MS,
        work_us: 1500,
        max_log: 10_000,
    };
    let mut feed = Feed {
        sent: BTreeMap::new(),
        pushed: 0,
        seen: BTreeSet::new(),
        limit: usize::MAX,
    };
    feed.top_up(&tg);
    let mut workers = Vec::new();
    for i in 0..3 {
        let name = format!("w{i}-0");
        workers.push((name.clone(), setup.spawn("worker", &name).await));
    }
    let intake = setup.spawn("intake", "in").await;
    // What each killed worker held, read from Redis just after its death.
    let mut held_at_death: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    // Kills that found the victim idle (it had just handed its partitions over, say) are
    // not counted: the test needs KILLS that struck mid-work.
    let mut attempts = 0;
    let mut generation = 0;
    while held_at_death.len() < KILLS {
        attempts += 1;
        assert!(
            attempts <= 3 * KILLS,
            "{attempts} kills, {} mid-work",
            held_at_death.len()
        );
        let victim = rng.below(3) as usize;
        let count = 1 + rng.below(40) as usize;
        until_victim_progressed(&tg, &mut feed, &mut workers, victim, count).await;
        let (name, child) = workers.remove(victim);
        let (_, rest) = child.stop(Signal::Kill, BOUND).await;
        for line in rest {
            feed.seen.insert(handled_id(&line));
        }
        let held = pending_of(&redis, &setup.namespace, &name, 16).await;
        if held.is_empty() {
            eprintln!("kill of {name} found it idle; not counted");
        } else {
            held_at_death.insert(name.clone(), held);
        }
        generation += 1;
        let next = format!("w{victim}-{generation}");
        let child = setup.spawn("worker", &next).await;
        workers.insert(victim, (next, child));
    }
    feed.limit = feed.pushed.max(UPDATES);
    until_all_handled(&tg, &mut feed, &mut workers).await;
    // What a killed worker handled without acknowledging stays in its partition's log until
    // the partition's next owner adopts it (after a lease unclaimed) and handles it again; the
    // ledger already counts it as handled. Wait for the logs to drain (bounded), so that they
    // can be checked empty after the stop.
    let deadline = tokio::time::Instant::now() + BOUND;
    while log_lengths(&redis, &setup.namespace, 16)
        .await
        .iter()
        .any(|n| *n > 0)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (clean, _) = intake.stop(Signal::Term, BOUND).await;
    assert!(clean, "the intake stops cleanly");
    for (_, child) in workers {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean, "a worker stops cleanly");
    }

    let ledger = read_ledger(&setup.dir);
    let repeats = assert_order_and_count(&ledger, &feed.sent);
    // Each repeat is charged to the instance that ran the update before it: the one that died
    // holding it.
    let mut last: BTreeMap<i64, &Run> = BTreeMap::new();
    let mut repeated_per_kill: BTreeMap<&str, Vec<&Run>> = BTreeMap::new();
    for run in &ledger {
        if let Some(previous) = last.insert(run.update_id, run) {
            repeated_per_kill
                .entry(previous.instance.as_str())
                .or_default()
                .push(previous);
        }
    }
    for (instance, runs) in &repeated_per_kill {
        let held = held_at_death.get(*instance).unwrap_or_else(|| {
            panic!("{instance} was never killed, yet its updates ran again: {runs:?}")
        });
        let mut chats = BTreeSet::new();
        for run in runs {
            assert!(
                held.contains(&run.update_id),
                "{instance} repeated update {} it did not hold",
                run.update_id
            );
            assert!(
                chats.insert(run.chat),
                "two repeats of chat {} after {instance}'s kill",
                run.chat
            );
        }
    }
    eprintln!("{repeats} repeats over {KILLS} kills");
    assert_eq!(tg.overlapping_polls(), 0, "never two getUpdates at once");
    let lengths = log_lengths(&redis, &setup.namespace, 16).await;
    assert!(
        lengths.iter().all(|n| *n == 0),
        "every log drained: {lengths:?}"
    );
}

/// The instance name in the intake lease, if any.
async fn intake_holder(url: &str, namespace: &str) -> Option<String> {
    let client = redis::Client::open(url).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let lease: Option<String> = redis::cmd("GET")
        .arg(format!("telebot:{{{namespace}}}:intake:lease"))
        .query_async(&mut conn)
        .await
        .unwrap();
    lease.and_then(|l| l.split('/').next().map(str::to_owned))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_poller_is_replaced_within_two_leases_and_nothing_is_lost_or_repeated() {
    const ROUNDS: usize = 3;
    const WAVE: usize = 2_000;
    let Some(redis) = store::redis_url() else {
        return;
    };
    let mut rng = Rng(seed::seed("cluster intake killed"));
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis: redis.clone(),
        namespace: store::fresh_namespace("cluster-intake"),
        dir: scratch("cluster-intake"),
        lease_ms: LEASE_MS,
        work_us: 1500,
        // Small logs: the poller cannot run far ahead of the workers, so a kill tied to the
        // workers' progress finds it mid-stream.
        max_log: 40,
    };
    let mut workers = vec![
        setup.spawn("worker", "w0").await,
        setup.spawn("worker", "w1").await,
    ];
    let mut intakes: BTreeMap<String, Reporting> = BTreeMap::new();
    for name in ["ia-0", "ib-0"] {
        intakes.insert(name.to_owned(), setup.spawn("intake", name).await);
    }
    let mut sent: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for round in 0..ROUNDS {
        for (chat, ids) in push_messages(&tg, WAVE, CHATS, round * WAVE) {
            sent.entry(chat).or_default().extend(ids);
        }
        let progress = round * WAVE + 50 + rng.below(300) as usize;
        cluster::until_handled(&mut workers, &mut seen, progress).await;
        let leader = intake_holder(&redis, &setup.namespace)
            .await
            .expect("an instance holds the intake lease");
        let polls = tg.calls_to("getUpdates").len();
        let child = intakes.remove(&leader).expect("the leader is one of ours");
        child.stop(Signal::Kill, BOUND).await;
        let killed_at = std::time::Instant::now();
        let waiting = tg.pending_updates().len();
        assert!(
            waiting > 0,
            "round {round}: the poller was killed with nothing left to fetch"
        );
        tg.wait_for_calls("getUpdates", polls + 1).await;
        let takeover = killed_at.elapsed();
        assert!(
            takeover <= std::time::Duration::from_millis(2 * LEASE_MS),
            "round {round}: the standby polled {takeover:?} after the kill (lease {LEASE_MS} ms)"
        );
        let name = format!("{}-{}", &leader[..2], round + 1);
        intakes.insert(name.clone(), setup.spawn("intake", &name).await);
    }
    cluster::until_handled(&mut workers, &mut seen, ROUNDS * WAVE).await;
    for (_, child) in intakes {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean, "an intake stops cleanly");
    }
    for child in workers {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean, "a worker stops cleanly");
    }
    let ledger = read_ledger(&setup.dir);
    let repeats = assert_order_and_count(&ledger, &sent);
    assert_eq!(repeats, 0, "a new poller's repeats are skipped by the log");
    assert_eq!(tg.overlapping_polls(), 0, "never two getUpdates at once");
    assert!(
        tg.pending_updates().is_empty(),
        "every update confirmed to Telegram"
    );
}
