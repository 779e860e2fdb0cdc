//! The test-facing API: [`FakeTelegram`] to start the server, create users and chats,
//! inspect what the bot did and wait for it.

mod answers;
mod chat;
mod user;
mod view;

use std::sync::Arc;
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;

use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use answers::{CallbackAnswer, CallbackQueryHandle, InlineAnswer, InlineQueryHandle};
pub use chat::TestChat;
pub use user::TestUser;
pub use view::{Button, SentMessage};

use super::calls::RecordedCall;
use super::core::Core;
use super::faults::{Fault, FaultHandle};
use super::objects::{fnv1a, token_chars};
use super::server;
use super::state::{ChatKind, Sender, State, UserRec};

/// Something that names a chat: a [`TestUser`] (their private chat with the bot), a
/// [`TestChat`], a [`SentMessage`] (its chat) or a raw chat id.
pub trait AsChat {
    /// The chat id.
    fn chat_id(&self) -> i64;
}

impl AsChat for i64 {
    fn chat_id(&self) -> i64 {
        *self
    }
}

impl AsChat for SentMessage {
    fn chat_id(&self) -> i64 {
        self.chat_id
    }
}

impl<T: AsChat + ?Sized> AsChat for &T {
    fn chat_id(&self) -> i64 {
        (**self).chat_id()
    }
}

/// Settings for a [`FakeTelegram`]; see [`FakeTelegram::builder`].
#[derive(Debug, Clone)]
pub struct FakeTelegramBuilder {
    username: String,
    first_name: String,
    token: Option<String>,
    max_long_poll: Duration,
    expect_timeout: Duration,
}

impl Default for FakeTelegramBuilder {
    fn default() -> Self {
        FakeTelegramBuilder {
            username: "fake_test_bot".into(),
            first_name: "Fake Test Bot".into(),
            token: None,
            max_long_poll: Duration::from_secs(50),
            expect_timeout: Duration::from_secs(5),
        }
    }
}

impl FakeTelegramBuilder {
    /// The bot's `username` (default `fake_test_bot`).
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = username.into();
        self
    }

    /// The bot's `first_name` (default `Fake Test Bot`).
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = first_name.into();
        self
    }

    /// The token the server accepts, `"{bot_id}:{secret}"`; the bot id is taken from it.
    /// By default a realistic token is derived from the username.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The longest a getUpdates call waits, whatever `timeout` it asks for (default 50 s).
    pub fn max_long_poll(mut self, cap: Duration) -> Self {
        self.max_long_poll = cap;
        self
    }

    /// How long `expect_*` methods wait by default (default 5 s).
    pub fn expect_timeout(mut self, timeout: Duration) -> Self {
        self.expect_timeout = timeout;
        self
    }

    /// Binds 127.0.0.1 on a free port and starts serving.
    ///
    /// # Panics
    /// When no local port can be bound.
    pub async fn start(self) -> FakeTelegram {
        let seed = fnv1a(&self.username);
        let default_id = 7_000_000_000 + (seed % 900_000_000) as i64;
        let token = self
            .token
            .unwrap_or_else(|| format!("{default_id}:AA{}", token_chars(seed, 33)));
        let bot_id = token
            .split_once(':')
            .and_then(|(id, _)| id.parse().ok())
            .unwrap_or(default_id);
        let listener = match TcpListener::bind(("127.0.0.1", 0)).await {
            Ok(listener) => listener,
            Err(error) => panic!("FakeTelegram: cannot bind 127.0.0.1: {error}"),
        };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(error) => panic!("FakeTelegram: no local address: {error}"),
        };
        let bot = UserRec {
            id: bot_id,
            is_bot: true,
            first_name: self.first_name,
            last_name: None,
            username: Some(self.username),
            language_code: None,
        };
        let core = Arc::new(Core::new(
            State::new(bot),
            token,
            format!("http://{addr}"),
            self.max_long_poll,
            self.expect_timeout,
        ));
        let server = tokio::spawn(server::serve(listener, core.clone()));
        FakeTelegram {
            shared: Arc::new(Shared { core, server }),
        }
    }
}

#[derive(Debug)]
struct Shared {
    core: Arc<Core>,
    server: JoinHandle<()>,
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.server.abort();
        {
            let mut state = self.core.lock();
            state.webhook = None;
            state.webhook_generation += 1;
        }
        self.core.notify();
    }
}

