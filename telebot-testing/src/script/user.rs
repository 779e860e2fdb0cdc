//! [`TestUser`]: a scripted Telegram user talking to the bot.

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::answers::{CallbackQueryHandle, InlineQueryHandle};
use super::chat::TestChat;
use super::view::SentMessage;
use super::{AsChat, FakeTelegram};
use crate::objects::{command_entities, fnv1a, now};
use crate::state::{ChatKind, MemberStatus, MessageRec, Sender, State};

/// A user of the fake Telegram, created with [`FakeTelegram::user`].
///
/// Its methods act as the user would in a Telegram app; each produces the update the bot
/// would get. They panic on impossible scripts (pressing a button that does not exist,
/// writing in a group the user is not in), as a failed assertion would.
#[derive(Debug, Clone)]
pub struct TestUser {
    tg: FakeTelegram,
    id: i64,
    name: String,
}

impl AsChat for TestUser {
    fn chat_id(&self) -> i64 {
        self.id
    }
}

fn text_content(text: &str) -> Map<String, Value> {
    let mut content = Map::new();
    content.insert("text".into(), json!(text));
    if let Some(entities) = command_entities(text) {
        content.insert("entities".into(), entities);
    }
    content
}

impl TestUser {
    pub(crate) fn new(tg: FakeTelegram, id: i64, name: &str) -> TestUser {
        TestUser {
            tg,
            id,
            name: name.to_owned(),
        }
    }

    /// The user id (also the id of their private chat with the bot).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The name given to [`FakeTelegram::user`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `User` object.
    pub fn json(&self) -> Value {
        self.tg.core().lock().user_json(self.id)
    }

    /// Sends a text message to the bot in the private chat. A leading `/command` gets its
    /// `bot_command` entity. If the user had blocked the bot, this unblocks it first
    /// (with a `my_chat_member` update), as pressing "Restart" does.
    pub async fn send(&self, text: &str) -> SentMessage {
        self.unblock_bot().await;
        self.tg
            .user_message(Sender::User(self.id), self.id, text_content(text))
    }

    /// Sends a text message in a group or supergroup the user is a member of.
    pub async fn send_in(&self, chat: &TestChat, text: &str) -> SentMessage {
        self.send_content(chat.id(), text_content(text)).await
    }

    /// Sends a message with any content fields (e.g. `{"location": {...}}`) in a chat.
    pub async fn send_raw(&self, chat: impl AsChat, content: Value) -> SentMessage {
        let content = content.as_object().cloned().unwrap_or_default();
        self.send_content(chat.chat_id(), content).await
    }

    /// Replies with text to a message, in the message's chat.
    pub async fn reply_to(&self, message: &SentMessage, text: &str) -> SentMessage {
        let mut content = text_content(text);
        let mut replied = self.current(message).raw;
        if let Some(map) = replied.as_object_mut() {
            map.remove("reply_to_message");
        }
        content.insert("reply_to_message".into(), replied);
        self.send_content(message.chat_id, content).await
    }

    /// Sends a document (stored, so the bot can getFile and download it).
    pub async fn send_document(
        &self,
        chat: impl AsChat,
        file_name: &str,
        bytes: impl Into<Bytes>,
    ) -> SentMessage {
        let mime = mime_for(file_name);
        let file_id = self.tg.core().lock().add_file(
            bytes.into(),
            "documents",
            Some(file_name.to_owned()),
            Some(mime.to_owned()),
        );
        let document = self.file_object(&file_id, |map| {
            map.insert("file_name".into(), json!(file_name));
            map.insert("mime_type".into(), json!(mime));
        });
        let mut content = Map::new();
        content.insert("document".into(), document);
        self.send_content(chat.chat_id(), content).await
    }

    /// Sends a photo (stored, so the bot can getFile and download it).
    pub async fn send_photo(
        &self,
        chat: impl AsChat,
        bytes: impl Into<Bytes>,
        caption: Option<&str>,
    ) -> SentMessage {
        let bytes = bytes.into();
        let (width, height) = crate::objects::image_size(&bytes).unwrap_or((100, 100));
        let file_id = self.tg.core().lock().add_file(bytes, "photos", None, None);
        let size = self.file_object(&file_id, |map| {
            map.insert("width".into(), json!(width));
            map.insert("height".into(), json!(height));
        });
        let mut content = Map::new();
        content.insert("photo".into(), json!([size]));
        if let Some(caption) = caption {
            content.insert("caption".into(), json!(caption));
        }
        self.send_content(chat.chat_id(), content).await
    }

