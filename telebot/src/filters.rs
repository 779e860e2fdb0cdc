//! Filters for message handlers (being written on its own branch; this is the contract).

use crate::Update;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What filters found while checking an update (regex captures for the handler's context).
#[derive(Debug, Default, Clone)]
pub struct FilterData {
    /// Regex matches, in the order the filters recorded them.
    pub matches: Vec<RegexMatch>,
}

/// One regex match: positional groups (0 = whole match) and named groups.
#[derive(Debug, Clone, PartialEq)]
pub struct RegexMatch {
    groups: Vec<Option<String>>,
    named: BTreeMap<String, String>,
}

impl RegexMatch {
    /// The match of `regex` in `text`, if any.
    pub fn capture(regex: &regex::Regex, text: &str) -> Option<RegexMatch> {
        let caps = regex.captures(text)?;
        let groups = caps
            .iter()
            .map(|m| m.map(|m| m.as_str().to_string()))
            .collect();
        let named = regex
            .capture_names()
            .flatten()
            .filter_map(|n| {
                caps.name(n)
                    .map(|m| (n.to_string(), m.as_str().to_string()))
            })
            .collect();
        Some(RegexMatch { groups, named })
    }

    /// Group `i` (0 is the whole match).
    pub fn get(&self, i: usize) -> Option<&str> {
        self.groups.get(i)?.as_deref()
    }

    /// A named group.
    pub fn name(&self, name: &str) -> Option<&str> {
        self.named.get(name).map(String::as_str)
    }

    /// The number of groups, the whole match included.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups at all.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// A check of an update.
pub trait Filter: Send + Sync + 'static {
    /// Whether the update passes; may record data (regex matches) in `data`.
    fn check(&self, update: &Update, data: &mut FilterData) -> bool;
    /// A short human-readable description for logs.
    fn describe(&self) -> String;
}

/// A shareable, composable filter.
#[derive(Clone)]
pub struct F(Arc<dyn Filter>);

impl F {
    /// Wraps a filter.
    pub fn new(filter: impl Filter) -> F {
        F(Arc::new(filter))
    }

    /// Whether the update passes.
    pub fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        self.0.check(update, data)
    }

    /// A description for logs.
    pub fn describe(&self) -> String {
        self.0.describe()
    }
}

struct Custom<P>(String, P);

impl<P: Fn(&Update) -> bool + Send + Sync + 'static> Filter for Custom<P> {
    fn check(&self, update: &Update, _: &mut FilterData) -> bool {
        (self.1)(update)
    }
    fn describe(&self) -> String {
        self.0.clone()
    }
}

/// A user-defined filter.
pub fn custom(name: &str, f: impl Fn(&Update) -> bool + Send + Sync + 'static) -> F {
    F::new(Custom(name.to_string(), f))
}

/// Every update.
pub fn all() -> F {
    custom("all", |_| true)
}

/// Any message with text.
pub fn text() -> F {
    custom("text", |u| {
        u.effective_message().is_some_and(|m| m.text.is_some())
    })
}
