//! What FilePersistence and SqlitePersistence write is private to the bot's user (#24 item 8):
//! directories 0700, files 0600, whatever the process's umask lets through by default. The data
//! holds users' and chats' data and callback-data keys; these tests fail when the modes set at
//! creation are dropped or changed (the default would be 0755 / 0644 under the usual umask).

#![cfg(unix)]

#[path = "support/store.rs"]
mod store;

use serde_json::json;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use store::TempDir;
use telebot::persistence::{FilePersistence, Persistence};

/// The permission bits of `path`.
fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every directory and file under `root` (itself included), with its permission bits.
fn modes_under(root: &Path) -> Vec<(std::path::PathBuf, bool, u32)> {
    let mut found = vec![(root.to_path_buf(), true, mode(root))];
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(modes_under(&path));
        } else {
            found.push((path.clone(), false, mode(&path)));
        }
    }
    found
}

/// Writes a bit of everything a backend stores.
async fn write_everything(p: &impl Persistence) {
    p.update_user_data(1, "Facts", Some(json!({"name": "Ann"})))
        .await
        .unwrap();
    p.update_chat_data(-100, "Notes", Some(json!(["a"])))
        .await
        .unwrap();
    p.update_bot_data("Launches", Some(json!(1))).await.unwrap();
    p.update_conversation("order", "-100:1", Some(json!("size")))
        .await
        .unwrap();
    p.update_callback_data(json!({"keys": ["k1"]}))
        .await
        .unwrap();
    p.update_job("reminder", Some(json!({"at": 5})))
        .await
        .unwrap();
    p.flush().await.unwrap();
}

#[tokio::test]
async fn file_persistence_writes_directories_0700_and_files_0600() {
    let temp = TempDir::new("modes-file");
    let root = temp.path().join("bot-data").join("nested");
    let p = FilePersistence::open(&root).unwrap();
    write_everything(&p).await;
    let found = modes_under(&root);
    assert!(
        found.iter().filter(|(_, dir, _)| !dir).count() >= 1,
        "something was written: {found:?}"
    );
    for (path, dir, mode) in &found {
        let expected = if *dir { 0o700 } else { 0o600 };
        assert_eq!(*mode, expected, "{} has mode {mode:o}", path.display());
    }
    // Directories created on the way to the store are private too.
    assert_eq!(mode(&temp.path().join("bot-data")), 0o700);
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn sqlite_persistence_creates_its_database_0600() {
    use telebot::persistence::SqlitePersistence;
    let temp = TempDir::new("modes-sqlite");
    let path = temp.path().join("bot.sqlite");
    let p = SqlitePersistence::open(&path).unwrap();
    write_everything(&p).await;
    assert_eq!(mode(&path), 0o600, "{}", path.display());
    // SQLite gives its journal files the database's mode.
    for (other, _, mode) in modes_under(temp.path()).into_iter().skip(1) {
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", other.display());
    }
}
