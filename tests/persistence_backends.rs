//! One behaviour suite, run against every persistence backend (memory, file, SQLite, Redis):
//! the hooks store and drop what they are given, an application restarted on the same store
//! finds its data, only changed entries are written, a stored value of the wrong shape reaches
//! the error handlers and stays untouched, chat migration moves the stored data, and
//! `migrate` copies a store into another backend.

#[path = "support/store.rs"]
mod store;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::future::Future;
use std::sync::{Arc, Mutex};
use store::{Recording, TempDir, message_from, message_in};
use telebot::handlers::MessageHandler;
use telebot::persistence::{
    Change, FilePersistence, MemoryPersistence, Persistence, PersistenceError, Store, migrate,
};
use telebot::testing::FakeTelegram;
use telebot::{Application, BotData, CallbackContext, ChatData, HandlerResult, UserData, filters};

async fn suite<P, F, Fut>(open: F)
where
    P: Persistence + Clone,
    F: Fn() -> Fut,
    Fut: Future<Output = P>,
{
    let tg = FakeTelegram::start().await;
    hooks_store_and_drop_values(&open).await;
    a_restarted_application_finds_its_data(&tg, &open).await;
    only_changed_entries_are_written(&tg, &open).await;
    a_value_of_the_wrong_shape_is_reported_and_kept(&tg, &open).await;
    chat_migration_moves_the_stored_data(&tg, &open).await;
    migrate_copies_everything(&open).await;
}

