//! The shared set behind [`Chats`](super::Chats), [`Users`](super::Users),
//! [`SenderChats`](super::SenderChats) and [`ViaBots`](super::ViaBots): ids and usernames that
//! can change while a filter built from them is in use.

use std::collections::BTreeSet;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use telebot_client::poison::RwLockUnpoisoned;

#[derive(Debug, Default)]
struct Sets {
    ids: BTreeSet<i64>,
    /// Lowercase, without the `@`.
    usernames: BTreeSet<String>,
    allow_empty: bool,
}

/// Ids and usernames behind a lock, shared by the handle and every filter built from it.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdSet(Arc<RwLock<Sets>>);

/// The form usernames are compared in: without a leading `@`, lowercase.
fn normalize(username: &str) -> String {
    username
        .strip_prefix('@')
        .unwrap_or(username)
        .to_lowercase()
}

impl IdSet {
    fn read(&self) -> RwLockReadGuard<'_, Sets> {
        self.0.read_unpoisoned()
    }

    fn write(&self) -> RwLockWriteGuard<'_, Sets> {
        self.0.write_unpoisoned()
    }

    pub(crate) fn add_id(&self, id: i64) {
        self.write().ids.insert(id);
    }

    pub(crate) fn remove_id(&self, id: i64) -> bool {
        self.write().ids.remove(&id)
    }

    pub(crate) fn contains_id(&self, id: i64) -> bool {
        self.read().ids.contains(&id)
    }

    pub(crate) fn add_username(&self, username: &str) {
        self.write().usernames.insert(normalize(username));
    }

    pub(crate) fn remove_username(&self, username: &str) -> bool {
        self.write().usernames.remove(&normalize(username))
    }

    pub(crate) fn contains_username(&self, username: &str) -> bool {
        self.read().usernames.contains(&normalize(username))
    }

    pub(crate) fn set_allow_empty(&self, allow: bool) {
        self.write().allow_empty = allow;
    }

    pub(crate) fn clear(&self) {
        let mut sets = self.write();
        sets.ids.clear();
        sets.usernames.clear();
    }

    pub(crate) fn ids(&self) -> Vec<i64> {
        self.read().ids.iter().copied().collect()
    }

    pub(crate) fn usernames(&self) -> Vec<String> {
        self.read().usernames.iter().cloned().collect()
    }

    /// Whether a chat or user with this id and username is in the set (or the set is empty
    /// and allows everything when empty).
    pub(crate) fn admits(&self, id: i64, username: Option<&str>) -> bool {
        let sets = self.read();
        if sets.ids.is_empty() && sets.usernames.is_empty() {
            return sets.allow_empty;
        }
        sets.ids.contains(&id)
            || username.is_some_and(|name| sets.usernames.contains(&normalize(name)))
    }

    /// `name([id, @username, …])`, from the current contents.
    pub(crate) fn describe(&self, name: &str) -> String {
        let sets = self.read();
        let items: Vec<String> = sets
            .ids
            .iter()
            .map(i64::to_string)
            .chain(sets.usernames.iter().map(|u| format!("@{u}")))
            .collect();
        format!("{name}([{}])", items.join(", "))
    }
}

/// Declares a public id/username set filter over one chat or user of a message.
macro_rules! id_set_filter {
    (
        $(#[$meta:meta])*
        $name:ident, $label:literal, $what:literal,
        |$m:ident| $extract:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        pub struct $name($crate::filters::ids::IdSet);

        impl $name {
            #[doc = concat!("A set of ", $what, " with these ids (and no usernames yet).")]
            pub fn new(ids: impl IntoIterator<Item = i64>) -> Self {
                let set = Self::default();
                set.add_ids(ids);
                set
            }

            #[doc = concat!("A set of ", $what, " with these usernames (with or without `@`, ")]
            /// compared case-insensitively).
            pub fn from_usernames(usernames: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
                Self::default().with_usernames(usernames)
            }

            /// Adds usernames, builder style.
            pub fn with_usernames(self, usernames: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
                self.add_usernames(usernames);
                self
            }

            /// Whether the filter passes everything while the set is empty (default: it passes
            /// nothing).
            pub fn allow_empty(self, allow: bool) -> Self {
                self.0.set_allow_empty(allow);
                self
            }

            /// Adds an id; filters built from this set see it at once.
            pub fn add(&self, id: i64) {
                self.0.add_id(id);
            }

            /// Adds several ids.
            pub fn add_ids(&self, ids: impl IntoIterator<Item = i64>) {
                for id in ids {
                    self.0.add_id(id);
                }
            }

            /// Removes an id; returns whether it was there.
            pub fn remove(&self, id: i64) -> bool {
                self.0.remove_id(id)
            }

            /// Whether the id is in the set.
            pub fn contains(&self, id: i64) -> bool {
                self.0.contains_id(id)
            }

            /// Adds a username (with or without `@`, any case).
            pub fn add_username(&self, username: &str) {
                self.0.add_username(username);
            }

            /// Adds several usernames.
            pub fn add_usernames(&self, usernames: impl IntoIterator<Item = impl AsRef<str>>) {
                for name in usernames {
                    self.0.add_username(name.as_ref());
                }
            }

            /// Removes a username (with or without `@`, any case); returns whether it was there.
            pub fn remove_username(&self, username: &str) -> bool {
                self.0.remove_username(username)
            }

            /// Whether the username (with or without `@`, any case) is in the set.
            pub fn contains_username(&self, username: &str) -> bool {
                self.0.contains_username(username)
            }

            /// Empties the set (ids and usernames).
            pub fn clear(&self) {
                self.0.clear();
            }

            /// The ids, sorted.
            pub fn ids(&self) -> Vec<i64> {
                self.0.ids()
            }

            /// The usernames, sorted, lowercase and without `@`.
            pub fn usernames(&self) -> Vec<String> {
                self.0.usernames()
            }

            /// The filter. It shares this set, so later `add`s and `remove`s apply to it.
            pub fn filter(&self) -> $crate::filters::SharedFilter {
                $crate::filters::SharedFilter::new(self.clone())
            }
        }

        impl $crate::filters::Filter for $name {
            fn check(&self, update: &$crate::Update, _: &mut $crate::filters::FilterData) -> bool {
                fn extract($m: &$crate::api::Message) -> Option<(i64, Option<&str>)> {
                    $extract
                }
                $crate::filters::message_of(update)
                    .and_then(extract)
                    .is_some_and(|(id, username)| self.0.admits(id, username))
            }

            fn describe(&self) -> String {
                self.0.describe($label)
            }
        }
    };
}

pub(crate) use id_set_filter;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_compared_without_at_and_case() {
        let set = IdSet::default();
        set.add_username("@RustLang");
        assert!(set.contains_username("rustlang"));
        assert!(set.contains_username("@RUSTLANG"));
        assert!(set.admits(1, Some("rustLang")));
        assert!(!set.admits(1, Some("rust")));
        assert!(!set.admits(1, None));
        assert_eq!(set.usernames(), ["rustlang"]);
        assert!(set.remove_username("@rustlang"));
        assert!(!set.remove_username("rustlang"));
    }

    #[test]
    fn empty_sets_pass_nothing_unless_allowed() {
        let set = IdSet::default();
        assert!(!set.admits(1, Some("a")));
        set.set_allow_empty(true);
        assert!(set.admits(1, Some("a")));
        set.add_id(2);
        assert!(!set.admits(1, Some("a")));
        assert!(set.admits(2, None));
        assert_eq!(set.describe("x"), "x([2])");
        set.clear();
        assert!(set.admits(1, None));
    }
}
