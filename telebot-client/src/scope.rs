//! Flood-control scopes: which requests a 429's `retry_after` holds back, and the pauses in
//! force.
//!
//! A 429 on a request to a chat pauses that chat; a 429 on a request without a chat pauses
//! everything. Every sender checks the pauses of its scope before each attempt, so one 429
//! holds back every concurrent sender to the same chat, not only the one that got it. (A rate
//! limiter that paces requests before Telegram complains keys its buckets on the same
//! [`FloodScope`].)

use super::encode::Body;
use crate::ChatId;
use crate::poison::MutexUnpoisoned;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Where Telegram's flood limits apply to a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FloodScope {
    /// Every request of the bot.
    Global,
    /// Requests to one chat (by id, or by `@username`).
    Chat(ChatId),
}

#[derive(Deserialize)]
struct Target {
    #[serde(default)]
    chat_id: Option<ChatId>,
}

impl FloodScope {
    /// The scope of a request body: its `chat_id`, or global when it has none.
    pub(crate) fn of(body: &Body) -> FloodScope {
        let chat = match body {
            Body::Json(json) => leading_chat_id(json).or_else(|| {
                serde_json::from_slice::<Target>(json)
                    .ok()
                    .and_then(|t| t.chat_id)
            }),
            Body::Multipart { fields, .. } => fields
                .iter()
                .find(|(name, _)| name == "chat_id")
                .map(|(_, value)| ChatId::from(value.as_str())),
        };
        chat.map_or(FloodScope::Global, FloodScope::Chat)
    }
}

/// A numeric `chat_id` read straight from the front of an encoded body, where the encoder puts
/// it for every method whose first parameter it is (`{"chat_id":42,…`); `None` otherwise, and
/// the body is then read in full.
fn leading_chat_id(json: &[u8]) -> Option<ChatId> {
    let rest = json.strip_prefix(br#"{"chat_id":"#)?;
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'-'))?;
    if !matches!(rest[end], b',' | b'}') {
        return None;
    }
    let id = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
    Some(ChatId::Id(id))
}

/// The pauses that 429 answers imposed, by scope.
#[derive(Debug, Default)]
pub(crate) struct Cooldowns {
    until: Mutex<HashMap<FloodScope, Instant>>,
}

impl Cooldowns {
    /// Holds back `scope` for `wait` from now (a longer pause already in force stays).
    pub(crate) fn pause(&self, scope: FloodScope, wait: Duration) {
        let end = Instant::now() + wait;
        let mut until = self.until.lock_unpoisoned();
        let slot = until.entry(scope).or_insert(end);
        if *slot < end {
            *slot = end;
        }
    }

    /// How long a request in `scope` must still wait: the later of its chat's pause and the
    /// global one. Expired pauses are forgotten.
    pub(crate) fn remaining(&self, scope: &FloodScope) -> Option<Duration> {
        let mut until = self.until.lock_unpoisoned();
        if until.is_empty() {
            return None;
        }
        let now = Instant::now();
        until.retain(|_, end| *end > now);
        let global = until.get(&FloodScope::Global).copied();
        let own = until.get(scope).copied();
        global.max(own).map(|end| end - now)
    }

    /// Waits until no pause holds back `scope` (pauses set meanwhile are honoured too).
    pub(crate) async fn wait(&self, scope: &FloodScope) {
        while let Some(wait) = self.remaining(scope) {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Body {
        Body::Json(text.as_bytes().to_vec())
    }

    #[test]
    fn a_leading_chat_id_is_read_from_the_text_and_anything_else_in_full() {
        let leading = |text: &str| leading_chat_id(text.as_bytes());
        assert_eq!(
            leading(r#"{"chat_id":42,"text":"hi"}"#),
            Some(ChatId::Id(42))
        );
        assert_eq!(leading(r#"{"chat_id":-1001}"#), Some(ChatId::Id(-1001)));
        assert_eq!(leading(r#"{"chat_id":"@news","text":"hi"}"#), None);
        assert_eq!(leading(r#"{"chat_id":4.5}"#), None);
        assert_eq!(leading(r#"{"chat_id":--1}"#), None);
        assert_eq!(leading(r#"{"chat_id":99999999999999999999}"#), None);
        assert_eq!(leading(r#"{"text":"hi","chat_id":42}"#), None);
        assert_eq!(
            FloodScope::of(&json(r#"{"chat_id":99999999999999999999}"#)),
            FloodScope::Global,
            "a number out of range is no chat, as before"
        );
        assert_eq!(
            FloodScope::of(&json(r#"{"chat_id":-1001,"text":"hi"}"#)),
            FloodScope::Chat(ChatId::Id(-1001))
        );
    }

    #[test]
    fn the_scope_is_the_chat_of_the_request() {
        assert_eq!(
            FloodScope::of(&json(r#"{"chat_id":42,"text":"hi"}"#)),
            FloodScope::Chat(ChatId::Id(42))
        );
        assert_eq!(
            FloodScope::of(&json(r#"{"text":"hi","chat_id":"@news"}"#)),
            FloodScope::Chat(ChatId::Username("@news".into()))
        );
        assert_eq!(
            FloodScope::of(&json(r#"{"callback_query_id":"1"}"#)),
            FloodScope::Global
        );
        let multipart = Body::Multipart {
            fields: vec![("chat_id".into(), "-100123".into())],
            files: Vec::new(),
        };
        assert_eq!(
            FloodScope::of(&multipart),
            FloodScope::Chat(ChatId::Id(-100123))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_chat_pause_holds_that_chat_and_a_global_pause_holds_all() {
        let cooldowns = Cooldowns::default();
        let a = FloodScope::Chat(ChatId::Id(1));
        let b = FloodScope::Chat(ChatId::Id(2));
        cooldowns.pause(a.clone(), Duration::from_secs(3));
        assert_eq!(cooldowns.remaining(&a), Some(Duration::from_secs(3)));
        assert_eq!(cooldowns.remaining(&b), None);

        // A shorter pause does not cut a longer one short.
        cooldowns.pause(a.clone(), Duration::from_secs(1));
        assert_eq!(cooldowns.remaining(&a), Some(Duration::from_secs(3)));

        cooldowns.pause(FloodScope::Global, Duration::from_secs(5));
        assert_eq!(cooldowns.remaining(&b), Some(Duration::from_secs(5)));

        let start = Instant::now();
        cooldowns.wait(&a).await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        assert_eq!(cooldowns.remaining(&a), None);
        assert!(
            cooldowns.until.lock_unpoisoned().is_empty(),
            "expired pauses are forgotten"
        );
    }
}
