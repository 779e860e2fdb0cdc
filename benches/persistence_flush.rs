//! Flush cost per backend: 100,000 users' data stored, 1% of it (1,000 users) changed, then
//! `Application::update_persistence` writes the changed entries. The memory backend is the
//! baseline (the cost of finding and serializing the dirty entries); the others add their I/O.
//!
//! ```sh
//! cargo bench --bench persistence_flush --features sqlite,redis   # Redis rows need TELEBOT_TEST_REDIS_URL
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use telebot::Application;
use telebot::persistence::{FilePersistence, MemoryPersistence, Persistence};

const USERS: i64 = 100_000;
const DIRTY: i64 = 1_000;

#[derive(Default, Serialize, Deserialize)]
struct Profile {
    visits: u64,
    name: String,
    tags: Vec<String>,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// An application over `backend` holding 100,000 users' profiles, all stored.
fn populated(rt: &tokio::runtime::Runtime, backend: impl Persistence) -> Application {
    let app = Application::builder()
        .bot(telebot::Bot::builder().token("1:bench"))
        .persistence(backend)
        .build()
        .expect("an application");
    rt.block_on(async {
        for user in 0..USERS {
            app.with_user_data(user, |p: &mut Profile| {
                p.visits = 1;
                p.name = format!("user {user}");
                p.tags = vec!["a".into(), "b".into()];
            })
            .await
            .expect("a profile");
        }
        app.update_persistence().await.expect("the first write");
    });
    app
}

fn bench_backend(c: &mut Criterion, name: &str, backend: impl Persistence) {
    let rt = runtime();
    let app = populated(&rt, backend);
    let mut round = 0i64;
    c.bench_function(&format!("flush 1% of 100k users/{name}"), |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                rt.block_on(async {
                    // A different 1% each time, so every flush writes 1,000 entries.
                    let first = (round * DIRTY) % USERS;
                    for user in first..first + DIRTY {
                        app.with_user_data(user, |p: &mut Profile| p.visits += 1)
                            .await
                            .expect("a profile");
                    }
                });
                let started = Instant::now();
                let written = rt.block_on(app.update_persistence()).expect("a flush");
                spent += started.elapsed();
                assert_eq!(written, DIRTY as usize);
            }
            spent
        })
    });
}

/// Redis is shared, so changes are written per handler, not batched by the application: this
/// row writes the same 1,000 changed profiles as one backend batch (a pipeline).
#[cfg(feature = "redis")]
fn bench_redis(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    backend: telebot::persistence::RedisPersistence,
) {
    use telebot::persistence::{Change, Store};
    let profile = |user: i64, visits: i64| serde_json::json!({"visits": visits, "name": format!("user {user}"), "tags": ["a", "b"]});
    rt.block_on(async {
        for chunk in (0..USERS).collect::<Vec<_>>().chunks(1000) {
            let changes: Vec<Change> = chunk
                .iter()
                .map(|u| Change::set(Store::UserData, u.to_string(), "Profile", profile(*u, 1)))
                .collect();
            backend.write(&changes).await.expect("populating");
        }
    });
    let mut round = 1i64;
    c.bench_function("flush 1% of 100k users/redis (one batch)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                round += 1;
                let first = (round * DIRTY) % USERS;
                let changes: Vec<Change> = (first..first + DIRTY)
                    .map(|u| {
                        Change::set(Store::UserData, u.to_string(), "Profile", profile(u, round))
                    })
                    .collect();
                let started = Instant::now();
                rt.block_on(backend.write(&changes)).expect("a write");
                spent += started.elapsed();
            }
            spent
        })
    });
}

fn flush(c: &mut Criterion) {
    bench_backend(c, "memory", MemoryPersistence::new());
    let dir = std::env::temp_dir().join(format!("telebot-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    bench_backend(
        c,
        "file",
        FilePersistence::open(dir.join("files")).expect("a file store"),
    );
    #[cfg(feature = "sqlite")]
    bench_backend(
        c,
        "sqlite",
        telebot::persistence::SqlitePersistence::open(dir.join("bench.sqlite3"))
            .expect("a database"),
    );
    let _ = std::fs::remove_dir_all(&dir);
    #[cfg(feature = "redis")]
    if let Ok(url) = std::env::var("TELEBOT_TEST_REDIS_URL") {
        let rt = runtime();
        let namespace = format!("bench-{}", std::process::id());
        let backend = rt
            .block_on(telebot::persistence::RedisPersistence::open(
                &url, &namespace,
            ))
            .expect("a Redis store");
        bench_redis(c, &rt, backend);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5));
    targets = flush
}
criterion_main!(benches);
