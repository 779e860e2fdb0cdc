//! Handlers for one update kind (chat members, join requests, reactions, polls, payments,
//! boosts, business connections, …) and for any update ([`TypeHandler`]).

use super::parts::{runs_its_callback, setting_methods};
use super::{CheckInfo, Checked, Handler, HandlerFn, SharedHandlerFn};
use crate::extract::kind;
use crate::{Update, UpdateKind};

/// Runs for updates of one kind; each constructor names the kind, and the handler function can
/// take that kind's payload as a parameter (`ChatMemberUpdated`, `PollAnswer`, …).
///
/// ```
/// use telebot::api::ChatMemberUpdated;
/// use telebot::handlers::UpdateKindHandler;
/// async fn greet(change: ChatMemberUpdated) {
///     println!("{} is now {:?}", change.from.first_name, change.new_chat_member);
/// }
/// let handler = UpdateKindHandler::chat_member(greet);
/// ```
pub struct UpdateKindHandler {
    name: &'static str,
    kinds: &'static [&'static str],
    accepts: fn(&UpdateKind) -> bool,
    block: Option<bool>,
    only: Restrictions,
    pattern: Option<regex::Regex>,
    callback: SharedHandlerFn,
}

/// Whose updates a handler takes (PTB's `chat_id`, `chat_username`, `user_id` and `username`
/// arguments): each list that is set must hold the update's chat or user.
#[derive(Default)]
struct Restrictions {
    chat_ids: Option<Vec<i64>>,
    chat_usernames: Option<Vec<String>>,
    user_ids: Option<Vec<i64>>,
    usernames: Option<Vec<String>>,
}

/// A username as compared: without `@`, lowercase.
fn plain(name: &str) -> String {
    name.trim_start_matches('@').to_lowercase()
}

impl Restrictions {
    fn admit(&self, update: &Update) -> bool {
        let chat = update.effective_chat();
        let user = update.effective_user();
        let listed = |list: &Option<Vec<String>>, name: Option<&str>| {
            list.as_ref()
                .is_none_or(|list| name.is_some_and(|n| list.contains(&plain(n))))
        };
        self.chat_ids
            .as_ref()
            .is_none_or(|ids| chat.is_some_and(|c| ids.contains(&c.id)))
            && self
                .user_ids
                .as_ref()
                .is_none_or(|ids| user.is_some_and(|u| ids.contains(&u.id)))
            && listed(
                &self.chat_usernames,
                chat.and_then(|c| c.username.as_deref()),
            )
            && listed(&self.usernames, user.and_then(|u| u.username.as_deref()))
    }
}

mod constructors;

impl UpdateKindHandler {
    /// A handler of the kinds named `kinds` that `accepts` takes; the constructors (one per
    /// kind, generated from the update-kind table) call it.
    fn of_kinds<K, H, A>(
        name: &'static str,
        kinds: &'static [&'static str],
        accepts: fn(&UpdateKind) -> bool,
        handler: H,
    ) -> Self
    where
        H: HandlerFn<K, A>,
    {
        UpdateKindHandler {
            name,
            kinds,
            accepts,
            block: None,
            only: Restrictions::default(),
            pattern: None,
            callback: handler.into_callback(),
        }
    }

    /// Both `chat_member` and `my_chat_member`.
    pub fn any_chat_member<H, A>(handler: H) -> Self
    where
        H: HandlerFn<kind::ChatMember, A>,
    {
        Self::of_kinds(
            "any_chat_member",
            &["chat_member", "my_chat_member"],
            |k| matches!(k, UpdateKind::ChatMember(_) | UpdateKind::MyChatMember(_)),
            handler,
        )
    }
}

impl UpdateKindHandler {
    setting_methods!(block);

    /// Only updates of these chats (by id): a chat member change, a join request, a reaction, a
    /// boost, deleted business messages in one of them.
    pub fn chat_ids(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.only.chat_ids = Some(ids.into_iter().collect());
        self
    }

