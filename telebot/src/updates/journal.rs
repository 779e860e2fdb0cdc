//! The update journal: a local append-only file that lets long polling confirm updates to
//! Telegram once they are on disk, not once they are handled.
//!
//! Telegram confirms updates by offset only ("everything below this id"), so without a
//! journal the offset cannot pass the lowest update still being handled, and one chat waiting
//! out a 429 holds back every other chat once `limit` updates have piled up behind it. With a
//! journal, each batch is appended and synced (`fdatasync`) before the next `getUpdates` moves
//! the offset past it; the updates are handled from memory as usual, and each one's
//! completion is appended too (not synced: losing it repeats the update, never loses it).
//! At start the journal is read back: every update journaled and not known to be handled is
//! handled again first, in order, then polling continues after the highest journaled id.
//!
//! The file is rewritten with only the unhandled updates once it has grown past a few MiB
//! and is mostly done records. A write or sync that fails (a full disk) cuts the file back
//! to its last good record and the batch is confirmed after its handlers instead, as without a
//! journal, until a later write succeeds.

mod record;

use crate::Error;
use crate::dispatch::watermark::{Receipt, Settle};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::Notify;

/// Where the journal is kept and how much it may hold. For long polling in one process; the
/// cluster (`telebot::cluster`) has its update log in Redis for the same purpose.
///
/// ```no_run
/// use telebot::updates::polling::{JournalConfig, PollingConfig};
/// # async fn run(app: telebot::Application) -> Result<(), telebot::Error> {
/// let config = PollingConfig {
///     journal: Some(JournalConfig::new("/var/lib/mybot/updates.journal").capacity(50_000)),
///     ..PollingConfig::default()
/// };
/// app.run_polling_with(config).await
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalConfig {
    /// The journal file; created if missing (its directory must exist). One process at a
    /// time: a second process given the same file is refused at start (a lock on
    /// `<path>.lock`).
    pub path: PathBuf,
    /// The most updates journaled and not yet handled (default 10,000): polling waits while
    /// the journal holds this many.
    pub capacity: usize,
}

impl JournalConfig {
    /// A journal at `path` with the default capacity.
    pub fn new(path: impl Into<PathBuf>) -> JournalConfig {
        JournalConfig {
            path: path.into(),
            capacity: 10_000,
        }
    }

    /// Sets the most updates journaled and not yet handled (at least 1).
    pub fn capacity(mut self, capacity: usize) -> JournalConfig {
        self.capacity = capacity.max(1);
        self
    }
}

/// The file is rewritten once it is larger than this and four times the unhandled updates.
const REWRITE_AT: u64 = 4 << 20;

/// An open journal.
pub(crate) struct Journal {
    path: PathBuf,
    /// Held open with an exclusive lock until the journal is closed (not until the last
    /// receipt is dropped: a handler cut short at the stop may hold one for ever).
    lock: Mutex<Option<File>>,
    capacity: usize,
    /// The file; held for writes and syncs, never while the book is locked.
    file: Mutex<Output>,
    book: Mutex<Book>,
    /// Notified when a handled update frees room in a full journal.
    room_freed: Notify,
}

struct Output {
    file: File,
    /// The length of the file's good records; a failed write is cut back to it.
    len: u64,
    /// A failed write could not be cut back: the file is no longer appended to.
    broken: bool,
}

#[derive(Default)]
struct Book {
    /// Journaled and not handled: each update's JSON (for rewriting the file).
    pending: BTreeMap<i64, Box<[u8]>>,
    /// The bytes the pending updates' records take.
    live: u64,
    /// Handled, not yet written.
    handled: Vec<i64>,
    /// The highest update id ever journaled (kept across rewrites).
    highest: Option<i64>,
}

/// What the last run left: the updates to handle again, in order.
#[derive(Debug, Default)]
pub(crate) struct Replay {
    pub(crate) updates: Vec<(i64, Box<[u8]>)>,
    /// The highest update id journaled: Telegram must be asked for updates after it.
    pub(crate) highest: Option<i64>,
}

fn io_error(path: &Path, what: &str, error: std::io::Error) -> Error {
    Error::Setup(format!(
        "update journal {}: {what}: {error}",
        path.display()
    ))
}