async fn hooks_store_and_drop_values<P: Persistence, Fut: Future<Output = P>>(
    open: &impl Fn() -> Fut,
) {
    let p = open().await;
    p.update_user_data(1, "Facts", Some(json!({"name": "Ann"})))
        .await
        .unwrap();
    p.update_user_data(1, "Seen", Some(json!(3))).await.unwrap();
    p.update_chat_data(-100, "Notes", Some(json!(["a", "b"])))
        .await
        .unwrap();
    p.update_bot_data("Launches", Some(json!(42)))
        .await
        .unwrap();
    p.update_conversation("order", "-100:1", Some(json!("choosing")))
        .await
        .unwrap();
    p.update_conversation("order", "-100:2", Some(json!({"step": 2})))
        .await
        .unwrap();
    p.update_callback_data(json!({"keys": ["k1"]}))
        .await
        .unwrap();
    p.update_job("reminder-1", Some(json!({"at": 5})))
        .await
        .unwrap();

    let p = open().await;
    let users = p.get_user_data().await.unwrap();
    assert_eq!(users[&1]["Facts"], json!({"name": "Ann"}));
    assert_eq!(users[&1]["Seen"], json!(3));
    assert_eq!(
        p.get_chat_data().await.unwrap()[&-100]["Notes"],
        json!(["a", "b"])
    );
    assert_eq!(p.get_bot_data().await.unwrap()["Launches"], json!(42));
    let order = p.get_conversations("order").await.unwrap();
    assert_eq!(order.len(), 2);
    assert_eq!(order["-100:1"], json!("choosing"));
    assert_eq!(order["-100:2"], json!({"step": 2}));
    assert_eq!(
        p.get_callback_data().await.unwrap(),
        Some(json!({"keys": ["k1"]}))
    );
    assert_eq!(p.get_jobs().await.unwrap()["reminder-1"], json!({"at": 5}));
    assert_eq!(p.refresh_user_data(1).await.unwrap()["Seen"], json!(3));

    p.update_conversation("order", "-100:1", None)
        .await
        .unwrap();
    p.drop_user_data(1).await.unwrap();
    p.drop_chat_data(-100).await.unwrap();
    p.drop_job("reminder-1").await.unwrap();
    p.update_bot_data("Launches", None).await.unwrap();

    let p = open().await;
    assert!(!p.get_user_data().await.unwrap().contains_key(&1));
    assert!(!p.get_chat_data().await.unwrap().contains_key(&-100));
    assert_eq!(
        p.get_conversations("order")
            .await
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["-100:2"]
    );
    assert!(p.get_jobs().await.unwrap().is_empty());
    assert!(p.get_bot_data().await.unwrap().is_empty());
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Visits {
    count: u32,
    last: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Notes(Vec<String>);

#[derive(Debug, Default, Serialize, Deserialize)]
struct Total(u64);

/// Counts visits per user, keeps notes per chat and a total for the bot.
fn visits_app<P: Persistence>(tg: &FakeTelegram, p: P) -> Application {
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(p)
        .build()
        .unwrap();
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            |msg: telebot::api::Message,
             mut visits: UserData<Visits>,
             mut notes: ChatData<Notes>,
             mut total: BotData<Total>| async move {
                let text = msg.text.unwrap_or_default();
                visits.count += 1;
                visits.last = text.clone();
                notes.0.push(text);
                total.0 += 1;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    app
}

async fn a_restarted_application_finds_its_data<P: Persistence, Fut: Future<Output = P>>(
    tg: &FakeTelegram,
    open: &impl Fn() -> Fut,
) {
    let app = visits_app(tg, open().await);
    app.initialize().await.unwrap();
    app.process_update(message_from(1, 10, "one")).await;
    app.process_update(message_from(2, 10, "two")).await;
    app.process_update(message_in(3, -20, 11, "three")).await;
    app.stop().await; // writes what changed
    app.shutdown().await;

    let app = visits_app(tg, open().await);
    app.initialize().await.unwrap();
    assert!(
        app.startup_report()
            .contains("loaded data of 2 users, 2 chats, 1 bot values"),
        "{}",
        app.startup_report()
    );
    let (count, last) = app
        .with_user_data(10, |v: &mut Visits| (v.count, v.last.clone()))
        .await
        .unwrap();
    assert_eq!((count, last.as_str()), (2, "two"));
    app.process_update(message_from(4, 10, "four")).await;
    assert_eq!(
        app.with_user_data(10, |v: &mut Visits| v.count)
            .await
            .unwrap(),
        3
    );
    let notes = app
        .with_chat_data(-20, |n: &mut Notes| n.0.clone())
        .await
        .unwrap();
    assert_eq!(notes, ["three"]);
    assert_eq!(app.with_bot_data(|t: &mut Total| t.0).await.unwrap(), 4);
    app.stop().await;
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Score(u32);

async fn only_changed_entries_are_written<P: Persistence + Clone, Fut: Future<Output = P>>(
    tg: &FakeTelegram,
    open: &impl Fn() -> Fut,
) {
    let recording = Recording::new(open().await);
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(recording.clone())
        .build()
        .unwrap();
    app.initialize().await.unwrap();
    for user in 1000..1100 {
        app.with_user_data(user, |s: &mut Score| s.0 = 1)
            .await
            .unwrap();
    }
    app.update_persistence().await.unwrap();
    assert_eq!(
        recording.take().len(),
        100,
        "every new value is written once"
    );

    // One value changes, one is looked at (mutably) without a change, one only read.
    app.with_user_data(1007, |s: &mut Score| s.0 += 1)
        .await
        .unwrap();
    app.with_user_data(1008, |s: &mut Score| s.0 = 1)
        .await
        .unwrap();
    app.with_user_data(1009, |s: &mut Score| s.0).await.unwrap();
    app.update_persistence().await.unwrap();
    let written = recording.take();
    assert_eq!(written.len(), 1, "{written:?}");
    match &written[0] {
        Change::Set {
            store, key, value, ..
        } => {
            assert_eq!((*store, key.as_str()), (Store::UserData, "1007"));
            assert_eq!(value, &Some(json!(2)));
        }
        other => panic!("unexpected change {other:?}"),
    }
    app.update_persistence().await.unwrap();
    assert!(recording.take().is_empty(), "nothing changed since");
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Profile {
    age: u32,
}

async fn a_value_of_the_wrong_shape_is_reported_and_kept<
    P: Persistence,
    Fut: Future<Output = P>,
>(
    tg: &FakeTelegram,
    open: &impl Fn() -> Fut,
) {
    let p = open().await;
    p.update_user_data(7, "Profile", Some(json!({"age": "old"})))
        .await
        .unwrap();

    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(open().await)
        .build()
        .unwrap();
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            |mut profile: UserData<Profile>| async move {
                profile.age = 1;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let seen = Arc::clone(&errors);
    app.add_error_handler(move |ctx: CallbackContext| {
        let seen = Arc::clone(&seen);
        async move {
            let error = ctx.error().map(|e| e.to_string()).unwrap_or_default();
            seen.lock().unwrap().push(error);
            HandlerResult::Ok(())
        }
    });
    app.initialize().await.unwrap();
    app.process_update(message_from(5, 7, "hi")).await;
    app.stop().await;
    let errors = errors.lock().unwrap().clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("user 7's stored `Profile` does not fit")
            && errors[0].contains("Profile")
            && errors[0].contains("kept unchanged"),
        "{}",
        errors[0]
    );
    let stored = open().await.refresh_user_data(7).await.unwrap();
    assert_eq!(
        stored["Profile"],
        json!({"age": "old"}),
        "never overwritten"
    );

    // Registered, the type is checked at startup: a clear error before any handler runs.
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(open().await)
        .data_type::<Profile>("Profile")
        .build()
        .unwrap();
    let error = app.initialize().await.unwrap_err().to_string();
    assert!(
        error.contains("user 7's `Profile` does not fit")
            && error.contains("invalid type: string \"old\""),
        "{error}"
    );
    open().await.drop_user_data(7).await.unwrap();
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Rules(String);

async fn chat_migration_moves_the_stored_data<P: Persistence, Fut: Future<Output = P>>(
    tg: &FakeTelegram,
    open: &impl Fn() -> Fut,
) {
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(open().await)
        .build()
        .unwrap();
    app.initialize().await.unwrap();
    app.with_chat_data(-5, |r: &mut Rules| r.0 = "be nice".into())
        .await
        .unwrap();
    app.update_persistence().await.unwrap();
    let migration: telebot::Update = serde_json::from_value(json!({
        "update_id": 9,
        "message": {"message_id": 9, "date": 1, "chat": {"id": -5, "type": "group", "title": "g"},
                    "migrate_to_chat_id": -1005}
    }))
    .unwrap();
    app.process_update(migration).await;

    let p = open().await;
    assert_eq!(
        p.refresh_chat_data(-1005).await.unwrap().get("Rules"),
        Some(&json!("be nice"))
    );
    assert!(p.refresh_chat_data(-5).await.unwrap().is_empty());
    assert_eq!(
        app.with_chat_data(-1005, |r: &mut Rules| r.0.clone())
            .await
            .unwrap(),
        "be nice"
    );
    app.stop().await;
}

async fn migrate_copies_everything<P: Persistence, Fut: Future<Output = P>>(
    open: &impl Fn() -> Fut,
) {
    let p = open().await;
    p.update_job("copy-me", Some(json!(1))).await.unwrap();
    p.update_conversation("chat", "1", Some(json!("s")))
        .await
        .unwrap();
    let target = MemoryPersistence::new();
    let report = migrate(&p, &target).await.unwrap();
    for store in Store::ALL {
        let mut from: Vec<(String, String, Value)> = p
            .load(store)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.key, r.field, r.value))
            .collect();
        let mut to: Vec<(String, String, Value)> = target
            .load(store)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.key, r.field, r.value))
            .collect();
        from.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        to.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        assert_eq!(from, to, "{store}");
    }
    assert!(report.total() >= 2);
    assert_eq!(target.get_jobs().await.unwrap()["copy-me"], json!(1));
}

#[tokio::test]
async fn memory_backend() {
    let shared = MemoryPersistence::new();
    suite(|| {
        let p = shared.clone();
        async move { p }
    })
    .await;
}

#[tokio::test]
async fn file_backend() {
    let dir = TempDir::new("suite-file");
    let path = dir.path().to_path_buf();
    suite(|| {
        let path = path.clone();
        async move { FilePersistence::open(path).unwrap() }
    })
    .await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn sqlite_backend() {
    let dir = TempDir::new("suite-sqlite");
    let path = dir.path().join("bot.sqlite3");
    suite(|| {
        let path = path.clone();
        async move { telebot::persistence::SqlitePersistence::open(path).unwrap() }
    })
    .await;
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn redis_backend() {
    let Some(url) = store::redis_url() else {
        return;
    };
    let namespace = store::fresh_namespace("suite");
    suite(|| {
        let (url, namespace) = (url.clone(), namespace.clone());
        async move {
            telebot::persistence::RedisPersistence::open(&url, &namespace)
                .await
                .unwrap()
        }
    })
    .await;
}

#[tokio::test]
async fn write_through_stores_a_change_before_the_update_counts_as_handled() {
    let tg = FakeTelegram::start().await;
    let p = MemoryPersistence::new().write_through(true);
    let app = visits_app(&tg, p.clone());
    app.initialize().await.unwrap();
    app.process_update(message_from(1, 31, "now")).await;
    // No flush, no stop: the handler's change is already stored.
    let stored = p.refresh_user_data(31).await.unwrap();
    assert_eq!(stored["Visits"], json!({"count": 1, "last": "now"}));
}

#[tokio::test]
async fn the_file_store_refuses_to_start_over_a_corrupt_or_future_file() {
    let dir = TempDir::new("file-errors");
    let p = FilePersistence::open(dir.path()).unwrap();
    p.update_user_data(1, "Visits", Some(json!({"count": 1, "last": "x"})))
        .await
        .unwrap();
    let file = dir.path().join("user_data").join("1.json");
    std::fs::write(&file, b"{\"Visits\": {\"count\": 1, \"la").unwrap();
    let tg = FakeTelegram::start().await;
    let app = visits_app(&tg, FilePersistence::open(dir.path()).unwrap());
    let error = app.initialize().await.unwrap_err().to_string();
    assert!(
        error.contains(&file.display().to_string()) && error.contains("not valid JSON"),
        "{error}"
    );
    assert!(
        std::fs::read(&file).unwrap().ends_with(b"\"la"),
        "the file is left for the user to repair"
    );

    std::fs::write(
        dir.path().join("telebot-store.json"),
        br#"{"format": "telebot-file-store", "version": 7}"#,
    )
    .unwrap();
    match FilePersistence::open(dir.path()) {
        Err(PersistenceError::FutureSchema {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (7, 1))
        }
        other => panic!("expected a future-schema error, got {other:?}"),
    }
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn the_sqlite_store_refuses_a_future_schema_and_a_file_that_is_no_database() {
    use telebot::persistence::SqlitePersistence;
    let dir = TempDir::new("sqlite-errors");
    let path = dir.path().join("bot.sqlite3");
    drop(SqlitePersistence::open(&path).unwrap());
    fake_newer_schema(&path);
    let error = SqlitePersistence::open(&path).unwrap_err();
    assert!(
        matches!(
            error,
            PersistenceError::FutureSchema {
                found: 99,
                supported: 1,
                ..
            }
        ),
        "{error}"
    );
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let error = SqlitePersistence::open(&junk).unwrap_err().to_string();
    assert!(error.contains("junk.sqlite3"), "{error}");
}

/// Sets the schema version to 99, as a newer telebot would have.
#[cfg(feature = "sqlite")]
fn fake_newer_schema(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute("UPDATE telebot_schema SET version = 99", [])
        .unwrap();
}
