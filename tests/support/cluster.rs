//! What the cluster tests share: starting instances of `tests/bin/cluster_bot.rs`, reading
//! their reports and the ledger they write, and pushing updates to the fake Telegram.

#![allow(dead_code)]

use super::child::Reporting;
use super::store::TempDir;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use telebot::testing::FakeTelegram;

pub const BOT: &str = env!("CARGO_BIN_EXE_cluster_bot");
/// The failure bound of each wait on a child.
pub const BOUND: Duration = Duration::from_secs(60);

/// A directory of its own for a test's ledger and logs (removed when the test passes).
pub fn scratch(name: &str) -> TempDir {
    TempDir::new(name)
}

/// How to start instances of one cluster.
pub struct Setup<'a> {
    pub tg: &'a FakeTelegram,
    pub redis: String,
    pub namespace: String,
    pub dir: TempDir,
    pub lease_ms: u64,
    pub work_us: u64,
    /// Each partition's bound.
    pub max_log: usize,
}

impl Setup<'_> {
    /// Starts an instance in `role` named `name`, and waits until it is ready.
    pub async fn spawn(&self, role: &str, name: &str) -> Reporting {
        self.spawn_with(role, name, &[]).await
    }

    /// [`spawn`](Self::spawn) with more environment.
    pub async fn spawn_with(&self, role: &str, name: &str, env: &[(&str, &str)]) -> Reporting {
        let stderr = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join(format!("{name}.stderr")))
            .unwrap();
        let mut command = Command::new(BOT);
        command
            .env("TELEGRAM_BOT_TOKEN", self.tg.token())
            .env("TELEGRAM_API_URL", self.tg.api_url())
            .env("CLUSTER_REDIS_URL", &self.redis)
            .env("CLUSTER_NS", &self.namespace)
            .env("CLUSTER_ROLE", role)
            .env("CLUSTER_NAME", name)
            .env("CLUSTER_LEASE_MS", self.lease_ms.to_string())
            .env("LEDGER", self.dir.join("ledger"))
            .env("LEDGER_WORK_US", self.work_us.to_string())
            .env("CLUSTER_MAX_LOG", self.max_log.to_string())
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stderr(stderr);
        let mut child = Reporting::spawn(command);
        let before = child.expect("ready", BOUND).await;
        assert!(before.is_empty(), "nothing before ready: {before:?}");
        child
    }
}

/// Pushes `count` text messages spread over `chats` private chats (chat `c` gets every
/// `chats`-th); returns each chat's update ids in the order sent.
pub fn push_messages(
    tg: &FakeTelegram,
    count: usize,
    chats: i64,
    first: usize,
) -> BTreeMap<i64, Vec<i64>> {
    let mut sent: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for i in first..first + count {
        let chat = 1 + i as i64 % chats;
        let id = tg.push_update(
            serde_json::json!({"message": {"message_id": i + 1, "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private", "first_name": "U"},
            "from": {"id": chat, "is_bot": false, "first_name": "U"}, "text": format!("m{i}")}}),
        );
        sent.entry(chat).or_default().push(id);
    }
    sent
}

/// One line of the ledger: an update handled by an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub update_id: i64,
    pub chat: i64,
    pub instance: String,
}

/// The ledger, in the order the lines were written.
pub fn read_ledger(dir: &Path) -> Vec<Run> {
    let text = std::fs::read_to_string(dir.join("ledger")).unwrap_or_default();
    text.lines()
        .map(|line| {
            let mut parts = line.split(' ');
            let (Some(id), Some(chat), Some(instance)) = (parts.next(), parts.next(), parts.next())
            else {
                panic!("a torn ledger line: {line:?}");
            };
            Run {
                update_id: id.parse().expect("an update id"),
                chat: chat.parse().expect("a chat id"),
                instance: instance.to_owned(),
            }
        })
        .collect()
}

/// The `handled <id>` report of a child.
pub fn handled_id(line: &str) -> i64 {
    line.strip_prefix("handled ")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("unexpected line from cluster_bot: {line:?}"))
}

/// Reads reports from all `children` until `wanted` distinct updates were handled (ids in
/// `seen`); returns how many lines each child printed meanwhile.
pub async fn until_handled(children: &mut [Reporting], seen: &mut BTreeSet<i64>, wanted: usize) {
    while seen.len() < wanted {
        let next = children
            .iter_mut()
            .map(|c| Box::pin(c.next_line(BOUND)))
            .collect::<Vec<_>>();
        let (line, _, _) = futures_util::future::select_all(next).await;
        match line {
            Some(line) => {
                seen.insert(handled_id(&line));
            }
            None => panic!(
                "an instance exited after {} of {wanted} updates",
                seen.len()
            ),
        }
    }
}

/// Checks every chat's updates were handled in the order sent: the first run of each update,
/// per chat, follows the sent order. Returns how many runs were repeats.
pub fn assert_order_and_count(ledger: &[Run], sent: &BTreeMap<i64, Vec<i64>>) -> usize {
    let mut first_runs: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    let mut repeats = 0;
    for run in ledger {
        if seen.insert(run.update_id) {
            first_runs.entry(run.chat).or_default().push(run.update_id);
        } else {
            repeats += 1;
        }
    }
    let total: usize = sent.values().map(Vec::len).sum();
    assert_eq!(seen.len(), total, "every update handled (none lost)");
    for (chat, ids) in sent {
        assert_eq!(
            first_runs.get(chat),
            Some(ids),
            "chat {chat}'s updates in the order sent"
        );
    }
    repeats
}

/// The update ids an instance named `owner` holds read and not acknowledged in Redis: the
/// pending entries of the partitions whose lease is its.
pub async fn pending_of(url: &str, namespace: &str, owner: &str, partitions: u16) -> BTreeSet<i64> {
    let client = redis::Client::open(url).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let mut ids = BTreeSet::new();
    for p in 0..partitions {
        let tag = format!("telebot:{{{namespace}:p{p}}}");
        let lease: Option<String> = redis::cmd("GET")
            .arg(format!("{tag}:lease"))
            .query_async(&mut conn)
            .await
            .unwrap();
        if !lease.is_some_and(|l| l.starts_with(&format!("{owner}/"))) {
            continue;
        }
        let log = format!("{tag}:log");
        let pending: Vec<(String, String, u64, u64)> = redis::cmd("XPENDING")
            .arg(&log)
            .arg("workers")
            .arg("-")
            .arg("+")
            .arg(100_000)
            .query_async(&mut conn)
            .await
            .unwrap();
        for (entry, _, _, _) in pending {
            let found: Vec<(String, Vec<String>)> = redis::cmd("XRANGE")
                .arg(&log)
                .arg(&entry)
                .arg(&entry)
                .query_async(&mut conn)
                .await
                .unwrap();
            for (_, fields) in found {
                if let Some(at) = fields.iter().position(|f| f == "u") {
                    ids.insert(fields[at + 1].parse().unwrap());
                }
            }
        }
    }
    ids
}

/// The length of every partition log of the namespace.
pub async fn log_lengths(url: &str, namespace: &str, partitions: u16) -> Vec<u64> {
    let client = redis::Client::open(url).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let mut lengths = Vec::new();
    for p in 0..partitions {
        let key = format!("telebot:{{{namespace}:p{p}}}:log");
        let len: u64 = redis::cmd("XLEN")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap();
        lengths.push(len);
    }
    lengths
}
