//! Filters: which updates a handler should see, in the style of python-telegram-bot's
//! `telegram.ext.filters`.
//!
//! A filter is anything that implements [`Filter`]. Every constructor in this module returns
//! an [`SharedFilter`], a cheap-to-clone shared handle that combines with the usual operators:
//!
//! | expression | passes when | data ([`FilterData`]) kept |
//! |---|---|---|
//! | `a & b` | both pass (`b` is not checked when `a` fails) | both sides', only when both pass |
//! | `a \| b` | either passes (`b` is not checked when `a` passes) | the first passing side's |
//! | `a ^ b` | exactly one passes (both are always checked) | the passing side's |
//! | `!a` | `a` fails | none |
//!
//! The operators work on `SharedFilter` and on `&SharedFilter`, so one filter can be reused in several expressions.
//!
//! ```
//! use telebot::filters::{self, SharedFilter};
//!
//! let plain_text: SharedFilter = filters::text() & !filters::command();
//! let in_groups = filters::chat_type::groups() & (filters::media::photo() | filters::media::video());
//! assert_eq!(plain_text.describe(), "text & !command");
//! assert_eq!(
//!     in_groups.describe(),
//!     "chat_type::groups & (media::photo | media::video)"
//! );
//! ```
//!
//! # Which updates message filters look at
//!
//! Except for the [`update`] kind filters and [`all`]/[`custom`], every filter here is a
//! *message filter*: it looks at the message an update carries and fails for updates that
//! carry none. Those are the kinds whose payload is a message (new and edited messages, channel
//! posts, business messages, guest messages: [`UpdateKind::carried_message`](crate::UpdateKind::carried_message));
//! the same as [`Update::effective_message`] minus callback queries, whose message is the bot's own
//! earlier message and not something a user just sent (as in python-telegram-bot). Combine
//! with an [`update`] filter to narrow the kinds: `filters::update::message() & filters::text()`.
//!
//! `!` is plain logical negation, so `!filters::text()` passes updates that carry no message at
//! all (a callback query, say). That is harmless under a message handler, which only sees
//! message updates; elsewhere write `filters::update::messages() & !filters::text()`.
//!
//! # Naming
//!
//! Filters that apply to any message live at the top level (`filters::text()`,
//! `filters::forwarded()`); families with several members get a module named after the
//! message field or concept they test, with the members as functions (`filters::media::photo()`,
//! `filters::chat_type::private()`, `filters::status_update::new_chat_members()`,
//! `filters::document::mime_type("application/pdf")`). Filters that hold a set which can change
//! while the bot runs are types ([`Chats`], [`Users`], [`SenderChats`], [`ViaBots`]) with a
//! `filter()` method. [`SharedFilter::describe`] returns the same path, so logs read like the code.
//!
//! # All filters
//!
//! | filter | passes for messages that … |
//! |---|---|
//! | [`all()`] | (any update at all) |
//! | [`custom(name, fn)`](custom) | (any update the function accepts) |
//! | [`custom_message(name, fn)`](custom_message) | … the function accepts |
//! | [`text()`] / [`text_in(["a", "b"])`](text_in) | have text / have exactly one of these texts |
//! | [`caption()`] / [`caption_in([..])`](caption_in) | have a caption / exactly one of these |
//! | [`command()`] | start with a `/command` (a `bot_command` entity at offset 0) |
//! | [`command_anywhere()`] | contain a `bot_command` entity anywhere in the text |
//! | [`regex(pattern)`](regex()) / [`try_regex`] | have text the pattern matches (records the match) |
//! | [`caption_regex(pattern)`](caption_regex) / [`try_caption_regex`] | have a caption the pattern matches (records the match) |
//! | [`entities(kind)`](entities) / [`caption_entities(kind)`](caption_entities) | have an entity of that [`MessageEntityType`](crate::MessageEntityType) in the text / caption |
//! | [`chat_type::private()`], [`group()`](chat_type::group), [`supergroup()`](chat_type::supergroup), [`groups()`](chat_type::groups), [`channel()`](chat_type::channel) | were sent in a chat of that type |
//! | [`chat::is_forum()`] | were sent in a forum supergroup |
//! | [`Chats::new([ids])`](Chats) | were sent in one of these chats (ids or usernames, changeable at run time) |
//! | [`Users::new([ids])`](Users) | were sent by one of these users (changeable at run time) |
//! | [`SenderChats::new([ids])`](SenderChats) | were sent on behalf of one of these chats (changeable at run time) |
//! | [`ViaBots::new([ids])`](ViaBots) | were sent via one of these inline bots (changeable at run time) |
//! | [`user::is_bot()`], [`user::is_premium()`] | were sent by a bot / a Telegram Premium user |
//! | [`language("en")`](language) / [`languages([..])`](languages) | were sent by a user whose language code starts with one of these |
//! | [`media::photo()`], [`video()`](media::video), [`audio()`](media::audio), [`voice()`](media::voice), [`video_note()`](media::video_note), [`animation()`](media::animation), [`live_photo()`](media::live_photo), [`sticker()`](media::sticker), [`document()`](media::document), [`story()`](media::story), [`paid_media()`](media::paid_media) | carry that kind of file |
//! | [`media::location()`], [`venue()`](media::venue), [`contact()`](media::contact), [`poll()`](media::poll), [`dice()`](media::dice), [`game()`](media::game), [`invoice()`](media::invoice), [`successful_payment()`](media::successful_payment), [`checklist()`](media::checklist), [`giveaway()`](media::giveaway), [`giveaway_winners()`](media::giveaway_winners) | carry that kind of content |
//! | [`media::any()`] | carry any of the `media::` kinds above |
//! | [`media::has_media_spoiler()`] | have their media covered by a spoiler |
//! | [`sticker::all()`], [`is_static()`](sticker::is_static), [`is_animated()`](sticker::is_animated), [`is_video()`](sticker::is_video), [`regular()`](sticker::regular), [`mask()`](sticker::mask), [`custom_emoji()`](sticker::custom_emoji), [`premium()`](sticker::premium) | carry a sticker of that format or type |
//! | [`document::all()`], [`mime_type(..)`](document::mime_type), [`mime_prefix(..)`](document::mime_prefix), [`extension(..)`](document::extension) | carry a document (of that MIME type, MIME prefix or file extension) |
//! | [`dice::all()`], [`emoji(..)`](dice::emoji), [`values([..])`](dice::values), [`emoji_values(.., [..])`](dice::emoji_values) | carry a dice (with that emoji and/or value) |
//! | [`forwarded()`], [`reply()`], [`quote()`], [`is_automatic_forward()`], [`is_topic_message()`], [`has_protected_content()`], [`is_from_offline()`], [`via_bot()`], [`sender_chat()`], [`sender_boost_count()`] | have that field set |
//! | [`status_update::any()`] and one function per service message (`new_chat_members()`, `chat_created()`, `migrate()`, `pinned_message()`, forum topic, video chat, giveaway, sharing and payment events, …) | are that service message |
//! | [`update::message()`], [`edited_message()`](update::edited_message), [`channel_post()`](update::channel_post), [`edited_channel_post()`](update::edited_channel_post), [`business_message()`](update::business_message), [`edited_business_message()`](update::edited_business_message), [`guest_message()`](update::guest_message), [`messages()`](update::messages), [`channel_posts()`](update::channel_posts), [`business_messages()`](update::business_messages), [`edited()`](update::edited) | (are updates of that kind) |
//!
//! # Writing a filter
//!
//! For a one-off test use [`custom`] or [`custom_message`]. A type that implements [`Filter`]
//! can also record data for the handler (as the regex filters do) and is wrapped with
//! [`SharedFilter::new`]:
//!
//! ```
//! use telebot::filters::{SharedFilter, Filter, FilterData, RegexMatch};
//! use telebot::Update;
//!
//! /// Passes for texts that end with a question mark and records the question.
//! struct Question;
//!
//! impl Filter for Question {
//!     fn check(&self, update: &Update, data: &mut FilterData) -> bool {
//!         let Some(text) = update.effective_message().and_then(|m| m.text.as_deref()) else {
//!             return false;
//!         };
//!         let question = text.trim_end();
//!         if !question.ends_with('?') {
//!             return false;
//!         }
//!         data.matches.push(RegexMatch::new(vec![Some(question.to_string())], Default::default()));
//!         true
//!     }
//!
//!     fn describe(&self) -> String {
//!         "question".into()
//!     }
//! }
//!
//! let question = SharedFilter::new(Question);
//! let update: Update = serde_json::from_str(r#"{"update_id": 1, "message": {"message_id": 1,
//!     "date": 1, "chat": {"id": 1, "type": "private"}, "text": "Lunch? "}}"#).unwrap();
//! let mut data = FilterData::default();
//! assert!(question.check(&update, &mut data));
//! assert_eq!(data.matches[0].get(0), Some("Lunch?"));
//! ```

