use super::settings::settings_builder;
use super::{Change, Fields, Persistence, PersistenceError, Record, Settings, Store};
use futures_util::future::BoxFuture;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// The file store's format version; a higher one in `telebot-store.json` stops startup.
const VERSION: u64 = 1;
const FORMAT: &str = "telebot-file-store";
const VERSION_FILE: &str = "telebot-store.json";
/// The longest encoded key used as a file name.
const MAX_NAME: usize = 200;

/// The embedded default backend, for one process at a time: a directory of human-readable
/// JSON files, each written atomically.
///
/// ```text
/// bot-data/
///   telebot-store.json        {"format": "telebot-file-store", "version": 1}
///   bot_data.json             {"<type name>": value, …}
///   user_data/<user id>.json  {"<type name>": value, …}
///   chat_data/<chat id>.json
///   conversations/<name>.json {"<conversation key>": state, …}
///   callback_data.json
///   jobs.json                 {"<job id>": job, …}
/// ```
///
/// A file is replaced by writing a temporary file beside it, fsyncing it, renaming it over the
/// old one and fsyncing the directory, so after a crash each file holds its old or its new
/// content, never a mix. Only the files of changed keys are rewritten. A file that does not
/// parse stops [`load`](super::Persistence::load) with an error naming it, instead of the bot
/// starting empty and overwriting it. Files are created 0600 and directories 0700.
#[derive(Clone)]
pub struct FilePersistence {
    inner: Arc<Inner>,
    settings: Settings,
}

struct Inner {
    dir: PathBuf,
    /// Serializes writes: each rewrites whole files from their current content.
    writing: Mutex<()>,
}

settings_builder!(FilePersistence);

impl std::fmt::Debug for FilePersistence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePersistence")
            .field("dir", &self.inner.dir)
            .field("settings", &self.settings)
            .finish()
    }
}

impl FilePersistence {
    /// Opens (or creates) the store in `dir`. Fails when the directory cannot be created or
    /// its `telebot-store.json` is unreadable or from a newer telebot.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, PersistenceError> {
        let dir = dir.into();
        create_dir(&dir)?;
        let version_file = dir.join(VERSION_FILE);
        match fs::read(&version_file) {
            Ok(bytes) => check_version(&version_file, &bytes)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let content = serde_json::json!({ "format": FORMAT, "version": VERSION });
                replace_file(&version_file, &pretty(&content))?;
                sync_dir(&dir)?;
            }
            Err(source) => {
                return Err(PersistenceError::Io {
                    operation: "reading",
                    path: version_file,
                    source,
                });
            }
        }
        Ok(FilePersistence {
            inner: Arc::new(Inner {
                dir,
                writing: Mutex::new(()),
            }),
            settings: Settings::default(),
        })
    }

    /// The store's directory.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }
}

impl Persistence for FilePersistence {
    fn describe(&self) -> String {
        format!("file store at {}", self.inner.dir.display())
    }

    fn settings(&self) -> Settings {
        self.settings
    }

    fn load(&self, store: Store) -> BoxFuture<'_, Result<Vec<Record>, PersistenceError>> {
        let inner = Arc::clone(&self.inner);
        Box::pin(blocking(move || inner.load(store)))
    }

    fn load_key<'a>(
        &'a self,
        store: Store,
        key: &'a str,
    ) -> BoxFuture<'a, Result<Fields, PersistenceError>> {
        let inner = Arc::clone(&self.inner);
        let key = key.to_string();
        Box::pin(blocking(move || {
            let path = inner.path(store, &key)?;
            Ok(read_fields(&path)?.unwrap_or_default())
        }))
    }

    fn write<'a>(&'a self, changes: &'a [Change]) -> BoxFuture<'a, Result<(), PersistenceError>> {
        let inner = Arc::clone(&self.inner);
        let changes = changes.to_vec();
        Box::pin(blocking(move || inner.write(&changes)))
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, PersistenceError> + Send + 'static,
) -> Result<T, PersistenceError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(e) => Err(PersistenceError::Unavailable {
            backend: "file",
            operation: "a file operation".into(),
            attempts: 1,
            reason: e.to_string(),
        }),
    }
}

impl Inner {
    /// The file of one key: `<store>.json` for the empty key, else `<store>/<key>.json`.
    fn path(&self, store: Store, key: &str) -> Result<PathBuf, PersistenceError> {
        if key.is_empty() {
            return Ok(self.dir.join(format!("{store}.json")));
        }
        let name = encode_key(key);
        if name.len() > MAX_NAME {
            return Err(PersistenceError::InvalidName {
                what: "file store key",
                name: key.chars().take(40).collect(),
                reason: "too long for a file name",
            });
        }
        Ok(self.dir.join(store.as_str()).join(format!("{name}.json")))
    }

