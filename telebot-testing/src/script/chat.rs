//! [`TestChat`]: a group, supergroup or channel of the fake Telegram.

use serde_json::{Map, Value, json};

use super::user::TestUser;
use super::view::SentMessage;
use super::{AsChat, FakeTelegram};
use crate::state::{ChatKind, MemberStatus, Sender};

/// A chat created with [`FakeTelegram::group`], [`supergroup`](FakeTelegram::supergroup)
/// or [`channel`](FakeTelegram::channel) (or a private chat, via its id).
#[derive(Debug, Clone)]
pub struct TestChat {
    tg: FakeTelegram,
    id: i64,
}

impl AsChat for TestChat {
    fn chat_id(&self) -> i64 {
        self.id
    }
}

impl TestChat {
    pub(crate) fn new(tg: FakeTelegram, id: i64) -> TestChat {
        TestChat { tg, id }
    }

    /// The chat id (negative for groups, `-100…` for supergroups and channels).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The kind of chat.
    pub fn kind(&self) -> ChatKind {
        let state = self.tg.core().lock();
        state
            .chats
            .get(&self.id)
            .map_or(ChatKind::Group, |c| c.kind)
    }

    /// The `Chat` object.
    pub fn json(&self) -> Value {
        let state = self.tg.core().lock();
        state.chats.get(&self.id).map_or(Value::Null, |c| c.json())
    }

    /// The status of a user in the chat.
    pub fn status_of(&self, user: &TestUser) -> MemberStatus {
        let state = self.tg.core().lock();
        state
            .chats
            .get(&self.id)
            .map_or(MemberStatus::Left, |c| c.status_of(user.id()))
    }

    /// The status of the bot in the chat.
    pub fn bot_status(&self) -> MemberStatus {
        let state = self.tg.core().lock();
        state
            .chats
            .get(&self.id)
            .map_or(MemberStatus::Left, |c| c.status_of(state.bot.id))
    }

    fn set_status(&self, actor: i64, user: i64, status: MemberStatus) -> MemberStatus {
        let old = {
            let mut state = self.tg.core().lock();
            match state.set_member_status(self.id, actor, user, status) {
                Ok(old) => old,
                Err(error) => panic!("FakeTelegram: {}", error.description),
            }
        };
        self.tg.core().notify();
        old
    }

    /// Adds a user as a member: a `chat_member` update, then (in groups) a
    /// `new_chat_members` service message.
    pub async fn add(&self, user: &TestUser) {
        self.join(user, MemberStatus::Member);
    }

    /// Adds a user as an administrator (or promotes a member).
    pub async fn add_admin(&self, user: &TestUser) {
        self.join(user, MemberStatus::Administrator);
    }

    /// Makes a user the owner of the chat.
    pub async fn add_creator(&self, user: &TestUser) {
        self.join(user, MemberStatus::Creator);
    }

    fn join(&self, user: &TestUser, status: MemberStatus) {
        let old = self.set_status(user.id(), user.id(), status);
        if !old.is_present() && self.kind() != ChatKind::Channel {
            let mut content = Map::new();
            content.insert("new_chat_members".into(), json!([user.json()]));
            self.tg
                .user_message(Sender::User(user.id()), self.id, content);
        }
    }

    /// Adds the bot to the chat: a `my_chat_member` update (bot `member`).
    pub async fn add_bot(&self, by: &TestUser) {
        let bot = self.tg.bot_id();
        self.set_status(by.id(), bot, MemberStatus::Member);
    }

    /// Makes the bot an administrator: a `my_chat_member` update.
    pub async fn make_bot_admin(&self, by: &TestUser) {
        let bot = self.tg.bot_id();
        self.set_status(by.id(), bot, MemberStatus::Administrator);
    }

    /// Removes (bans) the bot: a `my_chat_member` update (bot `kicked`); sending there
    /// then fails with 403.
    pub async fn remove_bot(&self, by: &TestUser) {
        let bot = self.tg.bot_id();
        self.set_status(by.id(), bot, MemberStatus::Kicked);
    }

    /// Posts in a channel in the channel's name: a `channel_post` update.
    pub async fn post(&self, text: &str) -> SentMessage {
        if self.kind() != ChatKind::Channel {
            panic!("FakeTelegram: only channels have posts; use TestUser::send_in");
        }
        let mut content = Map::new();
        content.insert("text".into(), json!(text));
        self.tg
            .user_message(Sender::Chat(self.id), self.id, content)
    }

    /// Turns a basic group into a supergroup: the old id then answers 400 with
    /// `migrate_to_chat_id`; both chats get their migration service message.
    pub async fn migrate_to_supergroup(&self) -> TestChat {
        let (new_id, actor) = {
            let mut state = self.tg.core().lock();
            let Some(old) = state.chats.get(&self.id).cloned() else {
                panic!("FakeTelegram: no chat {}", self.id);
            };
            if old.kind != ChatKind::Group {
                panic!("FakeTelegram: only basic groups can be migrated");
            }
            let name = format!("{} (supergroup)", old.title.clone().unwrap_or_default());
            let new_id = state.ensure_chat(ChatKind::Supergroup, &name);
            if let Some(new) = state.chats.get_mut(&new_id) {
                new.title = old.title.clone();
                new.members = old.members.clone();
            }
            if let Some(old) = state.chats.get_mut(&self.id) {
                old.migrated_to = Some(new_id);
            }
            let actor = old
                .members
                .iter()
                .find(|(id, s)| s.is_admin() && **id != state.bot.id)
                .or_else(|| {
                    old.members
                        .iter()
                        .find(|(id, s)| s.is_present() && **id != state.bot.id)
                })
                .map(|(id, _)| *id);
            (new_id, actor)
        };
        let sender = actor.map_or(Sender::Chat(new_id), Sender::User);
        let mut to = Map::new();
        to.insert("migrate_to_chat_id".into(), json!(new_id));
        self.tg.user_message(sender, self.id, to);
        let mut from = Map::new();
        from.insert("migrate_from_chat_id".into(), json!(self.id));
        self.tg.user_message(Sender::Chat(new_id), new_id, from);
        TestChat::new(self.tg.clone(), new_id)
    }
}
