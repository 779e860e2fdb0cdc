//! The SQLite store (feature `sqlite`): one database file in WAL mode with `synchronous=FULL`,
//! one row per (store, key, field), one transaction per write batch, and a schema version
//! table with ordered migrations.

use super::settings::settings_builder;
use super::{Change, Fields, Persistence, PersistenceError, Record, Settings, Store};
use futures_util::future::BoxFuture;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// The schema, one migration per version: `MIGRATIONS[n]` takes version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &["CREATE TABLE entries (
        store TEXT NOT NULL,
        key TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (store, key, field)
    ) WITHOUT ROWID"];

/// A backend in one SQLite file, for one process (feature `sqlite`). SQLite is compiled in;
/// nothing to install.
#[derive(Clone)]
pub struct SqlitePersistence {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
    settings: Settings,
}

settings_builder!(SqlitePersistence);

impl std::fmt::Debug for SqlitePersistence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlitePersistence")
            .field("path", &self.path)
            .field("settings", &self.settings)
            .finish()
    }
}

fn failed(path: &Path, operation: &str, error: rusqlite::Error) -> PersistenceError {
    PersistenceError::Unavailable {
        backend: "sqlite",
        operation: format!("{operation} in {}", path.display()),
        attempts: 1,
        reason: error.to_string(),
    }
}

impl SqlitePersistence {
    /// Opens (or creates, 0600) the database at `path` and brings its schema up to date. Fails
    /// when the file is not a database or its schema is newer than this telebot knows.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, PersistenceError> {
        let path = path.into();
        create_private(&path)?;
        let mut connection = Connection::open(&path).map_err(|e| failed(&path, "opening", e))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;",
            )
            .map_err(|e| corrupt_or_failed(&path, "setting up", e))?;
        migrate_schema(&mut connection, &path)?;
        Ok(SqlitePersistence {
            connection: Arc::new(Mutex::new(connection)),
            path,
            settings: Settings::default(),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection, &Path) -> Result<T, PersistenceError> + Send + 'static,
    ) -> Result<T, PersistenceError> {
        let connection = Arc::clone(&self.connection);
        let path = self.path.clone();
        let task = tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock_unpoisoned();
            f(&mut connection, &path)
        });
        match task.await {
            Ok(result) => result,
            Err(e) => Err(PersistenceError::Unavailable {
                backend: "sqlite",
                operation: "a database operation".into(),
                attempts: 1,
                reason: e.to_string(),
            }),
        }
    }
}

/// A file that is not a database is corrupt data, not an unavailable backend.
fn corrupt_or_failed(path: &Path, operation: &str, error: rusqlite::Error) -> PersistenceError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            PersistenceError::Corrupt {
                location: path.display().to_string(),
                reason: error.to_string(),
            }
        }
        _ => failed(path, operation, error),
    }
}

fn create_private(path: &Path) -> Result<(), PersistenceError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|source| PersistenceError::Io {
            operation: "creating",
            path: path.to_path_buf(),
            source,
        })
}

fn migrate_schema(connection: &mut Connection, path: &Path) -> Result<(), PersistenceError> {
    let supported = MIGRATIONS.len() as u64;
    connection
        .execute_batch("CREATE TABLE IF NOT EXISTS telebot_schema (version INTEGER NOT NULL)")
        .map_err(|e| corrupt_or_failed(path, "creating the schema table", e))?;
    let found: Option<i64> = connection
        .query_row("SELECT max(version) FROM telebot_schema", [], |row| {
            row.get(0)
        })
        .optional()
        .map_err(|e| corrupt_or_failed(path, "reading the schema version", e))?
        .flatten();
    let found = found.unwrap_or(0).max(0) as u64;
    if found > supported {
        return Err(PersistenceError::FutureSchema {
            location: format!("{} (table telebot_schema)", path.display()),
            found,
            supported,
        });
    }
    for (version, migration) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = connection
            .transaction()
            .map_err(|e| failed(path, "migrating the schema", e))?;
        tx.execute_batch(migration)
            .map_err(|e| failed(path, "migrating the schema", e))?;
        tx.execute("DELETE FROM telebot_schema", [])
            .map_err(|e| failed(path, "migrating the schema", e))?;
        tx.execute(
            "INSERT INTO telebot_schema (version) VALUES (?1)",
            params![version as i64 + 1],
        )
        .map_err(|e| failed(path, "migrating the schema", e))?;
        tx.commit()
            .map_err(|e| failed(path, "migrating the schema", e))?;
    }
    Ok(())
}

