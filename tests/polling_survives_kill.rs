//! Crash tests (issue 5): the bot runs as a child process (`tests/bin/ledger_bot.rs`) against
//! the fake Telegram and is killed at seeded random moments, 20 times, then restarted; its
//! handlers append every update id to a ledger file.
//!
//! * SIGKILL: every update id is in the ledger (none lost), and each restart repeats at most
//!   the in-flight window (the `limit` of updates fetched and not yet confirmed).
//! * SIGTERM: every update id is in the ledger exactly once, and every child exits cleanly.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use telebot::testing::FakeTelegram;

const BOT: &str = env!("CARGO_BIN_EXE_ledger_bot");
const KILLS: usize = 20;
const UPDATES_PER_RUN: usize = 60;
const CHATS: i64 = 30;
/// The child's getUpdates `limit`: the most updates fetched and not yet confirmed.
const WINDOW: usize = 20;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kill {
    Sigkill,
    Sigterm,
}

/// A small seeded generator (xorshift64*), so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("telebot-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts the bot and waits (off the runtime) until it prints `ready`.
async fn spawn_bot(tg: &FakeTelegram, dir: &Path, run: usize) -> Child {
    let stderr = std::fs::File::create(dir.join(format!("run{run}.stderr"))).unwrap();
    let mut child = Command::new(BOT)
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("LEDGER", dir.join("ledger"))
        .env("LEDGER_RUN", run.to_string())
        .env("LEDGER_LIMIT", WINDOW.to_string())
        .env("LEDGER_WORK_MS", "3")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start ledger_bot");
    let stdout = child.stdout.take().unwrap();
    let ready = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .any(|line| line.is_ok_and(|l| l == "ready"))
    });
    let ready = tokio::time::timeout(Duration::from_secs(20), ready)
        .await
        .expect("ledger_bot did not get ready within 20 s")
        .unwrap();
    assert!(ready, "ledger_bot exited before it was ready (see {dir:?})");
    child
}

/// Sends the signal and waits for the child to exit; returns whether it exited with success.
async fn kill(mut child: Child, how: Kill) -> bool {
    match how {
        Kill::Sigkill => child.kill().expect("SIGKILL"),
        Kill::Sigterm => {
            let status = Command::new("kill")
                .args(["-s", "TERM", &child.id().to_string()])
                .status()
                .expect("run kill");
            assert!(status.success());
        }
    }
    let exited = tokio::task::spawn_blocking(move || child.wait());
    tokio::time::timeout(Duration::from_secs(20), exited)
        .await
        .expect("the child did not exit within 20 s of the signal")
        .unwrap()
        .unwrap()
        .success()
}

fn push_updates(tg: &FakeTelegram, run: usize) -> Vec<i64> {
    (0..UPDATES_PER_RUN)
        .map(|i| {
            let chat = 1 + (run * UPDATES_PER_RUN + i) as i64 % CHATS;
            tg.push_update(serde_json::json!({"message": {"message_id": i + 1, "date": 1_700_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "U"},
                "from": {"id": chat, "is_bot": false, "first_name": "U"}, "text": format!("m{i}")}}))
        })
        .collect()
}

/// The ledger: for each update id, the runs that handled it, in order.
fn read_ledger(dir: &Path) -> BTreeMap<i64, Vec<usize>> {
    let text = std::fs::read_to_string(dir.join("ledger")).unwrap_or_default();
    let mut ledger: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for line in text.lines() {
        let mut parts = line.split(' ');
        if let (Some(Ok(id)), Some(Ok(run))) = (
            parts.next().map(str::parse::<i64>),
            parts.next().map(str::parse::<usize>),
        ) {
            ledger.entry(id).or_default().push(run);
        }
    }
    ledger
}

/// Runs the bot `KILLS` times, each killed at a random moment, then once to the end; returns
/// the ledger, the ids pushed, and whether each killed child exited with success.
async fn crash_and_restart(
    how: Kill,
    seed: u64,
) -> (BTreeMap<i64, Vec<usize>>, Vec<i64>, Vec<bool>) {
    let dir = scratch(&format!("{how:?}").to_lowercase());
    let tg = FakeTelegram::start().await;
    let mut rng = Rng(seed);
    let mut pushed = Vec::new();
    let mut clean_exits = Vec::new();
    for run in 0..KILLS {
        pushed.extend(push_updates(&tg, run));
        let child = spawn_bot(&tg, &dir, run).await;
        // The kill moment: a seeded random point while the run works through its updates.
        tokio::time::sleep(Duration::from_millis(2 + rng.below(60))).await;
        clean_exits.push(kill(child, how).await);
    }
    let child = spawn_bot(&tg, &dir, KILLS).await;
    assert!(
        tg.wait_until_idle(Duration::from_secs(30)).await,
        "the last run did not confirm everything"
    );
    assert!(
        kill(child, Kill::Sigterm).await,
        "the last run stops cleanly"
    );
    let ledger = read_ledger(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    (ledger, pushed, clean_exits)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_moments_loses_nothing_and_repeats_only_the_in_flight_window() {
    let (ledger, pushed, _) = crash_and_restart(Kill::Sigkill, 0x5eed_0001).await;
    let missing: Vec<i64> = pushed
        .iter()
        .filter(|id| !ledger.contains_key(id))
        .copied()
        .collect();
    assert!(missing.is_empty(), "lost updates: {missing:?}");

    let mut repeats_by_run: BTreeMap<usize, usize> = BTreeMap::new();
    for (id, runs) in &ledger {
        let distinct: BTreeSet<usize> = runs.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            runs.len(),
            "update {id} was handled twice by one process: {runs:?}"
        );
        for run in runs.iter().skip(1) {
            *repeats_by_run.entry(*run).or_default() += 1;
        }
    }
    for (run, repeats) in &repeats_by_run {
        assert!(
            *repeats <= WINDOW,
            "run {run} repeated {repeats} updates, more than the window of {WINDOW}"
        );
    }
    let total: usize = repeats_by_run.values().sum();
    eprintln!(
        "{} updates, {KILLS} SIGKILLs: {total} repeated in all, at most {} after one kill",
        pushed.len(),
        repeats_by_run.values().max().unwrap_or(&0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_at_random_moments_loses_nothing_and_repeats_nothing() {
    let (ledger, pushed, clean_exits) = crash_and_restart(Kill::Sigterm, 0x5eed_0002).await;
    assert!(
        clean_exits.iter().all(|&clean| clean),
        "every SIGTERM ended in a clean exit: {clean_exits:?}"
    );
    assert_eq!(
        ledger.keys().copied().collect::<Vec<_>>(),
        pushed,
        "every update handled, nothing else"
    );
    let twice: Vec<(&i64, &Vec<usize>)> =
        ledger.iter().filter(|(_, runs)| runs.len() > 1).collect();
    assert!(twice.is_empty(), "handled twice: {twice:?}");
}