/// An in-process fake Telegram Bot API server for end-to-end tests.
///
/// Cheap to clone; the server stops when the last clone is dropped.
///
/// ```no_run
/// # async fn demo() {
/// use telebot_testing::FakeTelegram;
/// let tg = FakeTelegram::start().await;
/// let alice = tg.user("alice");
/// alice.send("/start").await;
/// // … run the bot against tg.api_url() with tg.token() …
/// let reply = tg.expect_reply_to(&alice).await;
/// assert!(reply.text().contains("Welcome"));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct FakeTelegram {
    shared: Arc<Shared>,
}

impl FakeTelegram {
    /// Starts a server with default settings.
    pub async fn start() -> FakeTelegram {
        FakeTelegram::builder().start().await
    }

    /// Settings for a server: bot username and name, token, long-poll cap.
    pub fn builder() -> FakeTelegramBuilder {
        FakeTelegramBuilder::default()
    }

    pub(crate) fn core(&self) -> &Arc<Core> {
        &self.shared.core
    }

    /// A [`Bot`](crate::Bot) talking to this server with its token.
    pub fn bot(&self) -> crate::Bot {
        crate::Bot::builder()
            .token(self.token())
            .api_url(self.api_url())
            .build()
            .expect("a bot with a token and a server given builds")
    }

    /// Waits until the bot is idle: every update of a kind it asked for confirmed and a
    /// `getUpdates` waiting. Returns `false` when that did not happen within `timeout`.
    pub async fn wait_until_idle(&self, timeout: Duration) -> bool {
        self.core()
            .wait_for(timeout, |state| {
                // Updates of kinds the bot did not ask for are never delivered: not work left.
                let pending = state.updates.iter().any(|u| state.allowed(&u.kind));
                (!pending && state.polls_waiting > 0).then_some(())
            })
            .await
            .is_some()
    }

    /// The server root, like `http://127.0.0.1:PORT`. Methods are at
    /// `{root}/bot{token}/{method}`, files at `{root}/file/bot{token}/{file_path}`.
    pub fn api_url(&self) -> String {
        self.core().api_url.clone()
    }

    /// The bot token the server accepts.
    pub fn token(&self) -> String {
        self.core().token.clone()
    }

    /// The URL of a method: `{root}/bot{token}/{method}`.
    pub fn method_url(&self, method: &str) -> String {
        format!("{}/bot{}/{method}", self.core().api_url, self.core().token)
    }

    /// The download URL of a `file_path` returned by getFile.
    pub fn file_url(&self, file_path: &str) -> String {
        format!(
            "{}/file/bot{}/{file_path}",
            self.core().api_url,
            self.core().token
        )
    }

    /// The bot's user id.
    pub fn bot_id(&self) -> i64 {
        self.core().lock().bot.id
    }

    /// The bot's username.
    pub fn bot_username(&self) -> String {
        self.core().lock().bot.username.clone().unwrap_or_default()
    }

    /// Changes how long `expect_*` methods wait.
    pub fn set_expect_timeout(&self, timeout: Duration) {
        *self.core().expect_timeout.lock_unpoisoned() = timeout;
    }

    /// The user known by `name`, created on first use with a stable id derived from the
    /// name, `first_name` = the name capitalised, `username` = the name in lower case.
    /// The user has a private chat with the bot (chat id = user id).
    pub fn user(&self, name: &str) -> TestUser {
        let id = self.core().lock().ensure_user(name);
        TestUser::new(self.clone(), id, name)
    }

    fn chat(&self, kind: ChatKind, name: &str) -> TestChat {
        let id = self.core().lock().ensure_chat(kind, name);
        TestChat::new(self.clone(), id)
    }

    /// The basic group titled `name`, created on first use with the bot as a member.
    pub fn group(&self, name: &str) -> TestChat {
        self.chat(ChatKind::Group, name)
    }

    /// The supergroup titled `name`, created on first use with the bot as a member.
    pub fn supergroup(&self, name: &str) -> TestChat {
        self.chat(ChatKind::Supergroup, name)
    }

    /// The channel titled `name` (username derived from it), created on first use with the
    /// bot as an administrator.
    pub fn channel(&self, name: &str) -> TestChat {
        self.chat(ChatKind::Channel, name)
    }

    /// Queues any update object (unknown kinds too). A missing `update_id` is assigned;
    /// returns the `update_id`.
    pub fn push_update(&self, update: Value) -> i64 {
        let id = self.core().lock().push_raw_update(update);
        self.core().notify();
        id
    }

    /// The updates queued and not yet confirmed by the bot (or delivered to its webhook).
    pub fn pending_updates(&self) -> Vec<Value> {
        self.core()
            .lock()
            .updates
            .iter()
            .map(|u| u.json.clone())
            .collect()
    }