fn parse(
    path: &Path,
    store: Store,
    key: &str,
    field: &str,
    text: &str,
) -> Result<serde_json::Value, PersistenceError> {
    serde_json::from_str(text).map_err(|e| PersistenceError::Corrupt {
        location: format!("{} row ({store}, {key:?}, {field:?})", path.display()),
        reason: format!("the value is not valid JSON: {e}"),
    })
}

impl Persistence for SqlitePersistence {
    fn describe(&self) -> String {
        format!("SQLite store at {}", self.path.display())
    }

    fn settings(&self) -> Settings {
        self.settings
    }

    fn load(&self, store: Store) -> BoxFuture<'_, Result<Vec<Record>, PersistenceError>> {
        Box::pin(self.run(move |connection, path| {
            let read = |e| failed(path, "reading", e);
            let mut statement = connection
                .prepare(
                    "SELECT key, field, value FROM entries WHERE store = ?1 ORDER BY key, field",
                )
                .map_err(read)?;
            let rows = statement
                .query_map(params![store.as_str()], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                })
                .map_err(read)?;
            let mut records = Vec::new();
            for row in rows {
                let (key, field, text) = row.map_err(read)?;
                let value = parse(path, store, &key, &field, &text)?;
                records.push(Record { key, field, value });
            }
            Ok(records)
        }))
    }

    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Fields, PersistenceError>> {
        let key = key.to_string();
        Box::pin(self.run(move |connection, path| {
            let read = |e| failed(path, "reading", e);
            let mut statement = connection
                .prepare("SELECT field, value FROM entries WHERE store = ?1 AND key = ?2")
                .map_err(read)?;
            let rows = statement
                .query_map(params![store.as_str(), key], |row| {
                    Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                })
                .map_err(read)?;
            let mut fields = Fields::new();
            for row in rows {
                let (field, text) = row.map_err(read)?;
                let value = parse(path, store, &key, &field, &text)?;
                fields.insert(field, value);
            }
            Ok(fields)
        }))
    }

    fn write<'a>(&'a self, changes: &'a [Change]) -> BoxFuture<'a, Result<(), PersistenceError>> {
        let changes = changes.to_vec();
        Box::pin(self.run(move |connection, path| {
            let write = |e| failed(path, "writing", e);
            let tx = connection.transaction().map_err(write)?;
            {
                let mut upsert = tx
                    .prepare(
                        "INSERT INTO entries (store, key, field, value) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (store, key, field) DO UPDATE SET value = excluded.value",
                    )
                    .map_err(write)?;
                let mut delete = tx
                    .prepare("DELETE FROM entries WHERE store = ?1 AND key = ?2 AND field = ?3")
                    .map_err(write)?;
                let mut drop_key = tx
                    .prepare("DELETE FROM entries WHERE store = ?1 AND key = ?2")
                    .map_err(write)?;
                for change in &changes {
                    match change {
                        Change::Set {
                            store,
                            key,
                            field,
                            value: Some(value),
                            ..
                        } => upsert
                            .execute(params![store.as_str(), key, field, value.to_string()])
                            .map(drop),
                        Change::Set {
                            store, key, field, ..
                        } => delete
                            .execute(params![store.as_str(), key, field])
                            .map(drop),
                        Change::DropKey { store, key } => {
                            drop_key.execute(params![store.as_str(), key]).map(drop)
                        }
                    }
                    .map_err(write)?;
                }
            }
            tx.commit().map_err(write)
        }))
    }
}
