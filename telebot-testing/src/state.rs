//! The world the fake server keeps: users, chats, members, messages, files and the
//! queue of updates waiting for the bot.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::calls::RecordedCall;
use super::error::ApiError;
use super::faults::FaultRule;
use super::objects::{fnv1a, now, object, strip_nulls, token_chars};

/// The kind of a chat, as in `Chat.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChatKind {
    /// A one-to-one chat between a user and the bot; its id is the user's id.
    Private,
    /// A basic group (small negative id).
    Group,
    /// A supergroup (`-100…` id).
    Supergroup,
    /// A channel (`-100…` id).
    Channel,
}

impl ChatKind {
    /// The `Chat.type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::Private => "private",
            ChatKind::Group => "group",
            ChatKind::Supergroup => "supergroup",
            ChatKind::Channel => "channel",
        }
    }
}

/// The status of a chat member, as in `ChatMember.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberStatus {
    /// The owner of the chat.
    Creator,
    /// An administrator.
    Administrator,
    /// A plain member.
    Member,
    /// A member with restrictions.
    Restricted,
    /// Not (or no longer) a member.
    Left,
    /// Banned from the chat (or, in a private chat, the user blocked the bot).
    Kicked,
}

impl MemberStatus {
    /// The `ChatMember.status` string.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Creator => "creator",
            MemberStatus::Administrator => "administrator",
            MemberStatus::Member => "member",
            MemberStatus::Restricted => "restricted",
            MemberStatus::Left => "left",
            MemberStatus::Kicked => "kicked",
        }
    }

    /// True for statuses that make the user part of the chat.
    pub fn is_present(self) -> bool {
        matches!(
            self,
            MemberStatus::Creator
                | MemberStatus::Administrator
                | MemberStatus::Member
                | MemberStatus::Restricted
        )
    }

    /// True for the owner and administrators.
    pub fn is_admin(self) -> bool {
        matches!(self, MemberStatus::Creator | MemberStatus::Administrator)
    }
}

/// A user known to the fake server (the bot itself included).
#[derive(Debug, Clone)]
pub(crate) struct UserRec {
    pub id: i64,
    pub is_bot: bool,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl UserRec {
    /// The `User` object.
    pub fn json(&self) -> Value {
        object([
            ("id", json!(self.id)),
            ("is_bot", json!(self.is_bot)),
            ("first_name", json!(self.first_name)),
            ("last_name", json!(self.last_name)),
            ("username", json!(self.username)),
            ("language_code", json!(self.language_code)),
        ])
    }
}

/// A stored message.
#[derive(Debug, Clone)]
pub(crate) struct MessageRec {
    /// The `Message` object as Telegram would return it now.
    pub json: Value,
    /// True when the bot sent it.
    pub from_bot: bool,
    /// True once deleted (kept so tests can still see what the bot did).
    pub deleted: bool,
    /// Bumped on every edit.
    pub version: u32,
    /// The reply markup the sender attached, of any kind (Telegram returns only inline ones).
    pub reply_markup: Option<Value>,
    /// Reactions set by users, by user id.
    pub reactions: BTreeMap<i64, Vec<Value>>,
    /// Reactions set by the bot with setMessageReaction.
    pub bot_reaction: Vec<Value>,
    /// The `parse_mode` the bot sent the text or caption with (the stored text keeps its
    /// markup; the web sandbox turns it into entities to show it).
    pub parse_mode: Option<String>,
}

/// A chat and everything in it.
#[derive(Debug, Clone)]
pub(crate) struct ChatRec {
    pub id: i64,
    pub kind: ChatKind,
    pub title: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub description: Option<String>,
    pub members: BTreeMap<i64, MemberStatus>,
    pub messages: BTreeMap<i64, MessageRec>,
    pub next_message_id: i64,
    pub migrated_to: Option<i64>,
    /// The pinned messages, oldest pin first.
    pub pinned: Vec<i64>,
}

impl ChatRec {
    /// The `Chat` object.
    pub fn json(&self) -> Value {
        object([
            ("id", json!(self.id)),
            ("type", json!(self.kind.as_str())),
            ("title", json!(self.title)),
            ("username", json!(self.username)),
            ("first_name", json!(self.first_name)),
            ("last_name", json!(self.last_name)),
        ])
    }