    fn load(&self, store: Store) -> Result<Vec<Record>, PersistenceError> {
        let mut records = Vec::new();
        let mut push = |key: String, fields: Fields| {
            records.extend(fields.into_iter().map(|(field, value)| Record {
                key: key.clone(),
                field,
                value,
            }));
        };
        if let Some(fields) = read_fields(&self.path(store, "")?)? {
            push(String::new(), fields);
        }
        let dir = self.dir.join(store.as_str());
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(records),
            Err(source) => return Err(io("listing", &dir, source)),
        };
        let mut files = BTreeMap::new();
        for entry in entries {
            let entry = entry.map_err(|source| io("listing", &dir, source))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                continue;
            };
            if name.starts_with('.') {
                // A temporary file a crash left behind: its target still holds the old content.
                let _ = fs::remove_file(entry.path());
                continue;
            }
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            let Some(key) = decode_key(stem) else {
                return Err(PersistenceError::Corrupt {
                    location: entry.path().display().to_string(),
                    reason: "the file name is not a key telebot writes".into(),
                });
            };
            files.insert(key, entry.path());
        }
        for (key, path) in files {
            if let Some(fields) = read_fields(&path)? {
                push(key, fields);
            }
        }
        Ok(records)
    }

    fn write(&self, changes: &[Change]) -> Result<(), PersistenceError> {
        let _writing = self.writing.lock_unpoisoned();
        // Each touched file's new content (None: remove it), in the order first touched.
        let mut files: Vec<(PathBuf, Option<Fields>)> = Vec::new();
        let mut positions: std::collections::HashMap<PathBuf, usize> =
            std::collections::HashMap::new();
        for change in changes {
            let (store, key) = match change {
                Change::Set { store, key, .. } | Change::DropKey { store, key } => (*store, key),
            };
            let path = self.path(store, key)?;
            let index = match positions.get(&path) {
                Some(&index) => index,
                None => {
                    files.push((path.clone(), read_fields(&path)?));
                    positions.insert(path, files.len() - 1);
                    files.len() - 1
                }
            };
            let content = &mut files[index].1;
            match change {
                Change::Set { field, value, .. } => match value {
                    Some(value) => {
                        content
                            .get_or_insert_with(Fields::new)
                            .insert(field.clone(), value.clone());
                    }
                    None => {
                        if let Some(fields) = content {
                            fields.remove(field);
                        }
                    }
                },
                Change::DropKey { .. } => *content = None,
            }
        }
        // Write every temporary file and fsync it, then rename them all, then fsync the
        // directories once each.
        let mut renames = Vec::new();
        let mut removals = Vec::new();
        let mut dirs = BTreeSet::new();
        for (path, content) in files {
            let dir = path.parent().unwrap_or(&self.dir).to_path_buf();
            match content.filter(|fields| !fields.is_empty()) {
                Some(fields) => {
                    create_dir(&dir)?;
                    let temp = temp_path(&path);
                    write_synced(&temp, &pretty(&fields))?;
                    renames.push((temp, path));
                    dirs.insert(dir);
                }
                None => removals.push((path, dir)),
            }
        }
        for (temp, path) in renames {
            fs::rename(&temp, &path).map_err(|source| io("renaming over", &path, source))?;
        }
        for (path, dir) in removals {
            match fs::remove_file(&path) {
                Ok(()) => {
                    dirs.insert(dir);
                }
                // Never written (or removed before): nothing to remove, no directory to sync.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(io("removing", &path, source)),
            }
        }
        for dir in dirs {
            sync_dir(&dir)?;
        }
        Ok(())
    }
}

fn io(operation: &'static str, path: &Path, source: std::io::Error) -> PersistenceError {
    PersistenceError::Io {
        operation,
        path: path.to_path_buf(),
        source,
    }
}

fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"{}".to_vec());
    out.push(b'\n');
    out
}

/// A key as a file name: ASCII letters, digits, `-` and `_` stay, every other byte is `%XX`.
fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for byte in key.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode_key(name: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// The fields a file holds, `None` when it does not exist.
fn read_fields(path: &Path) -> Result<Option<Fields>, PersistenceError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io("reading", path, source)),
    };
    let corrupt = |reason: String| PersistenceError::Corrupt {
        location: path.display().to_string(),
        reason,
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(Some(map.into_iter().collect())),
        Ok(other) => Err(corrupt(format!(
            "expected a JSON object of named values, found {}",
            kind_of(&other)
        ))),
        Err(e) => Err(corrupt(format!("not valid JSON: {e}"))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_version(path: &Path, bytes: &[u8]) -> Result<(), PersistenceError> {
    let corrupt = |reason: String| PersistenceError::Corrupt {
        location: path.display().to_string(),
        reason,
    };
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(corrupt(format!(
            "not a telebot file store (no \"format\": \"{FORMAT}\")"
        )));
    }
    let found = value
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| corrupt("no numeric \"version\"".into()))?;
    if found > VERSION {
        return Err(PersistenceError::FutureSchema {
            location: path.display().to_string(),
            found,
            supported: VERSION,
        });
    }
    Ok(())
}

fn create_dir(dir: &Path) -> Result<(), PersistenceError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|source| io("creating directory", dir, source))
}

/// Writes `bytes` to a new file at `path` (0600) and fsyncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), PersistenceError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|source| io("creating", path, source))?;
    file.write_all(bytes)
        .map_err(|source| io("writing", path, source))?;
    file.sync_all()
        .map_err(|source| io("syncing", path, source))
}

/// Atomically replaces `path` with `bytes` (its directory is not synced).
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), PersistenceError> {
    let temp = temp_path(path);
    write_synced(&temp, bytes)?;
    fs::rename(&temp, path).map_err(|source| io("renaming over", path, source))
}

fn sync_dir(dir: &Path) -> Result<(), PersistenceError> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|source| io("syncing directory", dir, source))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{decode_key, encode_key};

    #[test]
    fn keys_become_file_names_that_cannot_leave_the_directory() {
        for key in [
            "../../etc/passwd",
            "a/b",
            "..",
            "nul\0byte",
            "ünï",
            "-1001234",
        ] {
            let name = encode_key(key);
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'%'),
                "{name}"
            );
            assert_eq!(decode_key(&name).as_deref(), Some(key));
        }
        assert_eq!(encode_key("-1001234"), "-1001234");
        assert_eq!(decode_key("%2"), None);
    }
}
