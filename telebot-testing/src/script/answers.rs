//! Handles to a callback query or inline query a test user made, to see the bot's answer.

use serde_json::{Map, Value, json};

use super::{AsChat, FakeTelegram, SentMessage};
use crate::state::Sender;

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
    /// Who typed the query.
    pub(crate) user: i64,
    /// What was typed.
    pub(crate) query: String,
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

    /// Picks result `result_id` of the bot's answer and sends it in `chat`, as tapping a result
    /// does: the message appears in the chat from the user, `via_bot` the bot (the bot gets it
    /// as a `message` update where it is a member), and a `chosen_inline_result` update
    /// follows. The message is text: a result's `input_message_content` text, else its
    /// caption, else its title.
    ///
    /// # Panics
    /// When the bot has not answered, or its answer has no result `result_id`.
    pub async fn choose(&self, result_id: &str, chat: impl AsChat) -> SentMessage {
        let answer = self.answer().unwrap_or_else(|| {
            panic!(
                "FakeTelegram: inline query {} has no answer to choose from",
                self.id
            )
        });
        let Some(result) = answer
            .results
            .iter()
            .find(|r| r.get("id").and_then(Value::as_str) == Some(result_id))
        else {
            panic!("FakeTelegram: the answer has no result {result_id:?}");
        };
        let mut content = Map::new();
        let text_of =
            |object: &Value, text: &str, entities: &str, content: &mut Map<String, Value>| {
                if let Some(text_value) = object.get(text) {
                    content.insert("text".into(), text_value.clone());
                    if let Some(list) = object.get(entities) {
                        content.insert("entities".into(), list.clone());
                    }
                }
            };
        match result.get("input_message_content") {
            Some(message) => text_of(message, "message_text", "entities", &mut content),
            None => text_of(result, "caption", "caption_entities", &mut content),
        }
        if content.is_empty() {
            let title = result.get("title").cloned().unwrap_or(json!(""));
            content.insert("text".into(), title);
        }
        let message = {
            let state = self.tg.core().lock();
            content.insert("via_bot".into(), state.user_json(state.bot.id));
            drop(state);
            self.tg
                .user_message(Sender::User(self.user), chat.chat_id(), content)
        };
        {
            let mut state = self.tg.core().lock();
            let chosen = json!({
                "result_id": result_id,
                "from": state.user_json(self.user),
                "query": self.query,
            });
            state.push_update("chosen_inline_result", chosen);
        }
        self.tg.core().notify();
        message
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
