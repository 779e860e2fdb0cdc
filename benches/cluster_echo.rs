//! The echo bot in cluster mode (issue 16) with 1, 2 and 4 workers (and one intake), beside
//! the same bot in one process with long polling, in alternating rounds against one fake
//! Telegram: updates per second, and CPU per 1,000 updates of the bot's processes and of
//! redis-server. Every bot is a child process (`tests/bin/cluster_bot.rs`, replying `ok` to
//! each message); redis-server is started by the benchmark (Debian's package, as in CI).
//!
//! ```sh
//! cargo bench --bench cluster_echo --features cluster                 # 20,000 updates, 3 rounds
//! ECHO_UPDATES=50000 ECHO_CHATS=1000 ECHO_ROUNDS=5 cargo bench --bench cluster_echo --features cluster
//! ```
//!
//! The fake Telegram runs in this process; on a two-core machine everything shares the cores,
//! so the figures compare the set-ups with each other in one run, not with other machines.

#[path = "../tests/support/child.rs"]
mod child;
#[path = "support/measure.rs"]
mod measure;

use child::{Reporting, Signal};
use measure::{cpu_of, median, setting};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use telebot::testing::FakeTelegram;

const BOT: &str = env!("CARGO_BIN_EXE_cluster_bot");
const BOUND: Duration = Duration::from_secs(120);

/// A redis-server of the benchmark's own.
struct Redis {
    process: Child,
    url: String,
}

impl Redis {
    fn start(dir: &Path) -> Redis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (apt-get install redis-server)");
        let url = format!("redis://127.0.0.1:{port}/");
        let started = Instant::now();
        loop {
            if let Ok(client) = redis::Client::open(url.as_str())
                && let Ok(mut conn) = client.get_connection()
                && redis::cmd("PING").query::<String>(&mut conn).is_ok()
            {
                break;
            }
            assert!(started.elapsed() < BOUND, "redis-server did not answer");
            std::thread::sleep(Duration::from_millis(20));
        }
        Redis { process, url }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// One measured run.
struct Figures {
    per_second: f64,
    bot_cpu_per_1000: Duration,
    redis_cpu_per_1000: Duration,
}

async fn spawn(
    tg: &FakeTelegram,
    redis: &str,
    namespace: &str,
    dir: &Path,
    role: &str,
    name: &str,
) -> Reporting {
    let mut command = Command::new(BOT);
    command
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("CLUSTER_REDIS_URL", redis)
        .env("CLUSTER_NS", namespace)
        .env("CLUSTER_NAME", name)
        .env("CLUSTER_REPLY", "1")
        .env("LEDGER", dir.join(format!("{namespace}.ledger")))
        .env("LEDGER_WORK_US", "0")
        .stderr(Stdio::null());
    if role == "single" {
        command.env("CLUSTER_MODE", "single");
    } else {
        command.env("CLUSTER_ROLE", role);
    }
    let mut child = Reporting::spawn(command);
    child.expect("ready", BOUND).await;
    child
}

/// Runs `workers` workers and an intake (or, with 0, the bot in one process) over `updates`.
async fn run(
    redis: &Redis,
    dir: &Path,
    workers: usize,
    updates: usize,
    chats: usize,
    round: usize,
) -> Figures {
    let tg = FakeTelegram::builder()
        .max_long_poll(Duration::from_secs(1))
        .start()
        .await;
    let users: Vec<_> = (0..chats).map(|i| tg.user(&format!("user{i}"))).collect();
    for i in 0..updates {
        users[i % chats].send("hello").await;
    }
    let namespace = format!("bench-{workers}-{round}-{}", std::process::id());
    let mut children = Vec::new();
    for w in 0..workers {
        children.push(spawn(&tg, &redis.url, &namespace, dir, "worker", &format!("w{w}")).await);
    }
    let redis_before = cpu_of(redis.process.id());
    // The clock starts when the process that fetches updates starts (workers wait idle).
    let started = Instant::now();
    let poller = if workers == 0 { "single" } else { "intake" };
    children.push(spawn(&tg, &redis.url, &namespace, dir, poller, poller).await);
    let pids: Vec<u32> = children.iter().map(Reporting::id).collect();
    tg.wait_for_calls("sendMessage", updates).await;
    let took = started.elapsed();
    let bot_cpu: Duration = pids.iter().map(|pid| cpu_of(*pid)).sum();
    let redis_cpu = cpu_of(redis.process.id()).saturating_sub(redis_before);
    for child in children {
        child.stop(Signal::Term, BOUND).await;
    }
    let per_thousand = |cpu: Duration| cpu * 1000 / u32::try_from(updates).unwrap_or(u32::MAX);
    Figures {
        per_second: updates as f64 / took.as_secs_f64(),
        bot_cpu_per_1000: per_thousand(bot_cpu),
        redis_cpu_per_1000: per_thousand(redis_cpu),
    }
}

fn main() {
    // `cargo test --benches` runs benchmarks with `--bench` absent: a smoke run is enough.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let updates = setting("ECHO_UPDATES", if smoke { 500 } else { 20_000 });
    let chats = setting("ECHO_CHATS", if smoke { 50 } else { 1_000 });
    let rounds = setting("ECHO_ROUNDS", if smoke { 1 } else { 3 });
    let dir: PathBuf =
        std::env::temp_dir().join(format!("telebot-cluster-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let setups = [0usize, 1, 2, 4];
    let mut figures: Vec<Vec<Figures>> = setups.iter().map(|_| Vec::new()).collect();
    runtime.block_on(async {
        let redis = Redis::start(&dir);
        for round in 0..rounds {
            for (i, workers) in setups.iter().enumerate() {
                let f = run(&redis, &dir, *workers, updates, chats, round).await;
                eprintln!(
                    "round {round}, {}: {:.0} updates/s",
                    if *workers == 0 {
                        "one process".to_string()
                    } else {
                        format!("{workers} workers")
                    },
                    f.per_second
                );
                figures[i].push(f);
            }
        }
    });
    let baseline = median(figures[0].iter().map(|f| f.per_second).collect());
    println!("echo, {updates} updates over {chats} chats, medians of {rounds} alternating rounds");
    println!(
        "| set-up | updates/s | × one process | bot CPU / 1,000 updates | redis CPU / 1,000 updates |"
    );
    println!("|---|---|---|---|---|");
    for (i, workers) in setups.iter().enumerate() {
        let per_second = median(figures[i].iter().map(|f| f.per_second).collect());
        let bot = median(
            figures[i]
                .iter()
                .map(|f| f.bot_cpu_per_1000.as_secs_f64() * 1000.0)
                .collect(),
        );
        let redis = median(
            figures[i]
                .iter()
                .map(|f| f.redis_cpu_per_1000.as_secs_f64() * 1000.0)
                .collect(),
        );
        let name = if *workers == 0 {
            "one process, long polling".to_string()
        } else {
            format!("cluster, 1 intake + {workers} worker(s)")
        };
        println!(
            "| {name} | {per_second:.0} | {:.2} | {bot:.0} ms | {redis:.0} ms |",
            per_second / baseline
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