mod combinators;
mod custom;
mod entities;
mod ids;
mod message;
mod pattern;
#[cfg(test)]
mod test_support;
mod text;

pub mod chat;
pub mod chat_type;
pub mod dice;
pub mod document;
pub mod media;
pub mod status_update;
pub mod sticker;
pub mod update;
pub mod user;

pub use chat::{Chats, ForwardedFrom, SenderChats};
pub use custom::{all, custom, custom_message, custom_with};
pub use entities::{caption_entities, entities};
pub use message::{
    direct_messages, effect_id, forwarded, has_protected_content, is_automatic_forward,
    is_from_offline, is_topic_message, passport_data, quote, reply, reply_to_story,
    sender_boost_count, sender_chat, sender_chat_channel, sender_chat_supergroup,
    successful_payment_of, suggested_post_info, user, via_bot,
};
pub use pattern::{IntoRegex, caption_regex, regex, try_caption_regex, try_regex};
pub use text::{caption, caption_in, command, command_anywhere, text, text_in};
pub use user::{Mentions, Users, ViaBots, language, languages, user_attachment};

use crate::Update;
use crate::api::Message;
use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// What filters found while checking an update: regex captures, and typed values a filter
/// hands to the handler (PTB's data filters), both read by the handler's context.
#[derive(Default, Clone)]
pub struct FilterData {
    /// The regex matches, in the order the filters that found them were checked.
    pub matches: Vec<RegexMatch>,
    /// Values by type, for the [`Found<T>`](crate::extract::Found) extractor.
    values: Vec<Arc<dyn std::any::Any + Send + Sync>>,
}