    /// Waits until an update of `kind` (such as `pre_checkout_query`) is queued for the bot and
    /// not yet confirmed, and returns its payload (the first such one).
    ///
    /// # Panics
    /// When none is queued within the expectation time-out.
    pub async fn expect_pending_update(&self, kind: &str) -> Value {
        let timeout = self.core().expect_timeout();
        let found = self
            .core()
            .wait_for(timeout, |state| {
                state
                    .updates
                    .iter()
                    .find(|u| u.kind == kind)
                    .and_then(|u| u.json.get(kind).cloned())
            })
            .await;
        match found {
            Some(payload) => payload,
            None => panic!("FakeTelegram: no {kind} update was queued within {timeout:?}"),
        }
    }

    /// Every request the bot made, in order.
    pub fn calls(&self) -> Vec<RecordedCall> {
        self.core().lock().calls.clone()
    }

    /// The requests to one method (matched case-insensitively), in order.
    pub fn calls_to(&self, method: &str) -> Vec<RecordedCall> {
        let state = self.core().lock();
        state
            .calls
            .iter()
            .filter(|c| c.method.eq_ignore_ascii_case(method))
            .cloned()
            .collect()
    }

    /// Waits until `method` has been called at least `count` times in all (calls in flight
    /// included), and returns the number.
    ///
    /// # Panics
    /// When that does not happen within the expectation time-out.
    pub async fn wait_for_calls(&self, method: &str, count: usize) -> usize {
        let timeout = self.core().expect_timeout();
        let found = self
            .core()
            .wait_for(timeout, |state| {
                let n = state
                    .calls
                    .iter()
                    .filter(|c| c.method.eq_ignore_ascii_case(method))
                    .count();
                (n >= count).then_some(n)
            })
            .await;
        found.unwrap_or_else(|| {
            panic!(
                "FakeTelegram: {method} was not called {count} times within {timeout:?}.\n{}",
                self.recent_calls_report()
            )
        })
    }

    /// Waits for the next call to `method` not yet returned by this function, and returns it
    /// once answered.
    ///
    /// # Panics
    /// When no such call is made within the expectation time-out.
    pub async fn expect_call(&self, method: &str) -> RecordedCall {
        let key = method.to_ascii_lowercase();
        let timeout = self.core().expect_timeout();
        let found = self
            .core()
            .wait_for(timeout, |state| {
                let start = state.call_cursor.get(&key).copied().unwrap_or(0);
                let (index, call) = state
                    .calls
                    .iter()
                    .enumerate()
                    .skip(start)
                    .find(|(_, c)| c.method.eq_ignore_ascii_case(method))?;
                let finished = call.status.is_some() || call.fault == Some(Fault::DropConnection);
                if !finished {
                    return None;
                }
                let call = call.clone();
                state.call_cursor.insert(key.clone(), index + 1);
                Some(call)
            })
            .await;
        match found {
            Some(call) => call,
            None => panic!(
                "FakeTelegram: the bot made no {method} call within {timeout:?}.\n{}",
                self.recent_calls_report()
            ),
        }
    }

    /// How many getUpdates calls arrived while another was still open: Telegram ends the
    /// older one with 409 Conflict. Zero for a bot (or a cluster of instances) that polls
    /// from one place at a time.
    pub fn overlapping_polls(&self) -> usize {
        self.core().lock().polls_overlapped
    }

    /// Waits until a getUpdates call is waiting for updates (the bot is idle and polling).
    ///
    /// # Panics
    /// When no long poll is pending within the expectation time-out.
    pub async fn wait_until_polling(&self) {
        let timeout = self.core().expect_timeout();
        let found = self
            .core()
            .wait_for(timeout, |state| (state.polls_waiting > 0).then_some(()))
            .await;
        if found.is_none() {
            panic!(
                "FakeTelegram: no getUpdates call was waiting within {timeout:?}.\n{}",
                self.recent_calls_report()
            );
        }
    }

    /// Enforces Telegram's sending limits from now on (see [`FloodLimits`](super::FloodLimits)): message-posting
    /// calls over a limit are answered 429 with a computed `retry_after` and counted.
    pub fn enforce_flood_limits(&self, limits: super::FloodLimits) {
        self.core().lock().flood = Some(super::flood::FloodSim::new(limits));
    }

    /// What the flood simulator counted (all zero when it is off).
    pub fn flood_stats(&self) -> super::FloodStats {
        self.core()
            .lock()
            .flood
            .as_ref()
            .map(|sim| sim.stats.clone())
            .unwrap_or_default()
    }

