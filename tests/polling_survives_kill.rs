//! Crash tests (issue 5): the bot runs as a child process (`tests/bin/ledger_bot.rs`) against
//! the fake Telegram and is killed 20 times, then restarted; its handlers append every update
//! id to a ledger file and report it on stdout. Each run keeps the lowest pending update in
//! hand and handles a seeded number of others, and is killed once it reported them: mid-batch,
//! with updates fetched and still being handled, tied to its progress and not to the clock.
//! The seed is printed and read from `TELEBOT_TEST_SEED`.
//!
//! * SIGKILL: every update id is in the ledger (none lost); the updates repeated after a kill
//!   are exactly those handled and not yet confirmed at the kill (at or above the offset the
//!   fake Telegram was sent), at most the in-flight window (the `limit` of updates fetched
//!   and not yet confirmed) after each kill, and more than none.
//! * SIGTERM: every update id is in the ledger exactly once, every child exits cleanly, and
//!   the updates in hand at the signal are finished before the exit.

#[path = "support/child.rs"]
mod child;
#[path = "support/seed.rs"]
mod seed;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use child::{Reporting, Signal};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use telebot::testing::FakeTelegram;
use temp_dir::TempDir;

const BOT: &str = env!("CARGO_BIN_EXE_ledger_bot");
const KILLS: usize = 20;
const UPDATES_PER_RUN: usize = 60;
const CHATS: i64 = 30;
/// The child's getUpdates `limit`: the most updates fetched and not yet confirmed.
const WINDOW: usize = 20;
/// The failure bound of each wait on the child.
const BOUND: Duration = Duration::from_secs(30);

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

/// Starts the bot and waits until it prints `ready`; `hold` is the update it keeps in hand and
/// `handle` how many others it handles (see `tests/bin/ledger_bot.rs`).
async fn spawn_bot(
    tg: &FakeTelegram,
    dir: &Path,
    run: usize,
    hold: Option<(i64, usize)>,
) -> Reporting {
    let mut env = Vec::new();
    if let Some((id, handle)) = hold {
        env.push(("LEDGER_HOLD_ID", id.to_string()));
        env.push(("LEDGER_HANDLE", handle.to_string()));
    }
    spawn_with(tg, dir, run, &env).await
}

/// Starts the bot with `env` added and waits until it prints `ready`.
async fn spawn_with(
    tg: &FakeTelegram,
    dir: &Path,
    run: usize,
    env: &[(&str, String)],
) -> Reporting {
    let stderr = std::fs::File::create(dir.join(format!("run{run}.stderr"))).unwrap();
    let mut command = Command::new(BOT);
    command
        .env("TELEGRAM_BOT_TOKEN", tg.token())
        .env("TELEGRAM_API_URL", tg.api_url())
        .env("LEDGER", dir.join("ledger"))
        .env("LEDGER_RUN", run.to_string())
        .env("LEDGER_LIMIT", WINDOW.to_string())
        .env("LEDGER_WORK_MS", "3")
        .stderr(stderr);
    command.envs(env.iter().map(|(k, v)| (k, v)));
    let mut child = Reporting::spawn(command);
    let before = child.expect("ready", BOUND).await;
    assert!(before.is_empty(), "nothing before ready: {before:?}");
    child
}

/// A line of the child: `handled <id>` or `holding <id>`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Report {
    Handled(i64),
    Holding(i64),
}

fn report(line: &str) -> Report {
    let parsed = match line.split_once(' ') {
        Some(("handled", id)) => id.parse().ok().map(Report::Handled),
        Some(("holding", id)) => id.parse().ok().map(Report::Holding),
        _ => None,
    };
    parsed.unwrap_or_else(|| panic!("unexpected line from ledger_bot: {line:?}"))
}