    /// The `ChatFullInfo` object returned by getChat.
    pub fn full_info(&self) -> Value {
        let mut info = self.json();
        if let Value::Object(map) = &mut info {
            map.insert(
                "accent_color_id".into(),
                json!(fnv1a(&self.id.to_string()) % 7),
            );
            map.insert("max_reaction_count".into(), json!(11));
            map.insert(
                "accepted_gift_types".into(),
                json!({
                    "unlimited_gifts": true,
                    "limited_gifts": true,
                    "unique_gifts": true,
                    "premium_subscription": true,
                    "gifts_from_channels": true,
                }),
            );
            if let Some(description) = &self.description {
                map.insert("description".into(), json!(description));
            }
            if matches!(self.kind, ChatKind::Group | ChatKind::Supergroup) {
                map.insert(
                    "permissions".into(),
                    json!({
                        "can_send_messages": true, "can_send_audios": true,
                        "can_send_documents": true, "can_send_photos": true,
                        "can_send_videos": true, "can_send_video_notes": true,
                        "can_send_voice_notes": true, "can_send_polls": true,
                        "can_send_other_messages": true, "can_add_web_page_previews": true,
                        "can_change_info": true, "can_invite_users": true,
                        "can_pin_messages": true, "can_manage_topics": false,
                    }),
                );
            }
        }
        info
    }

    /// The status of a user in this chat (`left` when never a member).
    pub fn status_of(&self, user: i64) -> MemberStatus {
        self.members
            .get(&user)
            .copied()
            .unwrap_or(MemberStatus::Left)
    }

    /// The message with that id, unless deleted.
    pub fn message(&self, id: i64) -> Option<&MessageRec> {
        self.messages.get(&id).filter(|m| !m.deleted)
    }

    /// The message with that id, unless deleted, for changing.
    pub fn message_mut(&mut self, id: i64) -> Option<&mut MessageRec> {
        self.messages.get_mut(&id).filter(|m| !m.deleted)
    }
}

/// A stored file.
#[derive(Debug, Clone)]
pub(crate) struct FileRec {
    pub file_id: String,
    pub unique_id: String,
    pub bytes: Bytes,
    pub path: String,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
}

impl FileRec {
    /// The `File` object returned by getFile.
    pub fn json(&self) -> Value {
        json!({
            "file_id": self.file_id,
            "file_unique_id": self.unique_id,
            "file_size": self.bytes.len(),
            "file_path": self.path,
        })
    }
}

/// An update waiting for the bot.
#[derive(Debug, Clone)]
pub(crate) struct QueuedUpdate {
    pub id: i64,
    pub kind: String,
    pub json: Value,
}

/// The webhook settings made with setWebhook.
#[derive(Debug, Clone)]
pub(crate) struct WebhookState {
    pub url: String,
    pub secret: Option<String>,
    pub max_connections: i64,
    pub ip_address: Option<String>,
    pub has_custom_certificate: bool,
    /// With a certificate uploaded, the client that delivers trusting exactly it (as Telegram
    /// does with a self-signed certificate); otherwise the server's own client.
    pub client: Option<reqwest::Client>,
    pub generation: u64,
}

/// A callback or inline query and the bot's answer to it.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryRec {
    pub answer: Option<Map<String, Value>>,
}

/// The bot's profile as set with setMyName, setMyDescription and setMyShortDescription
/// (default language only).
#[derive(Debug, Clone, Default)]
pub(crate) struct BotProfile {
    pub name: Option<String>,
    pub description: String,
    pub short_description: String,
}

