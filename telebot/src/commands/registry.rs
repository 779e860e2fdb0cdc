//! The application's commands: the declared set, names of hand-added command handlers, the
//! options and the member-status cache.

use super::{CommandOptions, CommandSet, MemberCache, SetupError};
use std::collections::BTreeSet;
use std::sync::RwLock;
use telebot_client::poison::RwLockUnpoisoned;

/// What an application knows about its commands.
#[derive(Default)]
pub(crate) struct Registry {
    set: RwLock<CommandSet>,
    extra_names: RwLock<BTreeSet<String>>,
    pub(crate) options: CommandOptions,
    pub(crate) members: MemberCache,
}

impl Registry {
    pub(crate) fn new(options: CommandOptions) -> Self {
        Registry {
            options,
            ..Registry::default()
        }
    }

    /// Adds a set's commands after checking them together with those already known.
    pub(crate) fn add(&self, commands: CommandSet) -> Result<(), SetupError> {
        let mut set = self.set.write_unpoisoned();
        let mut merged = set.clone();
        merged.extend(commands);
        merged.check()?;
        *set = merged;
        Ok(())
    }

    /// Records command names of a handler added by hand, so they are not "unknown".
    pub(crate) fn add_names(&self, names: impl IntoIterator<Item = String>) {
        self.extra_names.write_unpoisoned().extend(names);
    }

    /// Runs `f` on the declared set.
    pub(crate) fn with_set<R>(&self, f: impl FnOnce(&CommandSet) -> R) -> R {
        f(&self.set.read_unpoisoned())
    }

    /// The commands worth naming to a user in `chat`, sorted, each once: the declared ones
    /// that are not hidden, need no role and whose scope covers the chat, and those of
    /// handlers added by hand.
    pub(crate) fn listed_names(&self, chat: Option<&crate::api::Chat>) -> Vec<String> {
        let mut names: BTreeSet<String> = self.with_set(|set| {
            set.iter()
                .filter(|c| !c.hidden && c.require.is_none())
                .filter(|c| c.scopes.iter().any(|s| super::scope::covers(*s, chat)))
                .map(|c| c.name().to_string())
                .collect()
        });
        names.extend(self.extra_names.read_unpoisoned().iter().cloned());
        names.into_iter().collect()
    }

    /// Whether a handler answers to `name`.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.with_set(|set| set.get(name).is_some())
            || self.extra_names.read_unpoisoned().contains(name)
    }
}
