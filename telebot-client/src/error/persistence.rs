/// What can go wrong storing or loading persisted data. Every variant says where (a file, a
/// table, a key) and what to do; none holds the bot token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PersistenceError {
    /// Stored data cannot be read: a file or value is not what telebot wrote. Startup stops
    /// rather than start empty and overwrite it later.
    #[error(
        "{location} cannot be read: {reason}; fix or remove it (telebot will not start empty over it)"
    )]
    Corrupt {
        /// The file, table row or key.
        location: String,
        /// What was wrong.
        reason: String,
    },
    /// The store was written by a newer telebot whose format this build does not know.
    #[error(
        "{location} has schema version {found}, but this telebot reads versions up to {supported}; upgrade telebot or migrate the data back"
    )]
    FutureSchema {
        /// The file, table or key holding the version.
        location: String,
        /// The version found.
        found: u64,
        /// The newest version this build reads.
        supported: u64,
    },
    /// A stored value does not fit the type registered for its name
    /// (`ApplicationBuilder::data_type` in `telebot`).
    #[error("{location} does not fit {type_name}: {reason}{}; fix the type or the value (nothing was changed)", if *.others > 0 { format!(" (and {} more values)", .others) } else { String::new() })]
    WrongShape {
        /// Whose value, and its name.
        location: String,
        /// The registered type.
        type_name: &'static str,
        /// What serde reported.
        reason: String,
        /// How many other values do not fit either.
        others: usize,
    },
    /// A file operation failed.
    #[error("{operation} {path}: {source}")]
    Io {
        /// What was being done ("writing", "renaming", …).
        operation: &'static str,
        /// The file or directory.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The backend could not be reached or refused the operation, after retries.
    #[error("{backend}: {operation} failed after {attempts} attempt(s): {reason}")]
    Unavailable {
        /// The backend ("redis", "sqlite").
        backend: &'static str,
        /// What was being done.
        operation: String,
        /// How many times it was tried.
        attempts: u32,
        /// The last error.
        reason: String,
    },
    /// Another process held an entry's lock for longer than the lock timeout.
    #[error("{backend}: {resource} stayed locked by another instance for {waited:?}")]
    LockTimeout {
        /// The backend.
        backend: &'static str,
        /// The locked entry.
        resource: String,
        /// How long this process waited.
        waited: std::time::Duration,
    },
    /// A write under a lease was refused because the lease had expired and another process
    /// took the entry over; this process's change to it is not stored.
    #[error(
        "{backend}: the write of {resource} was refused: this instance's lock expired and another instance took it (raise the lease time if handlers run this long)"
    )]
    LeaseLost {
        /// The backend.
        backend: &'static str,
        /// The entry.
        resource: String,
    },
    /// A name cannot be used as a storage key (too long, or empty where a name is needed).
    #[error("invalid {what} {name:?}: {reason}")]
    InvalidName {
        /// What the name is for.
        what: &'static str,
        /// The name.
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
}