impl Journal {
    /// Opens (or creates) the journal, reads back what the last run left, and rewrites the
    /// file with only that.
    pub(crate) fn open(config: &JournalConfig) -> Result<(Arc<Journal>, Replay), Error> {
        let path = &config.path;
        let lock = take_lock(path)?;
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io_error(path, "cannot read it", e)),
        };
        let body = if bytes.is_empty() {
            &bytes[..]
        } else if let Some(body) = bytes.strip_prefix(record::HEADER) {
            body
        } else {
            return Err(Error::Setup(format!(
                "update journal {}: the file is not a telebot update journal; give another path, or move the file away",
                path.display()
            )));
        };
        let (records, good) = record::read(body);
        if good < body.len() {
            tracing::warn!(
                path = %path.display(),
                bytes = body.len() - good,
                "update journal: a damaged or cut-short end (a crash while writing) is dropped; \
                 what it held was never confirmed to Telegram and comes again"
            );
        }
        let mut book = Book::default();
        for entry in records {
            match entry {
                record::Record::Update(id, json) => {
                    book.highest = book.highest.max(Some(id));
                    book.add(id, json.into());
                }
                record::Record::Handled(id) => {
                    book.highest = book.highest.max(Some(id));
                    book.remove(id);
                }
            }
        }
        let replay = Replay {
            updates: book
                .pending
                .iter()
                .map(|(id, json)| (*id, json.clone()))
                .collect(),
            highest: book.highest,
        };
        let file = rewrite(path, &book).map_err(|e| io_error(path, "cannot write it", e))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let journal = Journal {
            path: path.clone(),
            lock: Mutex::new(Some(lock)),
            capacity: config.capacity.max(1),
            file: Mutex::new(Output {
                file,
                len,
                broken: false,
            }),
            book: Mutex::new(book),
            room_freed: Notify::new(),
        };
        Ok((Arc::new(journal), replay))
    }

    /// The journal's file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The most updates it may hold unhandled.
    pub(crate) fn capacity(&self) -> usize {
        self.capacity
    }

    /// Updates journaled and not yet handled.
    pub(crate) fn pending(&self) -> usize {
        self.book.lock_unpoisoned().pending.len()
    }

    /// How many more updates it may take now.
    pub(crate) fn room(&self) -> usize {
        self.capacity.saturating_sub(self.pending())
    }

    /// Resolves when a handled update frees room in a full journal. Enable it before
    /// checking [`room`](Self::room), so that no such change is missed.
    pub(crate) fn room_freed(&self) -> tokio::sync::futures::Notified<'_> {
        self.room_freed.notified()
    }

    /// Appends `updates` (id and JSON) with the handled records not yet written, and syncs:
    /// once this returns `Ok`, the updates survive a crash and may be confirmed to Telegram.
    /// Blocking: call it off the async threads.
    pub(crate) fn append(&self, updates: Vec<(i64, Box<[u8]>)>) -> std::io::Result<()> {
        let handled = self.take_handled();
        let mut out = handled_records(&handled);
        for (id, json) in &updates {
            record::put_update(&mut out, *id, json);
        }
        let mut file = self.file.lock_unpoisoned();
        if let Err(error) = file.write(&out, true) {
            drop(file);
            // The handled records are written with the next attempt.
            self.put_back_handled(handled);
            return Err(error);
        }
        let len = file.len;
        {
            let mut book = self.book.lock_unpoisoned();
            for (id, json) in updates {
                book.highest = book.highest.max(Some(id));
                book.add(id, json);
            }
            if len < REWRITE_AT || len < 4 * book.live {
                return Ok(());
            }
        }
        self.compact(&mut file);
        Ok(())
    }

    /// Writes the handled records not yet written (no sync: losing them repeats updates,
    /// loses none). Blocking.
    pub(crate) fn write_handled(&self) -> std::io::Result<()> {
        self.flush_handled(false)
    }

    /// Writes the handled records and syncs them, and lets another run open the journal:
    /// at the stop. Blocking.
    pub(crate) fn close(&self) -> std::io::Result<()> {
        let result = self.flush_handled(true);
        self.lock.lock_unpoisoned().take();
        result
    }

    /// Writes the handled records not yet written, synced if asked; they are kept for the
    /// next attempt when the write fails.
    fn flush_handled(&self, sync: bool) -> std::io::Result<()> {
        let handled = self.take_handled();
        let result = self
            .file
            .lock_unpoisoned()
            .write(&handled_records(&handled), sync);
        if result.is_err() {
            self.put_back_handled(handled);
        }
        result
    }

    /// Update `id`, journaled, was handled.
    pub(crate) fn handled(&self, id: i64) {
        let was_full = {
            let mut book = self.book.lock_unpoisoned();
            let was_full = book.pending.len() >= self.capacity;
            book.remove(id);
            book.handled.push(id);
            was_full
        };
        if was_full {
            self.room_freed.notify_waiters();
        }
    }

    /// The handled updates whose records are not written yet, taken out of the book.
    fn take_handled(&self) -> Vec<i64> {
        std::mem::take(&mut self.book.lock_unpoisoned().handled)
    }

    /// Puts back handled updates whose records could not be written.
    fn put_back_handled(&self, ids: Vec<i64>) {
        self.book.lock_unpoisoned().handled.extend(ids);
    }

    /// Rewrites the file with only the unhandled updates; on failure the old file stays.
    fn compact(&self, out: &mut Output) {
        // The handled records not yet written are dropped with the updates they close.
        let snapshot = {
            let mut book = self.book.lock_unpoisoned();
            book.handled.clear();
            Book {
                pending: book.pending.clone(),
                live: book.live,
                handled: Vec::new(),
                highest: book.highest,
            }
        };
        match rewrite(&self.path, &snapshot) {
            Ok(file) => {
                out.len = file.metadata().map(|m| m.len()).unwrap_or(0);
                out.file = file;
                out.broken = false;
            }
            Err(error) => tracing::warn!(
                path = %self.path.display(),
                %error,
                "update journal: rewriting it without the handled updates failed; it keeps growing until a rewrite succeeds"
            ),
        }
    }
}

