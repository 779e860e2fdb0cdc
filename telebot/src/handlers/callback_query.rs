//! Callback-query and inline-query handlers, with optional patterns.

use super::parts::{runs_its_callback, setting_methods};
use super::{CheckInfo, Checked, Handler, HandlerFn, SharedHandlerFn};
use crate::extract::kind;
use crate::filters::{FilterData, RegexMatch};
use crate::{Update, UpdateKind};
use regex::Regex;

fn compile(what: &str, pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("{what}: invalid pattern: {e}"))
}

fn matching(regex: Option<&Regex>, text: Option<&str>) -> Option<FilterData> {
    let mut data = FilterData::default();
    if let Some(regex) = regex {
        data.matches.push(RegexMatch::search(regex, text?)?);
    }
    Some(data)
}

/// Runs for button presses (PTB's `CallbackQueryHandler`), optionally only those whose
/// `callback_data` matches a regex (the match is the context's `matches`).
pub struct CallbackQueryHandler {
    pattern: Option<Regex>,
    data_prefix: Option<&'static str>,
    game: bool,
    block: Option<bool>,
    callback: SharedHandlerFn,
}

impl CallbackQueryHandler {
    /// A handler for every callback query.
    pub fn new<H, A>(handler: H) -> Self
    where
        H: HandlerFn<kind::CallbackQuery, A>,
    {
        CallbackQueryHandler {
            pattern: None,
            data_prefix: None,
            game: false,
            block: None,
            callback: handler.into_callback(),
        }
    }

    /// Only queries whose data matches `pattern`.
    ///
    /// # Panics
    /// When `pattern` is not a valid regex (the `#[callback_query]` macro checks it at compile
    /// time).
    pub fn pattern(mut self, pattern: &str) -> Self {
        self.pattern = Some(compile("CallbackQueryHandler", pattern));
        self
    }

    /// Only queries whose data matches a compiled regex.
    pub fn regex(mut self, regex: Regex) -> Self {
        self.pattern = Some(regex);
        self
    }

    /// Only queries whose data was packed for `T` (its prefix), whatever its state: stale or
    /// forged data of `T` still comes here, and the [`Callback<T>`](crate::extract::Callback)
    /// extractor refuses it politely instead of calling the function.
    pub fn data<T: crate::callback_data::CallbackData>(self) -> Self {
        self.data_prefix(T::PREFIX)
    }

    /// Only queries whose data starts with `prefix` and then `:` or `#`.
    pub(crate) fn data_prefix(mut self, prefix: &'static str) -> Self {
        self.data_prefix = Some(prefix);
        self
    }

    /// Match the game short name instead of the data (games' "Play" buttons).
    pub fn game(mut self, yes: bool) -> Self {
        self.game = yes;
        self
    }

    setting_methods!(block);
}

impl Handler for CallbackQueryHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        let UpdateKind::CallbackQuery(query) = &update.kind else {
            return None;
        };
        let subject = if self.game {
            query.game_short_name.as_deref()
        } else {
            query.data.as_deref()
        };
        if self.game && subject.is_none() {
            return None;
        }
        if let Some(prefix) = self.data_prefix {
            let rest = subject?.strip_prefix(prefix)?;
            if !rest.starts_with(':') && !rest.starts_with('#') {
                return None;
            }
        }
        let data = matching(self.pattern.as_ref(), subject)?;
        Some(Checked::with_data(data))
    }

    runs_its_callback!();

    fn update_kinds(&self) -> Vec<&'static str> {
        vec!["callback_query"]
    }

    fn describe(&self) -> String {
        match (&self.pattern, self.data_prefix) {
            (Some(p), _) => format!("CallbackQueryHandler({})", p.as_str()),
            (None, Some(prefix)) => format!("CallbackQueryHandler(data {prefix})"),
            (None, None) => "CallbackQueryHandler".to_string(),
        }
    }
}

/// Runs for inline queries (PTB's `InlineQueryHandler`), optionally only those whose query text
/// matches a regex, or that come from given chat types.
pub struct InlineQueryHandler {
    pattern: Option<Regex>,
    chat_types: Option<Vec<String>>,
    block: Option<bool>,
    callback: SharedHandlerFn,
}

impl InlineQueryHandler {
    /// A handler for every inline query.
    pub fn new<H, A>(handler: H) -> Self
    where
        H: HandlerFn<kind::InlineQuery, A>,
    {
        InlineQueryHandler {
            pattern: None,
            chat_types: None,
            block: None,
            callback: handler.into_callback(),
        }
    }

    /// Only queries matching `pattern`.
    ///
    /// # Panics
    /// When `pattern` is not a valid regex.
    pub fn pattern(mut self, pattern: &str) -> Self {
        self.pattern = Some(compile("InlineQueryHandler", pattern));
        self
    }

    /// Only queries matching a compiled regex.
    pub fn regex(mut self, regex: Regex) -> Self {
        self.pattern = Some(regex);
        self
    }

    /// Only queries sent from these chat types (`"sender"`, `"private"`, `"group"`,
    /// `"supergroup"`, `"channel"`).
    pub fn chat_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.chat_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    setting_methods!(block);
}

impl Handler for InlineQueryHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        let UpdateKind::InlineQuery(query) = &update.kind else {
            return None;
        };
        if let Some(types) = &self.chat_types
            && !query.chat_type.as_ref().is_some_and(|t| types.contains(t))
        {
            return None;
        }
        let data = matching(self.pattern.as_ref(), Some(&query.query))?;
        Some(Checked::with_data(data))
    }

    runs_its_callback!();

    fn update_kinds(&self) -> Vec<&'static str> {
        vec!["inline_query"]
    }

    fn describe(&self) -> String {
        match &self.pattern {
            Some(p) => format!("InlineQueryHandler({})", p.as_str()),
            None => "InlineQueryHandler".to_string(),
        }
    }
}