    /// Installs a fault, active at once for every call until narrowed:
    /// `tg.fault(Fault::TooManyRequests { retry_after: 1 }).on("sendMessage").times(3)`.
    pub fn fault(&self, fault: Fault) -> FaultHandle {
        FaultHandle::install(self.core().clone(), fault)
    }

    /// Removes every installed fault.
    pub fn clear_faults(&self) {
        self.core().lock().faults.clear();
    }

    /// Waits until a webhook delivery has failed (since the webhook was last set) and returns
    /// the error Telegram would report in `last_error_message`, such as `Wrong response from
    /// the webhook: 503 Service Unavailable`.
    ///
    /// # Panics
    /// When no delivery fails within the expectation time-out.
    pub async fn expect_webhook_error(&self) -> String {
        let timeout = self.core().expect_timeout();
        let found = self
            .core()
            .wait_for(timeout, |state| {
                state.webhook_last_error.as_ref().map(|(_, e)| e.clone())
            })
            .await;
        match found {
            Some(error) => error,
            None => panic!("no webhook delivery failed within {timeout:?}"),
        }
    }

    /// The getWebhookInfo object as the bot would see it now.
    pub fn webhook_info(&self) -> Value {
        let state = self.core().lock();
        super::objects::strip_nulls(super::methods::webhook_info(&state))
    }

    /// The bytes of a stored file.
    pub fn file_bytes(&self, file_id: &str) -> Option<Bytes> {
        self.core()
            .lock()
            .files
            .get(file_id)
            .map(|f| f.bytes.clone())
    }

    /// Every message in a chat (from anyone, deleted ones left out), oldest first.
    pub fn messages_in(&self, chat: impl AsChat) -> Vec<SentMessage> {
        let chat_id = chat.chat_id();
        let state = self.core().lock();
        state.chats.get(&chat_id).map_or_else(Vec::new, |chat| {
            chat.messages
                .iter()
                .filter(|(_, m)| !m.deleted)
                .map(|(id, m)| SentMessage::from_rec(chat_id, *id, m))
                .collect()
        })
    }

    /// The messages the bot sent in a chat (deleted ones included), oldest first.
    pub fn bot_messages_in(&self, chat: impl AsChat) -> Vec<SentMessage> {
        let chat_id = chat.chat_id();
        let state = self.core().lock();
        state.chats.get(&chat_id).map_or_else(Vec::new, |chat| {
            chat.messages
                .iter()
                .filter(|(_, m)| m.from_bot)
                .map(|(id, m)| SentMessage::from_rec(chat_id, *id, m))
                .collect()
        })
    }

    /// The current state of a message (after edits), deleted ones included.
    pub fn message(&self, chat: impl AsChat, message_id: i64) -> Option<SentMessage> {
        let chat_id = chat.chat_id();
        let state = self.core().lock();
        let rec = state.chats.get(&chat_id)?.messages.get(&message_id)?;
        Some(SentMessage::from_rec(chat_id, message_id, rec))
    }

    /// The current state of a message seen before.
    pub fn refresh(&self, message: &SentMessage) -> Option<SentMessage> {
        self.message(message.chat_id, message.message_id)
    }

    /// The reaction the bot set on a message with setMessageReaction (ReactionType objects).
    pub fn bot_reaction(&self, message: &SentMessage) -> Vec<Value> {
        let state = self.core().lock();
        state
            .chats
            .get(&message.chat_id)
            .and_then(|c| c.messages.get(&message.message_id))
            .map(|m| m.bot_reaction.clone())
            .unwrap_or_default()
    }

    /// Waits for the next message the bot sends in `user`'s private chat that no
    /// `expect_*` call returned yet.
    ///
    /// # Panics
    /// On time-out, listing what the bot did send and its recent calls.
    pub async fn expect_reply_to(&self, user: &TestUser) -> SentMessage {
        self.expect_message_in(user).await
    }

    /// Waits for the next message the bot sends in a chat that no `expect_*` call
    /// returned yet.
    ///
    /// # Panics
    /// On time-out, listing what the bot did send and its recent calls.
    pub async fn expect_message_in(&self, chat: impl AsChat) -> SentMessage {
        let timeout = self.core().expect_timeout();
        self.expect_message_within(chat, timeout).await
    }