/// Held while a journaled update is handled: dropped by its last holder, it writes the
/// update's handled record.
struct Journaled {
    journal: Arc<Journal>,
    id: i64,
}

impl Settle for Journaled {}

impl Drop for Journaled {
    fn drop(&mut self) {
        self.journal.handled(self.id);
    }
}

impl Journal {
    /// The receipt of journaled update `id`.
    pub(crate) fn receipt(self: &Arc<Self>, id: i64) -> Receipt {
        Receipt::settled_by(Journaled {
            journal: Arc::clone(self),
            id,
        })
    }
}

impl Book {
    fn add(&mut self, id: i64, json: Box<[u8]>) {
        self.live += record_size(json.len());
        if let Some(old) = self.pending.insert(id, json) {
            self.live -= record_size(old.len());
        }
    }

    fn remove(&mut self, id: i64) {
        if let Some(json) = self.pending.remove(&id) {
            self.live -= record_size(json.len());
        }
    }
}

/// The handled records of `ids`.
fn handled_records(ids: &[i64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() * 17);
    for id in ids {
        record::put_handled(&mut out, *id);
    }
    out
}

fn record_size(json: usize) -> u64 {
    (1 + 8 + 4 + json + 4) as u64
}

impl Output {
    /// Appends `bytes`, synced if asked; on failure cuts the file back to its last good
    /// record, or marks it broken when even that fails.
    fn write(&mut self, bytes: &[u8], sync: bool) -> std::io::Result<()> {
        if self.broken {
            return Err(std::io::Error::other(
                "an earlier failed write could not be cut back; the journal is not appended to until it is rewritten",
            ));
        }
        if bytes.is_empty() && !sync {
            return Ok(());
        }
        let result = self
            .file
            .write_all(bytes)
            .and_then(|()| if sync { self.file.sync_data() } else { Ok(()) });
        match result {
            Ok(()) => {
                self.len += bytes.len() as u64;
                Ok(())
            }
            Err(error) => {
                // A failed sync may have written part of it, or all: cut back to what is known
                // good, so that later records are not read after garbage.
                if self
                    .file
                    .set_len(self.len)
                    .and_then(|()| self.file.sync_data())
                    .is_err()
                {
                    self.broken = true;
                }
                Err(error)
            }
        }
    }
}

