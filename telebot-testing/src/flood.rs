//! The flood simulator: Telegram's sending limits enforced as strict sliding windows, answering
//! `429 Too Many Requests` with a computed `retry_after` and counting every violation.
//!
//! Telegram's limits are on messages a bot posts: about 30 a second in all, one a second in a
//! chat (with short bursts), 20 a minute in a group. What counts is decided here, from the Bot
//! API's documentation of each method, and on purpose not from the client's rate limiter: a
//! method the limiter forgets to pace is then still counted, and a test of it fails.
//!
//! Counted are the calls that post new messages ([`MESSAGE_POSTING_METHODS`]), each counting
//! as many messages as it posts: an album (`sendMediaGroup`) one per item, `forwardMessages` and
//! `copyMessages` one per message id; the Bot API returns one `Message` or `MessageId` per
//! message so posted, and prices paid broadcasts (`allow_paid_broadcast`, which lifts these
//! limits) per message. Edits, chat actions, drafts and answers to queries post no new message
//! and are not counted ([`NOT_MESSAGE_POSTING`]). Each counted call is checked against the
//! global window and its chat's window (private chats and groups have different ones; channels
//! count as groups); `@username` and the numeric id are the same chat. A call posting more
//! messages than a window holds fits only an empty window (Telegram takes a whole album at
//! once). A refused call has no effect and does not use up the windows.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use tokio::time::Instant;

pub use crate::ratelimit::Window;

use super::core::Core;
use super::request::Params;
use super::state::ChatKind;

/// The limits the simulator enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimits {
    /// Across all chats.
    pub global: Window,
    /// Per private chat.
    pub private_chat: Window,
    /// Per group, supergroup or channel.
    pub group: Window,
}

impl FloodLimits {
    /// Telegram's published limits, read strictly: 30 messages a second in all, a private chat
    /// one a second with bursts of 3 (3 in any 3 s), a group 20 a minute.
    pub const fn telegram() -> FloodLimits {
        FloodLimits {
            global: Window::new(30, Duration::from_secs(1)),
            private_chat: Window::new(3, Duration::from_secs(3)),
            group: Window::new(20, Duration::from_secs(60)),
        }
    }

    /// The same counts in windows `factor` times shorter: the limits of a faster world, for
    /// tests that would otherwise take minutes.
    pub fn time_scaled(self, factor: u32) -> FloodLimits {
        let scale = |w: Window| Window::new(w.max, w.per / factor.max(1));
        FloodLimits {
            global: scale(self.global),
            private_chat: scale(self.private_chat),
            group: scale(self.group),
        }
    }
}

/// What the simulator saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FloodStats {
    /// Counted calls let through.
    pub accepted: u64,
    /// Counted calls refused with 429.
    pub violations: u64,
    /// Refusals because of the global window.
    pub global_violations: u64,
    /// Refusals because of a chat's window, by chat id.
    pub chat_violations: BTreeMap<i64, u64>,
    /// Accepted calls by chat id.
    pub accepted_by_chat: BTreeMap<i64, u64>,
}

/// The simulator's state.
#[derive(Debug)]
pub(crate) struct FloodSim {
    limits: FloodLimits,
    global: VecDeque<Instant>,
    chats: HashMap<i64, VecDeque<Instant>>,
    pub(crate) stats: FloodStats,
}

/// Methods that post new messages to a chat, with the parameter whose items are each a message
/// (`None`: one message per call). Read from the Bot API's documentation: each returns the
/// posted `Message`, or its `MessageId`, or an array of them.
pub const MESSAGE_POSTING_METHODS: &[(&str, Option<&str>)] = &[
    ("sendMessage", None),
    ("sendRichMessage", None),
    ("sendPhoto", None),
    ("sendLivePhoto", None),
    ("sendAudio", None),
    ("sendDocument", None),
    ("sendVideo", None),
    ("sendAnimation", None),
    ("sendVoice", None),
    ("sendVideoNote", None),
    ("sendPaidMedia", None),
    ("sendMediaGroup", Some("media")),
    ("sendLocation", None),
    ("sendVenue", None),
    ("sendContact", None),
    ("sendPoll", None),
    ("sendChecklist", None),
    ("sendDice", None),
    ("sendSticker", None),
    ("sendInvoice", None),
    ("sendGame", None),
    ("forwardMessage", None),
    ("forwardMessages", Some("message_ids")),
    ("copyMessage", None),
    ("copyMessages", Some("message_ids")),
];

/// Methods whose name or result looks like posting and that were reviewed as posting no new
/// message of the bot in a chat: edits (they return the edited message), a chat action, drafts
/// (ephemeral previews), a read, a gift (Telegram's own service message), and a join-request
/// Mini App. A method a newer Bot API adds that sends or returns messages must be put on one of
/// the two lists; a test of this crate fails until it is.
pub const NOT_MESSAGE_POSTING: &[&str] = &[
    "editMessageCaption",
    "editMessageChecklist",
    "editMessageLiveLocation",
    "editMessageMedia",
    "editMessageReplyMarkup",
    "editMessageText",
    "stopMessageLiveLocation",
    "setGameScore",
    "sendChatAction",
    "sendMessageDraft",
    "sendRichMessageDraft",
    "getUserPersonalChatMessages",
    "sendGift",
    "sendChatJoinRequestWebApp",
];