    /// [`expect_message_in`](Self::expect_message_in) with an explicit time-out.
    ///
    /// # Panics
    /// On time-out, listing what the bot did send and its recent calls.
    pub async fn expect_message_within(&self, chat: impl AsChat, timeout: Duration) -> SentMessage {
        let chat_id = chat.chat_id();
        let found = self
            .core()
            .wait_for(timeout, |state| {
                let chat = state.chats.get(&chat_id)?;
                let (id, rec) = chat
                    .messages
                    .iter()
                    .find(|(id, m)| m.from_bot && !state.consumed.contains(&(chat_id, **id)))?;
                let view = SentMessage::from_rec(chat_id, *id, rec);
                state.consumed.insert((chat_id, view.message_id));
                Some(view)
            })
            .await;
        match found {
            Some(message) => message,
            None => panic!("{}", self.timeout_report(chat_id, timeout)),
        }
    }

    /// Waits until a message seen before is edited (again) and returns its new state.
    ///
    /// # Panics
    /// On time-out.
    pub async fn expect_edit(&self, message: &SentMessage) -> SentMessage {
        let timeout = self.core().expect_timeout();
        let (chat_id, message_id, version) = (message.chat_id, message.message_id, message.version);
        let found = self
            .core()
            .wait_for(timeout, |state| {
                let rec = state.chats.get(&chat_id)?.messages.get(&message_id)?;
                (rec.version > version).then(|| SentMessage::from_rec(chat_id, message_id, rec))
            })
            .await;
        match found {
            Some(message) => message,
            None => panic!(
                "FakeTelegram: message {message_id} in chat {chat_id} was not edited within {timeout:?}.\n{}",
                self.recent_calls_report()
            ),
        }
    }

    /// What the bot sent, for failure messages.
    fn timeout_report(&self, chat_id: i64, timeout: Duration) -> String {
        let state = self.core().lock();
        let mut report = format!(
            "FakeTelegram: timed out after {timeout:?} waiting for a new message from the bot in chat {chat_id}.\n"
        );
        let mut any = false;
        for (id, chat) in &state.chats {
            for (message_id, rec) in chat.messages.iter().filter(|(_, m)| m.from_bot) {
                any = true;
                let consumed = if state.consumed.contains(&(*id, *message_id)) {
                    " [already expected]"
                } else {
                    ""
                };
                let view = SentMessage::from_rec(*id, *message_id, rec);
                report.push_str(&format!("  bot sent {}{consumed}\n", view.describe()));
            }
        }
        if !any {
            report.push_str("  the bot sent no message at all\n");
        }
        drop(state);
        report.push_str(&self.recent_calls_report());
        report
    }

    /// The last calls the bot made, for failure messages.
    pub(crate) fn recent_calls_report(&self) -> String {
        let state = self.core().lock();
        if state.calls.is_empty() {
            return "The bot made no call at all.".into();
        }
        let skip = state.calls.len().saturating_sub(15);
        let mut report = format!(
            "Last {} of {} calls:\n",
            state.calls.len() - skip,
            state.calls.len()
        );
        for call in state.calls.iter().skip(skip) {
            let outcome = match (&call.fault, call.status) {
                (Some(fault), _) => format!("fault {fault:?}"),
                (None, None) => "in flight".into(),
                (None, Some(200)) => "ok".into(),
                (None, Some(status)) => {
                    format!("{status} {}", call.error_description().unwrap_or_default())
                }
            };
            report.push_str(&format!("  {} -> {outcome}\n", call.method));
        }
        report
    }

    /// Stores a message from a user (or a channel) and queues its update.
    pub(crate) fn user_message(
        &self,
        sender: Sender,
        chat_id: i64,
        content: Map<String, Value>,
    ) -> SentMessage {
        let view = {
            let mut state = self.core().lock();
            let kind = match state.chats.get(&chat_id).map(|c| c.kind) {
                Some(ChatKind::Channel) => "channel_post",
                Some(_) => "message",
                None => panic!("FakeTelegram: no chat {chat_id}"),
            };
            let message_id = match state.add_message(chat_id, sender, content, None) {
                Ok(id) => id,
                Err(error) => panic!("FakeTelegram: cannot add a message: {}", error.description),
            };
            let json = state
                .message_json(chat_id, message_id)
                .unwrap_or(Value::Null);
            state.push_update(kind, json);
            let rec = state
                .chats
                .get(&chat_id)
                .and_then(|c| c.messages.get(&message_id));
            match rec {
                Some(rec) => SentMessage::from_rec(chat_id, message_id, rec),
                None => panic!("FakeTelegram: message {message_id} vanished"),
            }
        };
        self.core().notify();
        view
    }
}