    fn file_object(&self, file_id: &str, extra: impl FnOnce(&mut Map<String, Value>)) -> Value {
        let state = self.tg.core().lock();
        let mut map = Map::new();
        if let Some(file) = state.files.get(file_id) {
            map.insert("file_id".into(), json!(file.file_id));
            map.insert("file_unique_id".into(), json!(file.unique_id));
            map.insert("file_size".into(), json!(file.bytes.len()));
        }
        extra(&mut map);
        Value::Object(map)
    }

    /// Shares Telegram Passport data with the bot in the private chat, as the Passport form
    /// does: a `passport_data` message. `elements` are the `EncryptedPassportElement` objects
    /// (their `data` already encrypted by the test); a file field of an element may be given
    /// as `{"upload": "<base64 of the encrypted bytes>"}`, which is stored in the fake's file
    /// store and replaced by a `PassportFile` the bot can download (`getFile`).
    pub async fn share_passport_data(
        &self,
        mut elements: Vec<Value>,
        credentials: Value,
    ) -> SentMessage {
        for element in &mut elements {
            for field in ["front_side", "reverse_side", "selfie"] {
                if let Some(file) = element.get_mut(field) {
                    *file = self.passport_file(file);
                }
            }
            for field in ["files", "translation"] {
                if let Some(Value::Array(files)) = element.get_mut(field) {
                    for file in files {
                        *file = self.passport_file(file);
                    }
                }
            }
        }
        let mut content = Map::new();
        content.insert(
            "passport_data".into(),
            json!({"data": elements, "credentials": credentials}),
        );
        self.send_content(self.id, content).await
    }

    /// `{"upload": base64}` stored as a passport file; anything else as it is.
    fn passport_file(&self, file: &Value) -> Value {
        use base64::Engine;
        let Some(encoded) = file.get("upload").and_then(Value::as_str) else {
            return file.clone();
        };
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(encoded) else {
            panic!("FakeTelegram: a passport file's `upload` is not base64");
        };
        let file_id = self.tg.core().lock().add_file(
            Bytes::from(bytes),
            "passport",
            None,
            Some("image/jpeg".into()),
        );
        self.file_object(&file_id, |map| {
            map.insert("file_date".into(), json!(1_700_000_000));
        })
    }

    async fn send_content(&self, chat_id: i64, content: Map<String, Value>) -> SentMessage {
        {
            let state = self.tg.core().lock();
            let Some(chat) = state.chats.get(&chat_id) else {
                panic!(
                    "FakeTelegram: {} cannot write in unknown chat {chat_id}",
                    self.name
                );
            };
            if chat.kind == ChatKind::Channel {
                panic!("FakeTelegram: users cannot write in a channel; use TestChat::post");
            }
            if chat.kind != ChatKind::Private && !chat.status_of(self.id).is_present() {
                panic!(
                    "FakeTelegram: {} is not a member of {:?}; add them first (chat.add(&user))",
                    self.name,
                    chat.title.clone().unwrap_or_default()
                );
            }
            if chat.kind == ChatKind::Private && chat_id != self.id {
                panic!(
                    "FakeTelegram: {} cannot write in another user's private chat",
                    self.name
                );
            }
        }
        if chat_id == self.id {
            self.unblock_bot().await;
        }
        self.tg
            .user_message(Sender::User(self.id), chat_id, content)
    }

    /// The current state of a message, or a panic naming it.
    fn current(&self, message: &SentMessage) -> SentMessage {
        match self.tg.refresh(message) {
            Some(current) if !current.deleted => current,
            _ => panic!(
                "FakeTelegram: message {} in chat {} does not exist (deleted?)",
                message.message_id, message.chat_id
            ),
        }
    }

    /// Edits one of the user's own messages: an `edited_message` update.
    pub async fn edit(&self, message: &SentMessage, new_text: &str) -> SentMessage {
        let view = {
            let mut state = self.tg.core().lock();
            let (chat_id, message_id) = (message.chat_id, message.message_id);
            let kind = match state.chats.get(&chat_id).map(|c| c.kind) {
                Some(ChatKind::Channel) => "edited_channel_post",
                _ => "edited_message",
            };
            let rec = stored_message(&mut state, chat_id, message_id);
            let author = rec
                .json
                .get("from")
                .and_then(|f| f.get("id"))
                .and_then(Value::as_i64);
            if rec.from_bot || author != Some(self.id) {
                panic!(
                    "FakeTelegram: {} can only edit their own messages",
                    self.name
                );
            }
            rec.json["text"] = json!(new_text);
            match command_entities(new_text) {
                Some(entities) => rec.json["entities"] = entities,
                None => {
                    if let Some(map) = rec.json.as_object_mut() {
                        map.remove("entities");
                    }
                }
            }
            rec.json["edit_date"] = json!(now());
            rec.version += 1;
            let view = SentMessage::from_rec(chat_id, message_id, rec);
            state.push_update(kind, view.raw.clone());
            view
        };
        self.tg.core().notify();
        view
    }