/// What an invoice message charges, kept beside it for the payment flow.
#[derive(Debug, Clone)]
pub(crate) struct Invoice {
    pub payload: String,
    pub currency: String,
    pub total_amount: i64,
    /// `is_flexible`: the price depends on the shipping address (a shipping query first).
    pub flexible: bool,
}

/// A payment made, by its `telegram_payment_charge_id`, for refunds.
#[derive(Debug, Clone)]
pub(crate) struct Charge {
    pub user_id: i64,
    pub payment: Value,
    pub refunded: bool,
}

/// A shipping query sent to the bot and its answer (the shipping options, or the error).
#[derive(Debug, Clone, Default)]
pub(crate) struct ShippingRec {
    pub answer: Option<Result<Vec<Value>, String>>,
}

/// A pre-checkout query sent to the bot and its answer (`Ok(())` or the error message).
#[derive(Debug, Clone, Default)]
pub(crate) struct PreCheckoutRec {
    pub answer: Option<Result<(), String>>,
}

/// Who sends a message.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sender {
    /// The bot.
    Bot,
    /// A user, by id.
    User(i64),
    /// A chat posting in its own name (channel posts).
    Chat(i64),
}

/// Update kinds left out when `allowed_updates` is unset or empty.
const NOT_BY_DEFAULT: &[&str] = &["chat_member", "message_reaction", "message_reaction_count"];

/// The whole mutable state of one fake server.
#[derive(Debug)]
pub(crate) struct State {
    pub bot: UserRec,
    pub users: BTreeMap<i64, UserRec>,
    pub user_names: HashMap<String, i64>,
    pub chats: BTreeMap<i64, ChatRec>,
    pub chat_names: HashMap<(ChatKind, String), i64>,
    pub files: HashMap<String, FileRec>,
    pub file_paths: HashMap<String, String>,
    pub next_file: u64,
    pub updates: VecDeque<QueuedUpdate>,
    pub next_update_id: i64,
    pub allowed_updates: Option<Vec<String>>,
    pub webhook: Option<WebhookState>,
    pub webhook_generation: u64,
    pub webhook_last_error: Option<(i64, String)>,
    pub poll_generation: u64,
    pub polls_waiting: usize,
    /// getUpdates calls that arrived while another was still open (each ends the other with
    /// 409, as Telegram does).
    pub polls_overlapped: usize,
    pub calls: Vec<RecordedCall>,
    pub call_cursor: HashMap<String, usize>,
    pub faults: Vec<FaultRule>,
    pub next_fault_id: u64,
    pub callback_queries: HashMap<String, QueryRec>,
    pub inline_queries: HashMap<String, QueryRec>,
    pub next_query: u64,
    pub commands: BTreeMap<(String, String), Value>,
    pub consumed: HashSet<(i64, i64)>,
    pub polls: HashMap<String, (i64, i64)>,
    pub next_media_group: u64,
    pub flood: Option<super::flood::FloodSim>,
    /// The last sendChatAction per chat and when it was sent (cleared by the bot's next
    /// message there, as the apps do).
    pub chat_actions: HashMap<i64, (String, std::time::Instant)>,
    pub profile: BotProfile,
    pub pre_checkout_queries: HashMap<String, PreCheckoutRec>,
    pub shipping_queries: HashMap<String, ShippingRec>,
    pub charges: HashMap<String, Charge>,
    pub invoices: HashMap<(i64, i64), Invoice>,
}