/// Reads the child's reports until it has handled `count` updates and holds `held`; returns
/// the ids it holds by then.
async fn wait_mid_batch(child: &mut Reporting, count: usize, held: i64) -> BTreeSet<i64> {
    let mut handled = 0;
    let mut holding = BTreeSet::new();
    while handled < count || !holding.contains(&held) {
        match child.next_line(BOUND).await.map(|line| report(&line)) {
            Some(Report::Handled(_)) => handled += 1,
            Some(Report::Holding(id)) => {
                holding.insert(id);
            }
            None => panic!("the child exited after {handled} of {count} handled updates"),
        }
    }
    holding
}

/// The lowest update id the fake Telegram holds for the bot.
fn lowest_pending(tg: &FakeTelegram) -> i64 {
    tg.pending_updates()
        .iter()
        .filter_map(|update| update["update_id"].as_i64())
        .min()
        .expect("updates are pending")
}

/// The highest offset the bot has sent with getUpdates: every update below it is confirmed.
fn confirmed_offset(tg: &FakeTelegram) -> i64 {
    tg.calls_to("getUpdates")
        .iter()
        .filter_map(|call| {
            call.params
                .get("offset")
                .and_then(serde_json::Value::as_i64)
        })
        .max()
        .unwrap_or(0)
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

/// What one killed run left behind.
struct Killed {
    /// Whether the child exited with success.
    clean: bool,
    /// How many updates it handled before the signal.
    handled: usize,
    /// The updates it held in hand (reported before the signal, or after it).
    held: BTreeSet<i64>,
    /// The updates it handled after the signal (while stopping).
    finished_after_signal: BTreeSet<i64>,
    /// The offset confirmed to the fake Telegram when the child was gone.
    confirmed: i64,
}

/// Runs the bot `KILLS` times, then once to the end; returns the ledger, the ids pushed, and
/// what each kill left. Each run holds the lowest pending update in hand and handles a seeded
/// number of others (1 to `WINDOW / 2`, which always fit beside it in the window), holding any
/// later ones; it is killed once it reported those handled and the lowest one held: mid-batch,
/// with fetched updates in hand, whatever the timing.
/// Every pushed update is in the ledger (which lists, per update, the runs that handled it),
/// and no run handled one twice.
fn assert_none_lost_nor_twice_in_one_run(
    ledger: &BTreeMap<i64, Vec<usize>>,
    pushed: &[i64],
    seed: u64,
) {
    let missing: Vec<&i64> = pushed
        .iter()
        .filter(|id| !ledger.contains_key(id))
        .collect();
    assert!(
        missing.is_empty(),
        "lost updates: {missing:?} (seed {seed:#x})"
    );
    for (id, runs) in ledger {
        let distinct: BTreeSet<usize> = runs.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            runs.len(),
            "update {id} was handled twice by one process: {runs:?}"
        );
    }
}

