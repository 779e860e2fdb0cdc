//! Crash safety: a child process (this test binary, re-run as `crash_writer_child`) handles
//! updates that rewrite ten users' ~2 KB records round after round, and is killed with SIGKILL
//! at random points, 200 times. After each kill the store must load, every record must be a
//! whole record of one round (never a mix or garbage), and no round the child reported as
//! stored may be missing: in write-through mode that is every round it finished handling, in
//! interval mode every round up to its last flush.

#[path = "support/seed.rs"]
mod seed;
#[path = "support/store.rs"]
mod store;

use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use store::{TempDir, message_from};
use telebot::handlers::MessageHandler;
use telebot::persistence::{FilePersistence, Persistence, Store};
use telebot::testing::FakeTelegram;
use telebot::{Application, HandlerResult, UserData, filters};

const USERS: i64 = 10;
const KILLS: usize = 200;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    round: u64,
    payload: String,
}

/// The payload of `user`'s record in `round`: about 2 KB, different for every round.
fn payload(user: i64, round: u64) -> String {
    format!("{user}:{round};").repeat(2048 / format!("{user}:{round};").len())
}

#[derive(Clone, Copy, Debug)]
enum Backend {
    File,
    #[cfg(feature = "sqlite")]
    Sqlite,
}

fn open(backend: Backend, dir: &Path, write_through: bool) -> Box<dyn Persistence> {
    match backend {
        Backend::File => Box::new(
            FilePersistence::open(dir)
                .unwrap()
                .write_through(write_through),
        ),
        #[cfg(feature = "sqlite")]
        Backend::Sqlite => Box::new(
            telebot::persistence::SqlitePersistence::open(dir.join("bot.sqlite3"))
                .unwrap()
                .write_through(write_through),
        ),
    }
}

/// Not a test on its own: the child process the crash test starts and kills.
#[test]
#[ignore = "run by persistence_survives_kill as its child process"]
fn crash_writer_child() {
    let (Ok(dir), Ok(backend), Ok(mode)) = (
        std::env::var("CRASH_CHILD_DIR"),
        std::env::var("CRASH_CHILD_BACKEND"),
        std::env::var("CRASH_CHILD_MODE"),
    ) else {
        return;
    };
    let backend = match backend.as_str() {
        #[cfg(feature = "sqlite")]
        "sqlite" => Backend::Sqlite,
        _ => Backend::File,
    };
    let write_through = mode == "through";
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let tg = FakeTelegram::start().await;
        let app = Application::builder()
            .bot(tg.bot())
            .persistence(BoxedBackend(open(backend, Path::new(&dir), write_through)))
            .build()
            .unwrap();
        app.add_handler(
            MessageHandler::new(
                filters::text(),
                |msg: telebot::api::Message, mut record: UserData<Record>| async move {
                    let round: u64 = msg.text.unwrap_or_default().parse().unwrap_or(0);
                    let user = msg.chat.id;
                    record.round = round;
                    record.payload = payload(user, round);
                    HandlerResult::Ok(())
                },
            ),
            0,
        );
        app.initialize().await.unwrap();
        let start = app
            .with_user_data(1, |r: &mut Record| r.round)
            .await
            .unwrap();
        let mut update_id = 0;
        for round in start + 1.. {
            for user in 1..=USERS {
                update_id += 1;
                app.process_update(message_from(update_id, user, &round.to_string()))
                    .await;
            }
            if write_through {
                println!("stored {round}");
            } else if round.is_multiple_of(3) {
                app.update_persistence().await.unwrap();
                println!("stored {round}");
            }
        }
    });
}

/// `Box<dyn Persistence>` as a backend of its own.
struct BoxedBackend(Box<dyn Persistence>);

impl Persistence for BoxedBackend {
    fn describe(&self) -> String {
        self.0.describe()
    }
    fn settings(&self) -> telebot::persistence::Settings {
        self.0.settings()
    }
    fn load(
        &self,
        store: Store,
    ) -> futures_util::future::BoxFuture<
        '_,
        Result<Vec<telebot::persistence::Record>, telebot::persistence::PersistenceError>,
    > {
        self.0.load(store)
    }
    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> futures_util::future::BoxFuture<
        'a,
        Result<telebot::persistence::Fields, telebot::persistence::PersistenceError>,
    > {
        self.0.load_key(store, key)
    }
    fn write<'a>(
        &'a self,
        changes: &'a [telebot::persistence::Change],
    ) -> futures_util::future::BoxFuture<'a, Result<(), telebot::persistence::PersistenceError>>
    {
        self.0.write(changes)
    }
}

/// A small xorshift generator; its seed is printed and read from `TELEBOT_TEST_SEED`, so a
/// failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Checks the store after a kill; returns the lowest round any user holds.
fn check_store(backend: Backend, dir: &Path, at_least: u64) -> u64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let p = open(backend, dir, false);
        let records = p
            .load(Store::UserData)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: the store does not load after a kill: {e}"));
        let mut lowest = u64::MAX;
        for user in 1..=USERS {
            let value = records
                .iter()
                .find(|r| r.key == user.to_string() && r.field == "Record")
                .map(|r| r.value.clone());
            let round = match value {
                None => 0,
                Some(value) => {
                    let record: Record = serde_json::from_value(value.clone())
                        .unwrap_or_else(|e| panic!("{backend:?}: user {user} holds garbage {value}: {e}"));
                    assert_eq!(
                        record.payload,
                        payload(user, record.round),
                        "{backend:?}: user {user}'s record mixes rounds"
                    );
                    record.round
                }
            };
            assert!(
                round >= at_least,
                "{backend:?}: user {user} holds round {round}, but round {at_least} was reported stored"
            );
            lowest = lowest.min(round);
        }
        lowest
    })
}

#[test]
fn stores_load_whole_records_after_200_kills() {
    let mut rng = Rng(seed::seed("stores_load_whole_records_after_200_kills"));
    let backends = [
        Backend::File,
        #[cfg(feature = "sqlite")]
        Backend::Sqlite,
    ];
    let dirs: Vec<TempDir> = backends.iter().map(|_| TempDir::new("kill")).collect();
    let mut floors = vec![0u64; backends.len()];
    let exe = std::env::current_exe().unwrap();
    for kill in 0..KILLS {
        let which = kill % backends.len();
        let backend = backends[which];
        let dir = dirs[which].path();
        let through = (kill / backends.len()).is_multiple_of(2);
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_writer_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("CRASH_CHILD_DIR", dir)
            .env(
                "CRASH_CHILD_BACKEND",
                match backend {
                    Backend::File => "file",
                    #[cfg(feature = "sqlite")]
                    Backend::Sqlite => "sqlite",
                },
            )
            .env(
                "CRASH_CHILD_MODE",
                if through { "through" } else { "interval" },
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let wanted = 1 + rng.below(4);
        let mut stored = floors[which];
        let mut seen = 0;
        while seen < wanted {
            let Some(Ok(line)) = lines.next() else {
                panic!("{backend:?}: the child ended before it was killed");
            };
            if let Some(round) = line.strip_prefix("stored ") {
                stored = round.trim().parse().unwrap();
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL, somewhere in the next round's writes
        child.wait().unwrap();
        floors[which] = check_store(backend, dir, stored);
    }
    for (backend, floor) in backends.iter().zip(&floors) {
        assert!(*floor > 0, "{backend:?} stored nothing");
    }
}