impl State {
    /// A fresh world containing only the bot.
    pub fn new(bot: UserRec) -> State {
        let seed = bot.id as u64;
        State {
            bot,
            users: BTreeMap::new(),
            user_names: HashMap::new(),
            chats: BTreeMap::new(),
            chat_names: HashMap::new(),
            files: HashMap::new(),
            file_paths: HashMap::new(),
            next_file: 1,
            updates: VecDeque::new(),
            next_update_id: 100_000_000 + (seed % 800_000_000) as i64,
            allowed_updates: None,
            webhook: None,
            webhook_generation: 0,
            webhook_last_error: None,
            poll_generation: 0,
            polls_waiting: 0,
            polls_overlapped: 0,
            calls: Vec::new(),
            call_cursor: HashMap::new(),
            faults: Vec::new(),
            next_fault_id: 1,
            callback_queries: HashMap::new(),
            inline_queries: HashMap::new(),
            next_query: 1,
            commands: BTreeMap::new(),
            consumed: HashSet::new(),
            polls: HashMap::new(),
            next_media_group: 1,
            flood: None,
            chat_actions: HashMap::new(),
            profile: BotProfile::default(),
            pre_checkout_queries: HashMap::new(),
            shipping_queries: HashMap::new(),
            charges: HashMap::new(),
            invoices: HashMap::new(),
        }
    }

    /// The `User` object of a user id (the bot included).
    pub fn user_json(&self, id: i64) -> Value {
        if id == self.bot.id {
            return self.bot.json();
        }
        self.users.get(&id).map(UserRec::json).unwrap_or_else(
            || json!({ "id": id, "is_bot": false, "first_name": "Deleted Account" }),
        )
    }

    /// Creates (or returns) the user known by `name` in the test script, with its private chat.
    pub fn ensure_user(&mut self, name: &str) -> i64 {
        if let Some(id) = self.user_names.get(name) {
            return *id;
        }
        let mut id = 100_000_000 + (fnv1a(name) % 7_000_000_000) as i64;
        while self.users.contains_key(&id) || id == self.bot.id {
            id += 1;
        }
        let mut words = name.split_whitespace();
        let first = words.next().unwrap_or("User");
        let mut first_name: String = first.chars().take(1).flat_map(char::to_uppercase).collect();
        first_name.extend(first.chars().skip(1));
        let rest: Vec<&str> = words.collect();
        let last_name = (!rest.is_empty()).then(|| rest.join(" "));
        let username: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<String>()
            .to_ascii_lowercase();
        let user = UserRec {
            id,
            is_bot: false,
            first_name: first_name.clone(),
            last_name: last_name.clone(),
            username: (!username.is_empty()).then(|| username.clone()),
            language_code: Some("en".into()),
        };
        self.users.insert(id, user);
        self.user_names.insert(name.to_owned(), id);
        let mut members = BTreeMap::new();
        members.insert(id, MemberStatus::Member);
        members.insert(self.bot.id, MemberStatus::Member);
        self.chats.insert(
            id,
            ChatRec {
                id,
                kind: ChatKind::Private,
                title: None,
                username: (!username.is_empty()).then_some(username),
                first_name: Some(first_name),
                last_name,
                description: None,
                members,
                messages: BTreeMap::new(),
                next_message_id: 1,
                migrated_to: None,
                pinned: Vec::new(),
            },
        );
        id
    }

    /// Creates (or returns) a group, supergroup or channel known by `name`, with the bot in it.
    pub fn ensure_chat(&mut self, kind: ChatKind, name: &str) -> i64 {
        if let Some(id) = self.chat_names.get(&(kind, name.to_owned())) {
            return *id;
        }
        let hash = fnv1a(name);
        let mut id = match kind {
            ChatKind::Group => -(100_000_000 + (hash % 800_000_000) as i64),
            _ => -(1_000_000_000_000 + (hash % 1_000_000_000) as i64),
        };
        while self.chats.contains_key(&id) {
            id -= 1;
        }
        let mut members = BTreeMap::new();
        let bot_status = if kind == ChatKind::Channel {
            MemberStatus::Administrator
        } else {
            MemberStatus::Member
        };
        members.insert(self.bot.id, bot_status);
        let username = (kind == ChatKind::Channel).then(|| {
            name.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
                .to_ascii_lowercase()
        });
        self.chats.insert(
            id,
            ChatRec {
                id,
                kind,
                title: Some(name.to_owned()),
                username: username.filter(|u| !u.is_empty()),
                first_name: None,
                last_name: None,
                description: None,
                members,
                messages: BTreeMap::new(),
                next_message_id: 1,
                migrated_to: None,
                pinned: Vec::new(),
            },
        );
        self.chat_names.insert((kind, name.to_owned()), id);
        id
    }

