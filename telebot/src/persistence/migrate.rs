use super::{Change, Persistence, PersistenceError, Store};

/// How many values [`migrate`] copied, per store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MigrationReport {
    /// (store, values copied), for every store.
    pub copied: Vec<(Store, usize)>,
}

impl MigrationReport {
    /// All values copied.
    pub fn total(&self) -> usize {
        self.copied.iter().map(|(_, n)| n).sum()
    }
}

/// Values per write batch, so that a large store is not held twice in memory.
const BATCH: usize = 1000;

/// Copies everything `from` holds into `to` (user, chat and bot data, conversations, the
/// callback-data cache, jobs), whatever the backends' [`PersistenceInput`](super::PersistenceInput)
/// says. Values already in `to` under the same address are replaced; others are kept. Run it
/// while the bot is stopped.
///
/// ```no_run
/// # async fn run() -> Result<(), telebot::persistence::PersistenceError> {
/// use telebot::persistence::{FilePersistence, MemoryPersistence, migrate};
/// let from = FilePersistence::open("bot-data")?;
/// let to = MemoryPersistence::new(); // RedisPersistence::open(…) in real life
/// let report = migrate(&from, &to).await?;
/// println!("copied {} values", report.total());
/// # Ok(()) }
/// ```
pub async fn migrate<F, T>(from: &F, to: &T) -> Result<MigrationReport, PersistenceError>
where
    F: Persistence + ?Sized,
    T: Persistence + ?Sized,
{
    let mut report = MigrationReport::default();
    for store in Store::ALL {
        let records = from.load(store).await?;
        let count = records.len();
        let mut batch = Vec::with_capacity(BATCH.min(count));
        for record in records {
            batch.push(Change::set(store, record.key, record.field, record.value));
            if batch.len() == BATCH {
                to.write(&batch).await?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            to.write(&batch).await?;
        }
        report.copied.push((store, count));
    }
    Ok(report)
}
