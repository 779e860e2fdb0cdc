//! Several instances, one bot, while Redis goes away (issue 16): one intake and two workers
//! (real child processes, `tests/bin/cluster_bot.rs`) run on a Redis server of this test's own,
//! which is stopped mid-run for five seconds and started again with its data (append-only
//! file, fsync always). Nothing is lost, each chat keeps its order, and no handler runs twice:
//! while Redis is away the intake confirms nothing to Telegram, the workers read nothing and
//! keep the acknowledgements of what finished, and when it is back each worker takes its own
//! partitions back under the same epoch and acknowledges them.

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/seed.rs"]
mod seed;
#[path = "support/store.rs"]
mod store;

use child::{Signal, free_port};
use cluster::{
    BOUND, Setup, assert_order_and_count, push_messages, read_ledger, scratch, until_handled,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use telebot::testing::FakeTelegram;

const UPDATES: usize = 4_000;
const CHATS: i64 = 200;
const OUTAGE: Duration = Duration::from_secs(5);

/// A redis-server of this test's own, on `port`, keeping its data in `dir`.
struct Server {
    port: u16,
    dir: PathBuf,
    process: Option<Child>,
}

impl Server {
    fn start(port: u16, dir: &Path) -> Server {
        let mut server = Server {
            port,
            dir: dir.to_owned(),
            process: None,
        };
        server.restart();
        server
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Starts the server on its port and data; returns once it answers.
    fn restart(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (installed by .ci/run)");
        self.process = Some(child);
        // Answers once it has loaded its data: connect until it does (bounded).
        let started = std::time::Instant::now();
        loop {
            if let Ok(client) = redis::Client::open(self.url())
                && let Ok(mut conn) = client.get_connection()
                && redis::cmd("PING").query::<String>(&mut conn).is_ok()
            {
                return;
            }
            assert!(started.elapsed() < BOUND, "redis-server did not answer");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server (SIGTERM: it syncs its file and exits) and waits for its exit.
    fn stop(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = Command::new("kill")
                .args(["-s", "TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_away_for_five_seconds_loses_nothing_and_repeats_nothing() {
    // Runs where the other Redis tests run (.ci/run installs redis-server).
    if store::redis_url().is_none() {
        return;
    }
    let mut rng = seed::seed("cluster redis outage");
    let dir = scratch("cluster-outage");
    let data = dir.join("redis");
    std::fs::create_dir_all(&data).unwrap();
    let mut server = Server::start(free_port(), &data);
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis: server.url(),
        namespace: "outage".into(),
        dir,
        lease_ms: 2000,
        work_us: 1500,
        max_log: 10_000,
    };
    let mut workers = vec![
        setup.spawn("worker", "w0").await,
        setup.spawn("worker", "w1").await,
    ];
    let intake = setup.spawn("intake", "in").await;
    let mut sent: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (chat, ids) in push_messages(&tg, UPDATES / 2, CHATS, 0) {
        sent.entry(chat).or_default().extend(ids);
    }
    let mut seen = BTreeSet::new();
    rng ^= rng >> 17;
    let progress = 200 + (rng % 600) as usize;
    until_handled(&mut workers, &mut seen, progress).await;
    server.stop();
    let handled_at_stop = seen.len();
    assert!(
        handled_at_stop < UPDATES / 2,
        "Redis stopped with work left ({handled_at_stop} of {} handled)",
        UPDATES / 2
    );
    // More updates arrive while Redis is away; the outage itself is the fault's length.
    for (chat, ids) in push_messages(&tg, UPDATES / 2, CHATS, UPDATES / 2) {
        sent.entry(chat).or_default().extend(ids);
    }
    tokio::time::sleep(OUTAGE).await;
    assert!(
        !tg.pending_updates().is_empty(),
        "nothing is confirmed to Telegram while Redis is away"
    );
    server.restart();
    until_handled(&mut workers, &mut seen, UPDATES).await;

    let (clean, _) = intake.stop(Signal::Term, BOUND).await;
    assert!(clean, "the intake stops cleanly");
    for child in workers {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean, "a worker stops cleanly");
    }
    let ledger = read_ledger(&setup.dir);
    let repeats = assert_order_and_count(&ledger, &sent);
    assert_eq!(
        repeats, 0,
        "no handler ran twice: every finished update was acknowledged after the outage"
    );
    assert!(
        tg.pending_updates().is_empty(),
        "every update confirmed to Telegram"
    );
}