/// How many messages a call to `method` (canonical name) posts, by Telegram's rules; 0 for a
/// call that posts none. An item list that is missing or not an array counts as one message.
pub(crate) fn messages_posted(method: &str, params: &Params) -> u32 {
    let Some((_, items)) = MESSAGE_POSTING_METHODS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(method))
    else {
        return 0;
    };
    let listed = items
        .and_then(|name| params.map.get(name))
        .and_then(serde_json::Value::as_array)
        .map(Vec::len);
    match listed {
        Some(n) => u32::try_from(n.max(1)).unwrap_or(u32::MAX),
        None => 1,
    }
}

/// Drops the times that left the window; the wait until `n` more messages fit, if they do not.
/// More than the window holds fit only an empty window.
fn wait_for(log: &mut VecDeque<Instant>, window: Window, n: u32, now: Instant) -> Option<Duration> {
    while log
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= window.per)
    {
        log.pop_front();
    }
    let max = window.max as usize;
    let room = max.saturating_sub(log.len());
    if n as usize <= room || log.is_empty() {
        return None;
    }
    // Enough of the oldest messages have to leave the window before `n` more fit (all of
    // them, for a call larger than the window).
    let leaving = (n as usize - room).min(log.len());
    let last_to_leave = log[leaving - 1];
    Some((last_to_leave + window.per).saturating_duration_since(now))
}

impl FloodSim {
    pub(crate) fn new(limits: FloodLimits) -> FloodSim {
        FloodSim {
            limits,
            global: VecDeque::new(),
            chats: HashMap::new(),
            stats: FloodStats::default(),
        }
    }

    /// Lets a call posting one message to `chat` through, or says how many whole seconds to
    /// wait.
    #[cfg(test)]
    pub(crate) fn admit(&mut self, chat: Option<(i64, ChatKind)>, now: Instant) -> Result<(), u32> {
        self.admit_messages(chat, 1, now)
    }

    /// Lets a call posting `n` messages to `chat` through, or says how many whole seconds to
    /// wait. `accepted` counts messages; `violations` counts refused calls.
    pub(crate) fn admit_messages(
        &mut self,
        chat: Option<(i64, ChatKind)>,
        n: u32,
        now: Instant,
    ) -> Result<(), u32> {
        let global_wait = wait_for(&mut self.global, self.limits.global, n, now);
        let chat_wait = chat.and_then(|(id, kind)| {
            let window = match kind {
                ChatKind::Private => self.limits.private_chat,
                _ => self.limits.group,
            };
            wait_for(self.chats.entry(id).or_default(), window, n, now)
        });
        if global_wait.is_none() && chat_wait.is_none() {
            for _ in 0..n {
                self.global.push_back(now);
            }
            if let Some((id, _)) = chat {
                let log = self.chats.entry(id).or_default();
                for _ in 0..n {
                    log.push_back(now);
                }
                *self.stats.accepted_by_chat.entry(id).or_default() += u64::from(n);
            }
            self.stats.accepted += u64::from(n);
            return Ok(());
        }
        self.stats.violations += 1;
        match (chat, chat_wait) {
            (Some((id, _)), Some(_)) => *self.stats.chat_violations.entry(id).or_default() += 1,
            _ => self.stats.global_violations += 1,
        }
        let wait = global_wait.max(chat_wait).unwrap_or_default();
        Err(whole_seconds(wait))
    }
}

/// The `retry_after` for a call the simulator refuses, if it is on and refuses it.
pub(crate) fn refusal(core: &Core, method: &str, params: &Params) -> Option<u32> {
    let n = messages_posted(method, params);
    if n == 0 {
        return None;
    }
    let mut state = core.lock();
    let chat = state
        .resolve_chat(params.map.get("chat_id"), "chat_id")
        .ok()
        .and_then(|id| state.chat(id).ok().map(|chat| (id, chat.kind)));
    let sim = state.flood.as_mut()?;
    sim.admit_messages(chat, n, Instant::now()).err()
}