    /// Presses the inline button labelled `button_text` on a message: a `callback_query`
    /// update with the button's `callback_data`.
    pub async fn press(&self, message: &SentMessage, button_text: &str) -> CallbackQueryHandle {
        let current = self.current(message);
        let position = current.buttons().iter().enumerate().find_map(|(r, row)| {
            row.iter()
                .position(|b| b.text == button_text)
                .map(|c| (r, c))
        });
        match position {
            Some((row, col)) => self.press_nth(&current, row, col).await,
            None => {
                let labels: Vec<Vec<String>> = current
                    .buttons()
                    .into_iter()
                    .map(|row| row.into_iter().map(|b| b.text).collect())
                    .collect();
                panic!(
                    "FakeTelegram: no button {button_text:?} on message {} in chat {}; its buttons are {labels:?}",
                    current.message_id, current.chat_id
                )
            }
        }
    }

    /// Presses the inline button at `row`, `col` (from 0) on a message.
    pub async fn press_nth(
        &self,
        message: &SentMessage,
        row: usize,
        col: usize,
    ) -> CallbackQueryHandle {
        let current = self.current(message);
        let Some(button) = current.buttons().get(row).and_then(|r| r.get(col)).cloned() else {
            panic!(
                "FakeTelegram: message {} has no button at row {row}, column {col}",
                current.message_id
            );
        };
        let Some(data) = button.callback_data else {
            panic!(
                "FakeTelegram: button {:?} has no callback_data",
                button.text
            );
        };
        self.send_callback_query(&current, &data).await
    }

    /// Sends a callback query with any `data` from a message's keyboard, as a modified client
    /// can: for testing how a bot treats forged or stale button data.
    pub async fn press_forged(&self, message: &SentMessage, data: &str) -> CallbackQueryHandle {
        let current = self.current(message);
        self.send_callback_query(&current, data).await
    }

    async fn send_callback_query(&self, current: &SentMessage, data: &str) -> CallbackQueryHandle {
        let id = {
            let mut state = self.tg.core().lock();
            let id = state.new_query_id();
            state
                .callback_queries
                .insert(id.clone(), Default::default());
            let instance =
                fnv1a(&format!("{}:{}", current.chat_id, state.bot.id)) % 9_000_000_000_000_000_000;
            let query = json!({
                "id": id,
                "from": state.user_json(self.id),
                "message": current.raw,
                "chat_instance": format!("{}", instance as i64 - 4_500_000_000_000_000_000),
                "data": data,
            });
            state.push_update("callback_query", query);
            id
        };
        self.tg.core().notify();
        CallbackQueryHandle {
            tg: self.tg.clone(),
            id,
        }
    }

    /// Types `@bot query` in a chat: an `inline_query` update.
    pub async fn inline_query(&self, query: &str) -> InlineQueryHandle {
        let id = {
            let mut state = self.tg.core().lock();
            let id = state.new_query_id();
            state.inline_queries.insert(id.clone(), Default::default());
            let update = json!({
                "id": id,
                "from": state.user_json(self.id),
                "query": query,
                "offset": "",
                "chat_type": "sender",
            });
            state.push_update("inline_query", update);
            id
        };
        self.tg.core().notify();
        InlineQueryHandle {
            tg: self.tg.clone(),
            id,
            user: self.id,
            query: query.to_string(),
        }
    }

    /// Sets the user's reaction on a message (`""` removes it): a `message_reaction` update
    /// (delivered only if the bot asked for it in `allowed_updates`, as with Telegram).
    pub async fn react(&self, message: &SentMessage, emoji: &str) {
        {
            let mut state = self.tg.core().lock();
            let (chat_id, message_id) = (message.chat_id, message.message_id);
            let Some(chat) = state.chats.get_mut(&chat_id) else {
                panic!("FakeTelegram: no chat {chat_id}");
            };
            let chat_json = chat.json();
            let Some(rec) = chat.message_mut(message_id) else {
                panic!("FakeTelegram: message {message_id} in chat {chat_id} does not exist");
            };
            let new = if emoji.is_empty() {
                Vec::new()
            } else {
                vec![json!({ "type": "emoji", "emoji": emoji })]
            };
            let old = rec
                .reactions
                .insert(self.id, new.clone())
                .unwrap_or_default();
            let update = json!({
                "chat": chat_json,
                "message_id": message_id,
                "user": state.user_json(self.id),
                "date": now(),
                "old_reaction": old,
                "new_reaction": new,
            });
            state.push_update("message_reaction", update);
        }
        self.tg.core().notify();
    }