impl std::fmt::Debug for FilterData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterData")
            .field("matches", &self.matches)
            .field("values", &self.values.len())
            .finish()
    }
}

impl FilterData {
    /// No data yet.
    pub fn new() -> FilterData {
        FilterData::default()
    }

    /// Whether no filter recorded anything.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty() && self.values.is_empty()
    }

    /// Hands `value` to the handler, which takes it as a [`Found<T>`](crate::extract::Found)
    /// parameter; a later value of the same type replaces it.
    pub fn insert<T: std::any::Any + Send + Sync>(&mut self, value: T) {
        self.values.retain(|v| !v.is::<T>());
        self.values.push(Arc::new(value));
    }

    /// The value of type `T` a filter handed over, if any.
    pub fn get<T: std::any::Any + Send + Sync>(&self) -> Option<&T> {
        self.values.iter().rev().find_map(|v| v.downcast_ref::<T>())
    }

    /// Moves everything `other` holds to the end of `self`.
    pub fn append(&mut self, mut other: FilterData) {
        self.matches.append(&mut other.matches);
        self.values.append(&mut other.values);
    }

    /// The typed values, shared with the handler's context.
    pub(crate) fn into_values(self) -> Vec<Arc<dyn std::any::Any + Send + Sync>> {
        self.values
    }
}

/// One regex match: positional groups (0 = whole match) and named groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegexMatch {
    groups: Vec<Option<String>>,
    named: BTreeMap<String, String>,
}

impl RegexMatch {
    /// A match from its parts: positional groups (0 = whole match, `None` for groups that did
    /// not take part) and named groups that did take part.
    pub fn new(groups: Vec<Option<String>>, named: BTreeMap<String, String>) -> RegexMatch {
        RegexMatch { groups, named }
    }

    /// The first match of `regex` in `haystack`, with its groups, or `None`.
    ///
    /// ```
    /// use telebot::filters::RegexMatch;
    /// let re = regex::Regex::new(r"(?<day>\d+)/(\d+)").unwrap();
    /// let m = RegexMatch::search(&re, "on 24/12, then 31/12").unwrap();
    /// assert_eq!(m.get(0), Some("24/12"));
    /// assert_eq!(m.get(2), Some("12"));
    /// assert_eq!(m.name("day"), Some("24"));
    /// ```
    pub fn search(regex: &::regex::Regex, haystack: &str) -> Option<RegexMatch> {
        let captures = regex.captures(haystack)?;
        let groups = captures
            .iter()
            .map(|g| g.map(|g| g.as_str().to_string()))
            .collect();
        let named = regex
            .capture_names()
            .flatten()
            .filter_map(|name| {
                let group = captures.name(name)?;
                Some((name.to_string(), group.as_str().to_string()))
            })
            .collect();
        Some(RegexMatch { groups, named })
    }

    /// Group `i` (0 is the whole match); `None` when out of range or when the group did not
    /// take part in the match.
    pub fn get(&self, i: usize) -> Option<&str> {
        self.groups.get(i)?.as_deref()
    }

    /// The named group `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<&str> {
        self.named.get(name).map(String::as_str)
    }

    /// The whole match (group 0); empty for a match built without groups.
    pub fn as_str(&self) -> &str {
        self.get(0).unwrap_or("")
    }

    /// The number of positional groups, including group 0.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether the match has no groups at all (never the case for one found by a regex).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The positional groups.
    pub fn as_slice(&self) -> &[Option<String>] {
        &self.groups
    }

    /// The positional groups, as `&str`s.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.groups.iter().map(Option::as_deref)
    }

    /// The named groups that took part in the match, by name.
    pub fn named(&self) -> &BTreeMap<String, String> {
        &self.named
    }
}