    /// The chat with that id.
    pub fn chat(&self, id: i64) -> Result<&ChatRec, ApiError> {
        self.chats.get(&id).ok_or_else(ApiError::chat_not_found)
    }

    /// The chat with that id, for changing.
    pub fn chat_mut(&mut self, id: i64) -> Result<&mut ChatRec, ApiError> {
        self.chats.get_mut(&id).ok_or_else(ApiError::chat_not_found)
    }

    /// Resolves a `chat_id` parameter value (an id or `@username`) to a known chat id.
    pub fn resolve_chat(&self, value: Option<&Value>, param: &str) -> Result<i64, ApiError> {
        let id = match value {
            None => return Err(ApiError::missing(param)),
            Some(Value::Number(n)) => n.as_i64().ok_or_else(ApiError::chat_not_found)?,
            Some(Value::String(s)) => {
                let s = s.trim();
                if s.is_empty() {
                    return Err(ApiError::missing(param));
                }
                if let Some(username) = s.strip_prefix('@') {
                    self.chats
                        .values()
                        .find(|c| {
                            c.kind != ChatKind::Private
                                && c.username
                                    .as_deref()
                                    .is_some_and(|u| u.eq_ignore_ascii_case(username))
                        })
                        .map(|c| c.id)
                        .ok_or_else(ApiError::chat_not_found)?
                } else {
                    s.parse::<i64>().map_err(|_| ApiError::chat_not_found())?
                }
            }
            Some(_) => return Err(ApiError::chat_not_found()),
        };
        let chat = self.chat(id)?;
        if let Some(to) = chat.migrated_to {
            return Err(ApiError::migrated(to));
        }
        Ok(id)
    }

    /// Checks that the bot may post in the chat.
    pub fn check_bot_can_send(&self, chat_id: i64) -> Result<(), ApiError> {
        let chat = self.chat(chat_id)?;
        let status = chat.status_of(self.bot.id);
        let place = match chat.kind {
            ChatKind::Private => {
                return if status == MemberStatus::Kicked {
                    Err(ApiError::forbidden("bot was blocked by the user"))
                } else {
                    Ok(())
                };
            }
            ChatKind::Group => "group chat",
            ChatKind::Supergroup => "supergroup chat",
            ChatKind::Channel => "channel chat",
        };
        match status {
            MemberStatus::Kicked => Err(ApiError::forbidden(format!(
                "bot was kicked from the {place}"
            ))),
            MemberStatus::Left => Err(ApiError::forbidden(format!(
                "bot is not a member of the {place}"
            ))),
            s if chat.kind == ChatKind::Channel && !s.is_admin() => Err(ApiError::bad_request(
                "need administrator rights in the channel chat",
            )),
            _ => Ok(()),
        }
    }