/// Locks `<path>.lock` for this process: a journal written by two processes would confirm
/// updates neither has.
fn take_lock(path: &Path) -> Result<File, Error> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| io_error(path, "cannot create its lock file", e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Setup(format!(
            "update journal {}: another process is using it (it holds {}); give each bot process a journal of its own",
            path.display(),
            lock_path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(io_error(path, "cannot lock it", e)),
    }
}

/// Writes a new journal holding `book`'s unhandled updates beside `path`, syncs it, and puts
/// it in place; returns it open for appending.
fn rewrite(path: &Path, book: &Book) -> std::io::Result<File> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".rewrite");
    let temporary = PathBuf::from(temporary);
    let mut bytes = Vec::with_capacity(record::HEADER.len() + book.live as usize);
    bytes.extend_from_slice(record::HEADER);
    for (id, json) in &book.pending {
        record::put_update(&mut bytes, *id, json);
    }
    // The highest id stays known when every update was handled: after a restart, updates
    // Telegram sends again up to it are recognised as journaled before.
    if let Some(highest) = book.highest
        && book
            .pending
            .last_key_value()
            .is_none_or(|(last, _)| *last < highest)
    {
        record::put_handled(&mut bytes, highest);
    }
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    OpenOptions::new().append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("telebot-journal-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("updates.journal")
    }

    fn json(id: i64) -> Vec<u8> {
        format!(r#"{{"update_id":{id},"message":{{"text":"m{id}"}}}}"#).into_bytes()
    }

    fn append(journal: &Journal, ids: std::ops::Range<i64>) {
        journal
            .append(ids.map(|id| (id, json(id).into())).collect())
            .unwrap();
    }

    #[test]
    fn unhandled_updates_come_back_in_order_after_a_restart() {
        let path = scratch("replay");
        let config = JournalConfig::new(&path);
        let (journal, replay) = Journal::open(&config).unwrap();
        assert!(replay.updates.is_empty());
        append(&journal, 10..20);
        for id in [10, 11, 15] {
            journal.handled(id);
        }
        journal.write_handled().unwrap();
        journal.handled(12); // handled, its record never written: it comes again
        assert_eq!(journal.pending(), 6);
        drop(journal);

        let (journal, replay) = Journal::open(&config).unwrap();
        let ids: Vec<i64> = replay.updates.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec![12, 13, 14, 16, 17, 18, 19]);
        assert_eq!(replay.updates[0].1.as_ref(), &json(12)[..]);
        assert_eq!(replay.highest, Some(19));
        assert_eq!(journal.pending(), 7);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_cut_short_end_is_dropped_and_appending_goes_on_after_the_good_part() {
        let path = scratch("torn");
        let config = JournalConfig::new(&path);
        let (journal, _) = Journal::open(&config).unwrap();
        append(&journal, 1..4);
        drop(journal);
        let whole = std::fs::read(&path).unwrap();
        // A crash in the middle of the next record.
        let mut torn = whole.clone();
        record::put_update(&mut torn, 4, &json(4));
        torn.truncate(whole.len() + 9);
        std::fs::write(&path, &torn).unwrap();

        let (journal, replay) = Journal::open(&config).unwrap();
        assert_eq!(
            replay.updates.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        append(&journal, 5..6);
        journal.handled(1);
        journal.close().unwrap();
        drop(journal);
        let (_, replay) = Journal::open(&config).unwrap();
        assert_eq!(
            replay.updates.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            vec![2, 3, 5],
            "records written after the cut are read"
        );
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_journal_in_use_is_refused_until_its_user_lets_go() {
        let path = scratch("locked");
        let config = JournalConfig::new(&path);
        let (first, _) = Journal::open(&config).unwrap();
        let error = Journal::open(&config).err().expect("refused").to_string();
        assert!(error.contains("another process is using it"), "{error}");
        first.close().unwrap();
        assert!(Journal::open(&config).is_ok(), "free again once closed");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn another_file_is_refused_with_its_path() {
        let path = scratch("foreign");
        std::fs::write(&path, b"not mine\n").unwrap();
        let error = Journal::open(&JournalConfig::new(&path))
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains("not a telebot update journal"), "{error}");
        assert!(error.contains("updates.journal"), "{error}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"not mine\n",
            "left as it was"
        );
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn the_file_is_rewritten_once_mostly_handled_and_keeps_what_is_not() {
        let path = scratch("rewrite");
        let config = JournalConfig::new(&path);
        let (journal, _) = Journal::open(&config).unwrap();
        let big = vec![b'x'; 4096];
        let (mut largest, mut previous, mut rewrites) = (0, 0, 0);
        for id in 0..2_000 {
            journal.append(vec![(id, big.clone().into())]).unwrap();
            if id != 7 {
                journal.handled(id);
            }
            let len = std::fs::metadata(&path).unwrap().len();
            if len < previous {
                rewrites += 1;
            }
            (largest, previous) = (largest.max(len), len);
        }
        assert!(rewrites >= 1, "8 MiB appended, never rewritten");
        assert!(
            largest <= REWRITE_AT + 2 * record_size(big.len()),
            "grew to {largest} bytes, past the rewrite point"
        );
        journal.close().unwrap();
        drop(journal);
        let (_, replay) = Journal::open(&config).unwrap();
        assert_eq!(
            replay.updates.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
            vec![7],
            "the one unhandled update outlives every rewrite"
        );
        assert_eq!(replay.highest, Some(1_999));
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
