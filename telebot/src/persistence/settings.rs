use super::Store;
use std::time::Duration;

/// Which stores are persisted (PTB's `PersistenceInput`); all by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersistenceInput {
    /// `user_data`.
    pub user_data: bool,
    /// `chat_data`.
    pub chat_data: bool,
    /// `bot_data`.
    pub bot_data: bool,
    /// Conversation states.
    pub conversations: bool,
    /// The callback-data cache.
    pub callback_data: bool,
    /// Jobs.
    pub jobs: bool,
}

impl Default for PersistenceInput {
    fn default() -> Self {
        PersistenceInput::all()
    }
}

impl PersistenceInput {
    /// Every store.
    pub const fn all() -> Self {
        PersistenceInput {
            user_data: true,
            chat_data: true,
            bot_data: true,
            conversations: true,
            callback_data: true,
            jobs: true,
        }
    }

    /// No store (add the ones you want with struct update syntax).
    pub const fn none() -> Self {
        PersistenceInput {
            user_data: false,
            chat_data: false,
            bot_data: false,
            conversations: false,
            callback_data: false,
            jobs: false,
        }
    }

    /// Whether `store` is persisted.
    pub fn includes(&self, store: Store) -> bool {
        match store {
            Store::UserData => self.user_data,
            Store::ChatData => self.chat_data,
            Store::BotData => self.bot_data,
            Store::Conversations => self.conversations,
            Store::CallbackData => self.callback_data,
            Store::Jobs => self.jobs,
        }
    }

    /// The persisted stores' names, for the startup report.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        Store::ALL
            .into_iter()
            .filter(|s| self.includes(*s))
            .map(Store::as_str)
            .collect()
    }
}

/// How a backend is used: which stores, how often changes are written, and whether they are
/// written after every handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Which stores are persisted.
    pub input: PersistenceInput,
    /// How often changed entries are written (PTB's `update_interval`). Default 5 s; a crash
    /// loses at most this much. Values under 10 ms are raised to 10 ms.
    pub update_interval: Duration,
    /// Write changed entries after every handler, before the update counts as handled: a crash
    /// loses nothing a finished handler wrote, at the cost of one write per handler.
    pub write_through: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            input: PersistenceInput::all(),
            update_interval: Duration::from_secs(5),
            write_through: false,
        }
    }
}

/// The builder methods for the settings every built-in backend carries.
macro_rules! settings_builder {
    ($backend:ty) => {
        impl $backend {
            /// Persists only the stores selected here.
            pub fn input(mut self, input: $crate::persistence::PersistenceInput) -> Self {
                self.settings.input = input;
                self
            }

            /// How often changed entries are written (default 5 s).
            pub fn update_interval(mut self, every: std::time::Duration) -> Self {
                self.settings.update_interval = every;
                self
            }

            /// Writes changed entries after every handler (default off).
            pub fn write_through(mut self, on: bool) -> Self {
                self.settings.write_through = on;
                self
            }
        }
    };
}
pub(crate) use settings_builder;