    /// Stores a new message in a chat and returns its id. `content` holds the fields other
    /// than `message_id`, `from`/`sender_chat`, `chat` and `date`.
    pub fn add_message(
        &mut self,
        chat_id: i64,
        original_sender: Sender,
        content: Map<String, Value>,
        reply_markup: Option<Value>,
    ) -> Result<i64, ApiError> {
        // In channels, posts are signed by the channel itself, the bot's included.
        let sender = match original_sender {
            Sender::Bot if self.chat(chat_id)?.kind == ChatKind::Channel => Sender::Chat(chat_id),
            other => other,
        };
        let from = match sender {
            Sender::Bot => Some(self.bot.json()),
            Sender::User(id) => Some(self.user_json(id)),
            Sender::Chat(_) => None,
        };
        let sender_chat = match sender {
            Sender::Chat(id) => Some(self.chat(id)?.json()),
            _ => None,
        };
        if matches!(original_sender, Sender::Bot) {
            self.chat_actions.remove(&chat_id);
        }
        let chat = self.chat_mut(chat_id)?;
        let message_id = chat.next_message_id;
        chat.next_message_id += 1;
        let mut json = Map::new();
        json.insert("message_id".into(), json!(message_id));
        if let Some(from) = from {
            json.insert("from".into(), from);
        }
        if let Some(sender_chat) = sender_chat {
            json.insert("sender_chat".into(), sender_chat);
        }
        json.insert("chat".into(), chat.json());
        json.insert("date".into(), json!(now()));
        for (key, value) in content {
            json.insert(key, value);
        }
        if let Some(markup) = &reply_markup
            && markup.get("inline_keyboard").is_some()
        {
            json.insert("reply_markup".into(), markup.clone());
        }
        chat.messages.insert(
            message_id,
            MessageRec {
                json: strip_nulls(Value::Object(json)),
                from_bot: matches!(original_sender, Sender::Bot),
                deleted: false,
                version: 0,
                reply_markup,
                reactions: BTreeMap::new(),
                bot_reaction: Vec::new(),
                parse_mode: None,
            },
        );
        Ok(message_id)
    }

    /// The current `Message` object of a stored message.
    pub fn message_json(&self, chat_id: i64, message_id: i64) -> Option<Value> {
        Some(self.chats.get(&chat_id)?.message(message_id)?.json.clone())
    }

    /// True when the bot receives updates of that kind under the current `allowed_updates`.
    pub fn allowed(&self, kind: &str) -> bool {
        match &self.allowed_updates {
            Some(list) if !list.is_empty() => list.iter().any(|k| k == kind),
            _ => !NOT_BY_DEFAULT.contains(&kind),
        }
    }

    /// Queues an update of the given kind and returns its `update_id`.
    pub fn push_update(&mut self, kind: &str, payload: Value) -> i64 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        let mut json = Map::new();
        json.insert("update_id".into(), json!(id));
        json.insert(kind.to_owned(), strip_nulls(payload));
        self.updates.push_back(QueuedUpdate {
            id,
            kind: kind.to_owned(),
            json: Value::Object(json),
        });
        id
    }

    /// Queues a raw update object; a missing `update_id` is assigned.
    pub fn push_raw_update(&mut self, update: Value) -> i64 {
        let mut map = match update {
            Value::Object(map) => map,
            other => {
                let mut map = Map::new();
                map.insert("unknown".into(), other);
                map
            }
        };
        let id = match map.get("update_id").and_then(Value::as_i64) {
            Some(id) => {
                self.next_update_id = self.next_update_id.max(id + 1);
                id
            }
            None => {
                let id = self.next_update_id;
                self.next_update_id += 1;
                map.insert("update_id".into(), json!(id));
                id
            }
        };
        let kind = map
            .keys()
            .find(|k| k.as_str() != "update_id")
            .cloned()
            .unwrap_or_default();
        self.updates.push_back(QueuedUpdate {
            id,
            kind,
            json: Value::Object(map),
        });
        id
    }

    /// Stores file bytes and returns the new file's id.
    pub fn add_file(
        &mut self,
        bytes: Bytes,
        folder: &str,
        file_name: Option<String>,
        mime_type: Option<String>,
    ) -> String {
        let n = self.next_file;
        self.next_file += 1;
        let seed = (self.bot.id as u64) ^ n.wrapping_mul(0x9e37_79b9);
        let file_id = format!("BQACAgIAAxkBAAI{}{}", token_chars(seed, 40), n);
        let unique_id = format!("AgAD{}{}", token_chars(seed ^ 0x55, 8), n);
        let extension = file_name
            .as_deref()
            .and_then(|f| f.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .filter(|ext| !ext.is_empty() && ext.len() <= 8)
            .unwrap_or_else(|| {
                if folder == "photos" {
                    "jpg".into()
                } else {
                    "bin".into()
                }
            });
        let path = format!("{folder}/file_{n}.{extension}");
        self.file_paths.insert(path.clone(), file_id.clone());
        self.files.insert(
            file_id.clone(),
            FileRec {
                file_id: file_id.clone(),
                unique_id,
                bytes,
                path,
                file_name,
                mime_type,
            },
        );
        file_id
    }

    /// A new callback or inline query id, numeric like Telegram's.
    pub fn new_query_id(&mut self) -> String {
        let n = self.next_query;
        self.next_query += 1;
        let mut seed = (self.bot.id as u64) ^ n;
        format!(
            "{}",
            1_000_000_000_000_000_000 + splitmix(&mut seed) % 8_000_000_000_000_000_000
        )
    }
}