/// A test on an update. Implement it for your own filters and wrap them with [`SharedFilter::new`].
pub trait Filter: Send + Sync + 'static {
    /// Whether the update passes; may record data (regex matches) in `data`.
    fn check(&self, update: &Update, data: &mut FilterData) -> bool;
    /// A short human-readable description for logs ("text & !command").
    fn describe(&self) -> String;
}

/// How tightly a `SharedFilter`'s top-level operator binds, to print parentheses only where needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Prec {
    Or,
    Xor,
    And,
    Atom,
}

/// A shareable, composable filter: `SharedFilter` is `Clone` (an `Arc` inside) and supports `&`, `|`, `^`
/// and `!` (see the [module documentation](self) for their semantics).
#[derive(Clone)]
pub struct SharedFilter {
    inner: Arc<dyn Filter>,
    prec: Prec,
}

impl SharedFilter {
    /// Wraps a filter. Wrapping a `SharedFilter` returns (a clone of) that `SharedFilter`.
    pub fn new(filter: impl Filter) -> SharedFilter {
        if let Some(f) = (&filter as &dyn Any).downcast_ref::<SharedFilter>() {
            return f.clone();
        }
        SharedFilter {
            inner: Arc::new(filter),
            prec: Prec::Atom,
        }
    }

    pub(crate) fn with_prec(filter: impl Filter, prec: Prec) -> SharedFilter {
        SharedFilter {
            inner: Arc::new(filter),
            prec,
        }
    }

    /// Whether the update passes; regex matches are appended to `data`.
    pub fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        self.inner.check(update, data)
    }

    /// Whether the update passes, ignoring any data the filter records.
    pub fn matches(&self, update: &Update) -> bool {
        self.inner.check(update, &mut FilterData::default())
    }

    /// A short description, e.g. `"text & !command"`.
    pub fn describe(&self) -> String {
        self.inner.describe()
    }

    /// The description, in parentheses when `outer` binds tighter than this filter's operator.
    pub(crate) fn describe_in(&self, outer: Prec) -> String {
        if self.prec < outer {
            format!("({})", self.describe())
        } else {
            self.describe()
        }
    }
}

impl Filter for SharedFilter {
    fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        SharedFilter::check(self, update, data)
    }

    fn describe(&self) -> String {
        SharedFilter::describe(self)
    }
}

impl fmt::Debug for SharedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedFilter")
            .field(&self.describe())
            .finish()
    }
}

impl fmt::Display for SharedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// The message a message filter looks at: the payload of the message-carrying update kinds.
pub(crate) fn message_of(update: &Update) -> Option<&Message> {
    update.carried_message()
}

#[cfg(test)]
mod tests {
    use super::test_support::update;
    use super::*;
    use serde_json::json;

    #[test]
    fn message_filters_see_every_message_kind_but_not_callback_queries() {
        let text = text();
        for &kind in telebot_syntax::update_kinds::MESSAGE_KINDS {
            let u = update(kind, json!({"text": "hi"}));
            assert!(text.matches(&u), "{kind}");
        }
        let callback = update(
            "callback_query",
            json!({"id": "1", "from": {"id": 1, "is_bot": false, "first_name": "A"},
                   "chat_instance": "x",
                   "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"},
                               "text": "hi"}}),
        );
        assert!(callback.effective_message().is_some());
        assert!(!text.matches(&callback));
    }

    #[test]
    fn filters_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
        let f = text() & !command();
        shareable(&f);
        let u = update("message", json!({"text": "hi"}));
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..4).map(|_| s.spawn(|| f.matches(&u))).collect();
            assert!(handles.into_iter().all(|h| h.join().unwrap()));
        });
    }

    #[test]
    fn wrapping_an_f_does_not_nest_it() {
        let a = text() | caption();
        let b = SharedFilter::new(a.clone());
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
        assert_eq!((b & command()).describe(), "(text | caption) & command");
    }

    #[test]
    fn regex_match_accessors() {
        let re = ::regex::Regex::new(r"(?<word>[a-z]+)(\d)?").unwrap();
        let m = RegexMatch::search(&re, "-- abc").unwrap();
        assert_eq!(m.len(), 3);
        assert!(!m.is_empty());
        assert_eq!(m.as_str(), "abc");
        assert_eq!(m.get(1), Some("abc"));
        assert_eq!(m.get(2), None);
        assert_eq!(m.get(3), None);
        assert_eq!(m.name("word"), Some("abc"));
        assert_eq!(m.name("nope"), None);
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            [Some("abc"), Some("abc"), None]
        );
        assert_eq!(m.as_slice()[0].as_deref(), Some("abc"));
        assert_eq!(m.named().len(), 1);
        assert!(RegexMatch::search(&re, "123").is_none());
    }
}
