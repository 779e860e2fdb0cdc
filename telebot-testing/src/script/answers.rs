//! Handles to a callback query or inline query a test user made, to see the bot's answer.

use serde_json::{Map, Value};

use super::FakeTelegram;

/// The bot's answerCallbackQuery to a button press.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackAnswer {
    /// The notification text, if any.
    pub text: Option<String>,
    /// True for an alert instead of a notification.
    pub show_alert: bool,
    /// The URL to open, if any.
    pub url: Option<String>,
    /// The `cache_time`, if given.
    pub cache_time: Option<i64>,
    /// All parameters of the answer.
    pub raw: Map<String, Value>,
}

/// The bot's answerInlineQuery to an inline query.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineAnswer {
    /// The `results` (InlineQueryResult objects).
    pub results: Vec<Value>,
    /// The `next_offset`, if given.
    pub next_offset: Option<String>,
    /// All parameters of the answer.
    pub raw: Map<String, Value>,
}

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn flag(map: &Map<String, Value>, key: &str) -> bool {
    match map.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == "1",
        _ => false,
    }
}

impl CallbackAnswer {
    fn from_params(raw: Map<String, Value>) -> Self {
        CallbackAnswer {
            text: text(&raw, "text"),
            show_alert: flag(&raw, "show_alert"),
            url: text(&raw, "url"),
            cache_time: text(&raw, "cache_time").and_then(|t| t.parse().ok()),
            raw,
        }
    }
}

impl InlineAnswer {
    fn from_params(raw: Map<String, Value>) -> Self {
        InlineAnswer {
            results: raw
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            next_offset: text(&raw, "next_offset"),
            raw,
        }
    }
}

/// A callback query made by pressing a button; see [`TestUser::press`](super::TestUser::press).
#[derive(Debug, Clone)]
pub struct CallbackQueryHandle {
    pub(crate) tg: FakeTelegram,
    pub(crate) id: String,
}

impl CallbackQueryHandle {
    /// The callback query id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The bot's answer so far, if it answered.
    pub fn answer(&self) -> Option<CallbackAnswer> {
        let state = self.tg.core().lock();
        let answer = state.callback_queries.get(&self.id)?.answer.clone()?;
        Some(CallbackAnswer::from_params(answer))
    }

    /// Waits (up to the expectation time-out) for the bot's answerCallbackQuery.
    ///
    /// # Panics
    /// When the bot does not answer in time.
    pub async fn expect_answer(&self) -> CallbackAnswer {
        let timeout = self.tg.core().expect_timeout();
        let found = self
            .tg
            .core()
            .wait_for(timeout, |state| {
                state.callback_queries.get(&self.id)?.answer.clone()
            })
            .await;
        match found {
            Some(answer) => CallbackAnswer::from_params(answer),
            None => panic!(
                "FakeTelegram: the bot did not answer callback query {} within {timeout:?}.\n{}",
                self.id,
                self.tg.recent_calls_report()
            ),
        }
    }
}

/// An inline query made by a test user; see [`TestUser::inline_query`](super::TestUser::inline_query).
#[derive(Debug, Clone)]
pub struct InlineQueryHandle {
    pub(crate) tg: FakeTelegram,
    pub(crate) id: String,
}

impl InlineQueryHandle {
    /// The inline query id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The bot's answer so far, if it answered.
    pub fn answer(&self) -> Option<InlineAnswer> {
        let state = self.tg.core().lock();
        let answer = state.inline_queries.get(&self.id)?.answer.clone()?;
        Some(InlineAnswer::from_params(answer))
    }

    /// Waits (up to the expectation time-out) for the bot's answerInlineQuery.
    ///
    /// # Panics
    /// When the bot does not answer in time.
    pub async fn expect_answer(&self) -> InlineAnswer {
        let timeout = self.tg.core().expect_timeout();
        let found = self
            .tg
            .core()
            .wait_for(timeout, |state| {
                state.inline_queries.get(&self.id)?.answer.clone()
            })
            .await;
        match found {
            Some(answer) => InlineAnswer::from_params(answer),
            None => panic!(
                "FakeTelegram: the bot did not answer inline query {} within {timeout:?}.\n{}",
                self.id,
                self.tg.recent_calls_report()
            ),
        }
    }
}