    /// Votes in a poll: the poll's counts change, a `poll` update follows, and for a
    /// non-anonymous poll a `poll_answer` update.
    pub async fn vote(&self, message: &SentMessage, options: &[usize]) {
        {
            let mut state = self.tg.core().lock();
            let (chat_id, message_id) = (message.chat_id, message.message_id);
            let rec = stored_message(&mut state, chat_id, message_id);
            let Some(poll) = rec.json.get_mut("poll") else {
                panic!("FakeTelegram: message {message_id} has no poll");
            };
            if poll["is_closed"] == json!(true) {
                panic!("FakeTelegram: the poll is closed");
            }
            let mut persistent = Vec::new();
            for &option in options {
                let Some(o) = poll["options"].get_mut(option) else {
                    panic!("FakeTelegram: the poll has no option {option}");
                };
                o["voter_count"] = json!(o["voter_count"].as_i64().unwrap_or(0) + 1);
                persistent.push(o["persistent_id"].clone());
            }
            poll["total_voter_count"] = json!(poll["total_voter_count"].as_i64().unwrap_or(0) + 1);
            let poll = poll.clone();
            rec.version += 1;
            let anonymous = poll["is_anonymous"] == json!(true);
            state.push_update("poll", poll.clone());
            if !anonymous {
                let answer = json!({
                    "poll_id": poll["id"],
                    "user": state.user_json(self.id),
                    "option_ids": options,
                    "option_persistent_ids": persistent,
                });
                state.push_update("poll_answer", answer);
            }
        }
        self.tg.core().notify();
    }

    /// Pays an invoice the bot sent, as the Pay button does: a `pre_checkout_query` update;
    /// when the bot confirms it (`answerPreCheckoutQuery` with `ok`) within the expectation
    /// time-out, a `successful_payment` message from the user follows and is returned.
    /// `Err` holds the bot's `error_message`, or says that it did not answer in time.
    ///
    /// # Panics
    /// When the message is not an invoice.
    pub async fn pay(&self, invoice: &SentMessage) -> Result<SentMessage, String> {
        self.checkout(invoice, None).await
    }

    /// Pays an invoice with a shipping address (a JSON `ShippingAddress`): for a flexible
    /// invoice (`is_flexible`) a `shipping_query` first, whose first shipping option the user
    /// takes (its prices added to the total), then the pre-checkout query and the payment as
    /// with [`pay`](Self::pay), both carrying the address as `order_info`. `Err` holds the
    /// bot's `error_message` of either query, or says that it did not answer in time.
    ///
    /// # Panics
    /// When the message is not an invoice.
    pub async fn pay_with_shipping(
        &self,
        invoice: &SentMessage,
        address: Value,
    ) -> Result<SentMessage, String> {
        self.checkout(invoice, Some(address)).await
    }