fn splitmix(seed: &mut u64) -> u64 {
    super::objects::splitmix64(seed)
}

impl State {
    /// The `ChatMember` object of a user with a given status.
    pub fn member_json(&self, user_id: i64, status: MemberStatus, kind: ChatKind) -> Value {
        let user = self.user_json(user_id);
        let status_str = status.as_str();
        match status {
            MemberStatus::Creator => {
                json!({ "status": status_str, "user": user, "is_anonymous": false })
            }
            MemberStatus::Administrator => {
                let mut admin = json!({
                    "status": status_str, "user": user,
                    "can_be_edited": false, "is_anonymous": false,
                    "can_manage_chat": true, "can_delete_messages": true,
                    "can_manage_video_chats": true, "can_restrict_members": true,
                    "can_promote_members": false, "can_change_info": true,
                    "can_invite_users": true, "can_post_stories": true,
                    "can_edit_stories": true, "can_delete_stories": true,
                });
                if kind == ChatKind::Channel {
                    admin["can_post_messages"] = json!(true);
                    admin["can_edit_messages"] = json!(true);
                } else {
                    admin["can_pin_messages"] = json!(true);
                }
                admin
            }
            MemberStatus::Restricted => json!({
                "status": status_str, "user": user, "is_member": true,
                "can_send_messages": false, "can_send_audios": false,
                "can_send_documents": false, "can_send_photos": false,
                "can_send_videos": false, "can_send_video_notes": false,
                "can_send_voice_notes": false, "can_send_polls": false,
                "can_send_other_messages": false, "can_add_web_page_previews": false,
                "can_react_to_messages": false, "can_edit_tag": false,
                "can_change_info": false, "can_invite_users": false,
                "can_pin_messages": false, "can_manage_topics": false,
                "until_date": 0,
            }),
            MemberStatus::Kicked => json!({ "status": status_str, "user": user, "until_date": 0 }),
            MemberStatus::Member | MemberStatus::Left => {
                json!({ "status": status_str, "user": user })
            }
        }
    }

    /// Changes a member's status and queues the `chat_member` (or, for the bot,
    /// `my_chat_member`) update when it really changed. Returns the old status.
    pub fn set_member_status(
        &mut self,
        chat_id: i64,
        actor: i64,
        user_id: i64,
        new: MemberStatus,
    ) -> Result<MemberStatus, ApiError> {
        let chat = self.chat_mut(chat_id)?;
        let old = chat.status_of(user_id);
        chat.members.insert(user_id, new);
        let kind = chat.kind;
        let chat_json = chat.json();
        if old != new {
            let update = json!({
                "chat": chat_json,
                "from": self.user_json(actor),
                "date": now(),
                "old_chat_member": self.member_json(user_id, old, kind),
                "new_chat_member": self.member_json(user_id, new, kind),
            });
            let update_kind = if user_id == self.bot.id {
                "my_chat_member"
            } else {
                "chat_member"
            };
            self.push_update(update_kind, update);
        }
        Ok(old)
    }
}