    /// Only updates of chats with these usernames (`@` optional, any case).
    pub fn chat_usernames<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.only.chat_usernames = Some(names.into_iter().map(|n| plain(n.as_ref())).collect());
        self
    }

    /// Only updates from these users (by id): who changed a member's status, asked to join,
    /// reacted, boosted, bought paid media, owns the business connection.
    pub fn user_ids(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.only.user_ids = Some(ids.into_iter().collect());
        self
    }

    /// Only updates from users with these usernames (`@` optional, any case).
    pub fn usernames<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.only.usernames = Some(names.into_iter().map(|n| plain(n.as_ref())).collect());
        self
    }

    /// Only updates whose text matches `pattern` (the match is the context's `matches`): a
    /// chosen inline result's query, a pre-checkout or shipping query's invoice payload. Other
    /// kinds have no such text, so with a pattern they never match.
    ///
    /// # Panics
    /// When `pattern` is not a valid regex.
    pub fn pattern(mut self, pattern: &str) -> Self {
        let regex = regex::Regex::new(pattern)
            .unwrap_or_else(|e| panic!("UpdateKindHandler::{}: invalid pattern: {e}", self.name));
        self.pattern = Some(regex);
        self
    }
}

impl Handler for UpdateKindHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        if !(self.accepts)(&update.kind) || !self.only.admit(update) {
            return None;
        }
        let mut checked = Checked::default();
        if let Some(pattern) = &self.pattern {
            let text = update.kind.pattern_text()?;
            checked
                .data
                .matches
                .push(crate::filters::RegexMatch::search(pattern, text)?);
        }
        Some(checked)
    }

    runs_its_callback!();

    fn update_kinds(&self) -> Vec<&'static str> {
        self.kinds.to_vec()
    }

    fn describe(&self) -> String {
        format!("UpdateKindHandler::{}", self.name)
    }
}

type Predicate = Box<dyn Fn(&Update) -> bool + Send + Sync>;

/// Runs for any update passing a predicate (PTB's `TypeHandler`), including kinds a newer Bot
/// API adds (`UpdateKind::Unknown`).
pub struct TypeHandler {
    name: String,
    kinds: Vec<&'static str>,
    predicate: Predicate,
    block: Option<bool>,
    callback: SharedHandlerFn,
}

impl TypeHandler {
    /// A handler for every update.
    pub fn any<H, A>(handler: H) -> Self
    where
        H: HandlerFn<kind::Any, A>,
    {
        Self::new("any", |_| true, handler)
    }

    /// A handler for updates passing `predicate`.
    pub fn new<H, A>(
        name: &str,
        predicate: impl Fn(&Update) -> bool + Send + Sync + 'static,
        handler: H,
    ) -> Self
    where
        H: HandlerFn<kind::Any, A>,
    {
        TypeHandler {
            name: name.to_string(),
            kinds: crate::api::ALL_UPDATE_KINDS.to_vec(),
            predicate: Box::new(predicate),
            block: None,
            callback: handler.into_callback(),
        }
    }

    /// A handler for the updates of your own that
    /// [`UpdateQueue::send_custom`](crate::application::UpdateQueue::send_custom) queues with
    /// this `kind`; the payload is in the update (`UpdateKind::Unknown`). It asks Telegram for
    /// no kind of update.
    pub fn custom<H, A>(kind: &str, handler: H) -> Self
    where
        H: HandlerFn<kind::Any, A>,
    {
        let wanted = kind.to_string();
        Self::new(
            kind,
            move |update| matches!(&update.kind, crate::UpdateKind::Unknown(u) if u.kind == wanted),
            handler,
        )
        .update_kinds(&[])
    }

    /// Declares which `allowed_updates` kinds the predicate can accept (default: all).
    pub fn update_kinds(mut self, kinds: &[&'static str]) -> Self {
        self.kinds = kinds.to_vec();
        self
    }

    setting_methods!(block);
}

impl Handler for TypeHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        (self.predicate)(update).then(Checked::default)
    }

    runs_its_callback!();

    fn update_kinds(&self) -> Vec<&'static str> {
        self.kinds.clone()
    }

    fn describe(&self) -> String {
        format!("TypeHandler({})", self.name)
    }
}