/// Telegram announces whole seconds, at least one.
fn whole_seconds(wait: Duration) -> u32 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.clamp(1, u64::from(u32::MAX)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: Instant, ms: u64) -> Instant {
        start + Duration::from_millis(ms)
    }

    #[test]
    fn a_private_chat_gets_three_in_any_three_seconds() {
        let mut sim = FloodSim::new(FloodLimits::telegram());
        let t = Instant::now();
        let chat = Some((1, ChatKind::Private));
        for ms in [0, 10, 20] {
            assert_eq!(sim.admit(chat, at(t, ms)), Ok(()));
        }
        assert_eq!(
            sim.admit(chat, at(t, 1500)),
            Err(2),
            "1.5 s until the first leaves"
        );
        assert_eq!(sim.admit(Some((2, ChatKind::Private)), at(t, 1500)), Ok(()));
        assert_eq!(sim.admit(chat, at(t, 3000)), Ok(()));
        assert_eq!(sim.stats.violations, 1);
        assert_eq!(sim.stats.chat_violations.get(&1), Some(&1));
        assert_eq!(sim.stats.accepted, 5);
    }

    #[test]
    fn groups_get_twenty_a_minute_and_everyone_thirty_a_second() {
        let mut sim = FloodSim::new(FloodLimits::telegram());
        let t = Instant::now();
        let group = Some((-5, ChatKind::Supergroup));
        for n in 0..20 {
            assert_eq!(sim.admit(group, at(t, n * 100)), Ok(()));
        }
        assert_eq!(sim.admit(group, at(t, 30_000)), Err(30));
        let mut refused_globally = 0;
        for n in 0..40 {
            if sim
                .admit(Some((100 + n, ChatKind::Private)), at(t, 40_000))
                .is_err()
            {
                refused_globally += 1;
            }
        }
        assert_eq!(refused_globally, 10);
        assert_eq!(sim.stats.global_violations, 10);
    }

    fn params(json: serde_json::Value) -> Params {
        Params {
            map: json.as_object().cloned().unwrap_or_default(),
            files: Vec::new(),
        }
    }

    #[test]
    fn calls_count_the_messages_they_post() {
        let none = params(serde_json::json!({"chat_id": 1}));
        assert_eq!(messages_posted("sendMessage", &none), 1);
        assert_eq!(messages_posted("sendmessage", &none), 1);
        assert_eq!(messages_posted("sendPaidMedia", &none), 1);
        assert_eq!(messages_posted("forwardMessage", &none), 1);
        for quiet in [
            "sendChatAction",
            "editMessageText",
            "getMe",
            "answerCallbackQuery",
        ] {
            assert_eq!(messages_posted(quiet, &none), 0, "{quiet}");
        }
        let album = params(serde_json::json!({"media": [{}, {}, {}]}));
        assert_eq!(messages_posted("sendMediaGroup", &album), 3);
        let ids = params(serde_json::json!({"message_ids": [1, 2, 3, 4]}));
        assert_eq!(messages_posted("forwardMessages", &ids), 4);
        assert_eq!(messages_posted("copyMessages", &ids), 4);
    }

    /// Every method of the spec that sends, forwards or copies was reviewed: it is on exactly one of the two lists; and both lists name real methods.
    #[test]
    fn every_method_that_may_post_was_reviewed() {
        let posting: Vec<&str> = MESSAGE_POSTING_METHODS.iter().map(|(m, _)| *m).collect();
        for name in posting.iter().chain(NOT_MESSAGE_POSTING) {
            assert!(
                telebot_api::api::METHOD_NAMES.contains(name),
                "{name} is not a method of the Bot API"
            );
        }
        for name in telebot_api::api::METHOD_NAMES {
            let sends = ["send", "forward", "copy"]
                .iter()
                .any(|p| name.starts_with(p));
            let on_posting = posting.contains(name);
            let on_quiet = NOT_MESSAGE_POSTING.contains(name);
            assert!(
                !sends || on_posting || on_quiet,
                "{name} may post messages: put it on MESSAGE_POSTING_METHODS or NOT_MESSAGE_POSTING"
            );
            assert!(!(on_posting && on_quiet), "{name} is on both lists");
            assert!(
                !(on_posting && name.starts_with("edit")),
                "{name} is an edit"
            );
        }
    }

    #[test]
    fn an_album_takes_one_place_per_item_and_a_large_one_needs_an_empty_window() {
        let mut sim = FloodSim::new(FloodLimits::telegram());
        let t = Instant::now();
        let chat = Some((1, ChatKind::Private));
        assert_eq!(sim.admit_messages(chat, 2, at(t, 0)), Ok(()));
        assert_eq!(
            sim.admit_messages(chat, 2, at(t, 500)),
            Err(3),
            "3 s until both leave"
        );
        assert_eq!(sim.admit(chat, at(t, 500)), Ok(()), "one more fits");
        assert_eq!(
            sim.admit_messages(chat, 10, at(t, 3500)),
            Ok(()),
            "the window emptied"
        );
        assert_eq!(sim.admit(chat, at(t, 4000)), Err(3));
        assert_eq!(sim.stats.accepted, 13);
        assert_eq!(sim.stats.violations, 2);
    }

    #[test]
    fn scaled_limits_keep_their_counts() {
        let fast = FloodLimits::telegram().time_scaled(10);
        assert_eq!(fast.group, Window::new(20, Duration::from_secs(6)));
        assert_eq!(fast.global, Window::new(30, Duration::from_millis(100)));
    }
}