async fn crash_and_restart(
    how: Signal,
    seed: u64,
) -> (BTreeMap<i64, Vec<usize>>, Vec<i64>, Vec<Killed>) {
    let dir = TempDir::new(&format!("{how:?}").to_lowercase());
    let tg = FakeTelegram::start().await;
    let mut rng = Rng(seed);
    let mut pushed = Vec::new();
    let mut kills = Vec::new();
    for run in 0..KILLS {
        pushed.extend(push_updates(&tg, run));
        let hold = lowest_pending(&tg);
        let handled = 1 + rng.below((WINDOW / 2) as u64) as usize;
        let mut child = spawn_bot(&tg, &dir, run, Some((hold, handled))).await;
        let mut held = wait_mid_batch(&mut child, handled, hold).await;
        let (clean, after) = child.stop(how, BOUND).await;
        let mut finished_after_signal = BTreeSet::new();
        for line in &after {
            match report(line) {
                Report::Handled(id) => finished_after_signal.insert(id),
                Report::Holding(id) => held.insert(id),
            };
        }
        kills.push(Killed {
            clean,
            handled,
            held,
            finished_after_signal,
            confirmed: confirmed_offset(&tg),
        });
    }
    let child = spawn_bot(&tg, &dir, KILLS, None).await;
    assert!(
        tg.wait_until_idle(BOUND).await,
        "the last run did not confirm everything"
    );
    let (clean, _) = child.stop(Signal::Term, BOUND).await;
    assert!(clean, "the last run stops cleanly");
    let ledger = read_ledger(&dir);
    (ledger, pushed, kills)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_batch_loses_nothing_and_repeats_exactly_what_was_handled_and_unconfirmed() {
    let seed = seed::seed("sigkill_mid_batch");
    let (ledger, pushed, kills) = crash_and_restart(Signal::Kill, seed).await;
    assert_none_lost_nor_twice_in_one_run(&ledger, &pushed, seed);

    let mut repeats_by_run: BTreeMap<usize, usize> = BTreeMap::new();
    for (id, runs) in &ledger {
        for pair in runs.windows(2) {
            let (killed, again) = (pair[0], pair[1]);
            *repeats_by_run.entry(again).or_default() += 1;
            let confirmed = kills[killed].confirmed;
            assert!(
                *id >= confirmed,
                "update {id} came again after run {killed}, which had confirmed everything below {confirmed} (seed {seed:#x})"
            );
        }
    }
    for (run, killed) in kills.iter().enumerate() {
        assert!(
            killed.finished_after_signal.is_empty(),
            "run {run} handled nothing after SIGKILL"
        );
        assert!(
            killed.confirmed <= *killed.held.first().unwrap(),
            "run {run} confirmed {}, past the update {} it still held (seed {seed:#x})",
            killed.confirmed,
            killed.held.first().unwrap()
        );
    }
    for (run, repeats) in &repeats_by_run {
        assert!(
            *repeats <= WINDOW,
            "run {run} repeated {repeats} updates, more than the window of {WINDOW} (seed {seed:#x})"
        );
    }
    // Every update a killed run handled sat above the one it held, so none was confirmed:
    // each comes again, once per kill that found it handled.
    let total: usize = repeats_by_run.values().sum();
    let handled_by_killed_runs: usize = kills.iter().map(|k| k.handled).sum();
    assert!(
        total > 0,
        "{KILLS} kills mid-batch repeated nothing (seed {seed:#x})"
    );
    assert_eq!(
        total, handled_by_killed_runs,
        "the repeats are the updates handled and unconfirmed at each kill (seed {seed:#x})"
    );
    eprintln!(
        "{} updates, {KILLS} SIGKILLs: {total} repeated in all, at most {} after one kill",
        pushed.len(),
        repeats_by_run.values().max().unwrap_or(&0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_batch_finishes_the_updates_in_hand_and_repeats_nothing() {
    let seed = seed::seed("sigterm_mid_batch");
    let (ledger, pushed, kills) = crash_and_restart(Signal::Term, seed).await;
    for (run, killed) in kills.iter().enumerate() {
        assert!(killed.clean, "run {run}: SIGTERM ends in a clean exit");
        assert!(
            !killed.held.is_empty() && killed.held.is_subset(&killed.finished_after_signal),
            "run {run}: the updates in hand at SIGTERM ({:?}) are handled before the exit ({:?}) (seed {seed:#x})",
            killed.held,
            killed.finished_after_signal
        );
    }
    assert_eq!(
        ledger.keys().copied().collect::<Vec<_>>(),
        pushed,
        "every update handled, nothing else (seed {seed:#x})"
    );
    let twice: Vec<(&i64, &Vec<usize>)> =
        ledger.iter().filter(|(_, runs)| runs.len() > 1).collect();
    assert!(
        twice.is_empty(),
        "handled twice: {twice:?} (seed {seed:#x})"
    );
}

/// With an update journal: each run handles a seeded number of updates (the lanes take the
/// journal's leftovers first) and holds every other one in hand; the test waits until the fake
/// Telegram has every update confirmed (the journal lets the offset pass the held updates),
/// then signals. What each run handled is returned beside the ledger.
async fn journaled_crash_and_restart(
    how: Signal,
    seed: u64,
) -> (BTreeMap<i64, Vec<usize>>, Vec<i64>, Vec<(bool, usize)>) {
    let dir = TempDir::new(&format!("journal-{how:?}").to_lowercase());
    let journal = dir.join("updates.journal").display().to_string();
    let tg = FakeTelegram::start().await;
    let mut rng = Rng(seed);
    let mut pushed = Vec::new();
    let mut runs = Vec::new();
    for run in 0..KILLS {
        pushed.extend(push_updates(&tg, run));
        let handle = 1 + rng.below((WINDOW / 2) as u64) as usize;
        let env = [
            ("LEDGER_JOURNAL", journal.clone()),
            ("LEDGER_HANDLE", handle.to_string()),
        ];
        let mut child = spawn_with(&tg, &dir, run, &env).await;
        let mut handled = 0;
        while handled < handle {
            match child.next_line(BOUND).await.map(|line| report(&line)) {
                Some(Report::Handled(_)) => handled += 1,
                Some(Report::Holding(_)) => {}
                None => panic!("run {run} exited after {handled} of {handle} handled updates"),
            }
        }
        assert!(
            tg.wait_until_idle(BOUND).await,
            "run {run}: every update confirmed to Telegram while most are held in hand (seed {seed:#x})"
        );
        let (clean, _) = child.stop(how, BOUND).await;
        runs.push((clean, handle));
    }
    let env = [("LEDGER_JOURNAL", journal.clone())];
    let mut child = spawn_with(&tg, &dir, KILLS, &env).await;
    // Everything is confirmed already: the last run reads the rest from the journal.
    let mut left: BTreeSet<i64> = pushed
        .iter()
        .filter(|id| !read_ledger(&dir).contains_key(id))
        .copied()
        .collect();
    while !left.is_empty() {
        match child.next_line(BOUND).await.map(|line| report(&line)) {
            Some(Report::Handled(id)) => {
                left.remove(&id);
            }
            Some(Report::Holding(id)) => panic!("the last run holds nothing, yet held {id}"),
            None => panic!("the last run exited with {} updates unhandled", left.len()),
        }
    }
    let (clean, _) = child.stop(Signal::Term, BOUND).await;
    assert!(clean, "the last run stops cleanly");
    let ledger = read_ledger(&dir);
    (ledger, pushed, runs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_journal_sigkill_loses_nothing_though_telegram_had_every_update_confirmed() {
    let seed = seed::seed("journal_sigkill");
    let (ledger, pushed, runs) = journaled_crash_and_restart(Signal::Kill, seed).await;
    assert_none_lost_nor_twice_in_one_run(&ledger, &pushed, seed);
    let mut repeats_after: BTreeMap<usize, usize> = BTreeMap::new();
    for handled_by in ledger.values() {
        for pair in handled_by.windows(2) {
            *repeats_after.entry(pair[0]).or_default() += 1;
        }
    }
    for (run, repeats) in &repeats_after {
        let handled = runs.get(*run).map_or(0, |(_, handled)| *handled);
        assert!(
            *repeats <= handled,
            "{repeats} updates handled by run {run} came again, more than the {handled} it handled (seed {seed:#x})"
        );
    }
    let handled_by_killed: usize = runs.iter().map(|(_, handled)| handled).sum();
    eprintln!(
        "{} updates, {KILLS} SIGKILLs with every update confirmed to Telegram: {handled_by_killed} handled by the killed runs, {} of them again",
        pushed.len(),
        repeats_after.values().sum::<usize>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_journal_sigterm_finishes_the_updates_in_hand_and_repeats_nothing() {
    let seed = seed::seed("journal_sigterm");
    let (ledger, pushed, runs) = journaled_crash_and_restart(Signal::Term, seed).await;
    for (run, (clean, _)) in runs.iter().enumerate() {
        assert!(*clean, "run {run}: SIGTERM ends in a clean exit");
    }
    assert_eq!(
        ledger.keys().copied().collect::<Vec<_>>(),
        pushed,
        "every update handled, nothing else (seed {seed:#x})"
    );
    let twice: Vec<(&i64, &Vec<usize>)> =
        ledger.iter().filter(|(_, runs)| runs.len() > 1).collect();
    assert!(
        twice.is_empty(),
        "handled twice: {twice:?} (seed {seed:#x})"
    );
}