    async fn checkout(
        &self,
        invoice: &SentMessage,
        address: Option<Value>,
    ) -> Result<SentMessage, String> {
        let (chat_id, message_id) = (invoice.chat_id, invoice.message_id);
        let Some(mut charged) = self
            .tg
            .core()
            .lock()
            .invoices
            .get(&(chat_id, message_id))
            .cloned()
        else {
            panic!("FakeTelegram: message {message_id} in chat {chat_id} is not an invoice");
        };
        let mut shipping_option = None;
        if let (Some(address), true) = (&address, charged.flexible) {
            let id = {
                let mut state = self.tg.core().lock();
                let id = state.new_query_id();
                state
                    .shipping_queries
                    .insert(id.clone(), Default::default());
                let query = json!({
                    "id": id,
                    "from": state.user_json(self.id),
                    "invoice_payload": charged.payload,
                    "shipping_address": address,
                });
                state.push_update("shipping_query", query);
                id
            };
            self.tg.core().notify();
            let options = self
                .answer_to("shipping query", |state| {
                    state
                        .shipping_queries
                        .get(&id)
                        .and_then(|q| q.answer.clone())
                })
                .await?;
            let first = &options[0];
            let extra: i64 = first["prices"]
                .as_array()
                .map(|prices| prices.iter().filter_map(|p| p["amount"].as_i64()).sum())
                .unwrap_or(0);
            charged.total_amount = charged.total_amount.saturating_add(extra);
            shipping_option = first["id"].as_str().map(str::to_string);
        }
        let order_info = address.map(|address| json!({"shipping_address": address}));
        let id = {
            let mut state = self.tg.core().lock();
            let id = state.new_query_id();
            state
                .pre_checkout_queries
                .insert(id.clone(), Default::default());
            let mut query = json!({
                "id": id,
                "from": state.user_json(self.id),
                "currency": charged.currency,
                "total_amount": charged.total_amount,
                "invoice_payload": charged.payload,
            });
            if let Some(option) = &shipping_option {
                query["shipping_option_id"] = json!(option);
            }
            if let Some(info) = &order_info {
                query["order_info"] = info.clone();
            }
            state.push_update("pre_checkout_query", query);
            id
        };
        self.tg.core().notify();
        self.answer_to("pre-checkout query", |state| {
            state
                .pre_checkout_queries
                .get(&id)
                .and_then(|q| q.answer.clone())
        })
        .await?;
        let mut payment = json!({
            "currency": charged.currency,
            "total_amount": charged.total_amount,
            "invoice_payload": charged.payload,
            "telegram_payment_charge_id": format!("fake_tg_{id}"),
            "provider_payment_charge_id": format!("fake_provider_{id}"),
        });
        if let Some(option) = &shipping_option {
            payment["shipping_option_id"] = json!(option);
        }
        if let Some(info) = &order_info {
            payment["order_info"] = info.clone();
        }
        self.tg.core().lock().charges.insert(
            format!("fake_tg_{id}"),
            crate::state::Charge {
                user_id: self.id,
                payment: payment.clone(),
                refunded: false,
            },
        );
        let mut content = Map::new();
        content.insert("successful_payment".into(), payment);
        Ok(self
            .tg
            .user_message(Sender::User(self.id), chat_id, content))
    }

    /// Waits (up to the expectation time-out) for the bot's answer to a query, read by `read`:
    /// the answer, the bot's error message, or that it did not answer in time.
    async fn answer_to<T>(
        &self,
        what: &str,
        read: impl FnMut(&mut crate::state::State) -> Option<Result<T, String>>,
    ) -> Result<T, String> {
        let timeout = self.tg.core().expect_timeout();
        match self.tg.core().wait_for(timeout, read).await {
            None => Err(format!(
                "the bot did not answer the {what} within {timeout:?}"
            )),
            Some(answer) => answer,
        }
    }

    /// Leaves a group: a `chat_member` update and a `left_chat_member` service message.
    pub async fn leave(&self, chat: &TestChat) {
        {
            let mut state = self.tg.core().lock();
            if let Err(error) =
                state.set_member_status(chat.id(), self.id, self.id, MemberStatus::Left)
            {
                panic!("FakeTelegram: {}", error.description);
            }
        }
        if chat.kind() != ChatKind::Channel {
            let mut content = Map::new();
            content.insert("left_chat_member".into(), self.json());
            self.tg
                .user_message(Sender::User(self.id), chat.id(), content);
        }
        self.tg.core().notify();
    }

    /// Blocks the bot: a `my_chat_member` update (bot `kicked`); the bot's messages to this
    /// user then fail with 403 `Forbidden: bot was blocked by the user`.
    pub async fn block_bot(&self) {
        self.set_bot_status(MemberStatus::Kicked);
    }

    /// Unblocks the bot (no-op when not blocked): a `my_chat_member` update (bot `member`).
    pub async fn unblock_bot(&self) {
        let blocked = {
            let state = self.tg.core().lock();
            state.chats.get(&self.id).map(|c| c.status_of(state.bot.id))
                == Some(MemberStatus::Kicked)
        };
        if blocked {
            self.set_bot_status(MemberStatus::Member);
        }
    }

    fn set_bot_status(&self, status: MemberStatus) {
        {
            let mut state = self.tg.core().lock();
            let bot = state.bot.id;
            if let Err(error) = state.set_member_status(self.id, self.id, bot, status) {
                panic!("FakeTelegram: {}", error.description);
            }
        }
        self.tg.core().notify();
    }
}

/// The MIME type Telegram would report for a file name, by its extension.
fn mime_for(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// The record of a message a test names; one the fake does not have is a mistake in the test.
fn stored_message(state: &mut State, chat_id: i64, message_id: i64) -> &mut MessageRec {
    state
        .chats
        .get_mut(&chat_id)
        .and_then(|c| c.message_mut(message_id))
        .unwrap_or_else(|| {
            panic!("FakeTelegram: message {message_id} in chat {chat_id} does not exist")
        })
}
