//! What the page asks for, done as a Telegram user would through the fake Telegram's script
//! API: send text, press a button, vote, share a location or contact, pay, react, join or
//! leave the group, upload a photo or a file. Each request is checked against the state
//! first, so that a stale page gets an error to show, not a panic.

use std::time::Duration;

use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::script::{FakeTelegram, SentMessage, TestChat, TestUser};
use crate::state::{ChatKind, State};

/// The group the page creates when a user joins one.
pub(crate) const GROUP_TITLE: &str = "Sandbox group";

/// How long a button press waits for the bot's answerCallbackQuery (the apps wait about as
/// long before giving up).
const ANSWER_WAIT: Duration = Duration::from_secs(10);

/// One request from the page. `user` is the name of the user acting, `chat` a chat id.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Action {
    /// Creates (or selects) a user by name.
    User { name: String },
    /// A text message.
    Send {
        user: String,
        chat: i64,
        text: String,
    },
    /// A press of the inline button at `row`, `col` of a message.
    Press {
        user: String,
        chat: i64,
        message: i64,
        row: usize,
        col: usize,
    },
    /// A vote in a poll.
    Vote {
        user: String,
        chat: i64,
        message: i64,
        options: Vec<usize>,
    },
    /// A shared location.
    Location {
        user: String,
        chat: i64,
        latitude: f64,
        longitude: f64,
    },
    /// The user's own contact.
    Contact {
        user: String,
        chat: i64,
        phone_number: String,
    },
    /// Pays an invoice.
    Pay {
        user: String,
        chat: i64,
        message: i64,
    },
    /// Sets (or, with `""`, removes) the user's reaction.
    React {
        user: String,
        chat: i64,
        message: i64,
        emoji: String,
    },
    /// Joins the sandbox group (created on first use).
    Join { user: String },
    /// Leaves a group.
    Leave { user: String, chat: i64 },
    /// Adds the bot to a group again.
    AddBot { user: String, chat: i64 },
    /// Removes the bot from a group.
    RemoveBot { user: String, chat: i64 },
}

/// What an upload is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UploadKind {
    /// A compressed photo.
    Photo,
    /// A file.
    Document,
}

/// An upload from the page: the raw bytes and what they are.
#[derive(Debug)]
pub(crate) struct Upload {
    pub user: String,
    pub chat: i64,
    pub kind: UploadKind,
    pub file_name: String,
    pub caption: Option<String>,
    pub bytes: Bytes,
}

/// A refusal to show the user.
pub(crate) type Refusal = String;

/// The user of that name, if the page may act as them (created with the `user` action).
fn user(tg: &FakeTelegram, name: &str) -> Result<TestUser, Refusal> {
    let known = tg.core().lock().user_names.contains_key(name);
    if known {
        Ok(tg.user(name))
    } else {
        Err(format!("no user {name:?}"))
    }
}

/// A user name the page may create: 1 to 32 letters, digits, spaces or underscores.
fn valid_name(name: &str) -> bool {
    (1..=32).contains(&name.chars().count())
        && name.trim() == name
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_')
}

/// Checks that `user` may write in `chat`: their private chat with the bot, or a group they
/// are in.
fn may_write(state: &State, user: i64, chat: i64) -> Result<(), Refusal> {
    let Some(rec) = state.chats.get(&chat) else {
        return Err("no such chat".into());
    };
    match rec.kind {
        ChatKind::Private if chat == user => Ok(()),
        ChatKind::Group | ChatKind::Supergroup if rec.status_of(user).is_present() => Ok(()),
        ChatKind::Group | ChatKind::Supergroup => Err("you are not a member of this group".into()),
        _ => Err("you cannot write in this chat".into()),
    }
}

/// The message, if it exists (not deleted) in the chat.
fn message(tg: &FakeTelegram, chat: i64, id: i64) -> Result<SentMessage, Refusal> {
    tg.message(chat, id)
        .filter(|m| !m.deleted)
        .ok_or_else(|| "that message is gone".into())
}

/// A group of the sandbox, by id.
fn group(tg: &FakeTelegram, chat: i64) -> Result<TestChat, Refusal> {
    let kind = tg.core().lock().chats.get(&chat).map(|c| c.kind);
    match kind {
        Some(ChatKind::Group | ChatKind::Supergroup) => Ok(TestChat::new(tg.clone(), chat)),
        _ => Err("no such group".into()),
    }
}

/// Runs an action; the JSON answered to the page on success.
pub(crate) async fn run(tg: &FakeTelegram, action: Action) -> Result<Value, Refusal> {
    match action {
        Action::User { name } => {
            if !valid_name(&name) {
                return Err("a name is 1 to 32 letters, digits, spaces or underscores".into());
            }
            let user = tg.user(&name);
            tg.core().notify();
            Ok(json!({ "id": user.id() }))
        }
        Action::Send {
            user: name,
            chat,
            text,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            if text.trim().is_empty() {
                return Err("the message is empty".into());
            }
            if text.chars().count() > 4096 {
                return Err("the message is longer than 4096 characters".into());
            }
            let sent = if chat == user.id() {
                user.send(&text).await
            } else {
                user.send_in(&TestChat::new(tg.clone(), chat), &text).await
            };
            Ok(json!({ "message": sent.message_id }))
        }
        Action::Press {
            user: name,
            chat,
            message: id,
            row,
            col,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            let message = message(tg, chat, id)?;
            let button = message
                .buttons()
                .get(row)
                .and_then(|r| r.get(col))
                .cloned()
                .ok_or("that button is gone")?;
            if button.callback_data.is_none() {
                return Err("this button sends no callback query".into());
            }
            let query = user.press_nth(&message, row, col).await;
            let answer = tg
                .core()
                .wait_for(ANSWER_WAIT, |state| {
                    state
                        .callback_queries
                        .get(query.id())
                        .and_then(|q| q.answer.clone())
                })
                .await;
            Ok(match answer.and_then(|_| query.answer()) {
                Some(answer) => json!({ "answer": {
                    "text": answer.text,
                    "show_alert": answer.show_alert,
                    "url": answer.url,
                }}),
                None => json!({ "answer": null }),
            })
        }
        Action::Vote {
            user: name,
            chat,
            message: id,
            options,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            let message = message(tg, chat, id)?;
            let poll = message
                .raw
                .get("poll")
                .ok_or("that message is not a poll")?;
            if poll.get("is_closed").and_then(Value::as_bool) == Some(true) {
                return Err("the poll is closed".into());
            }
            let count = poll
                .get("options")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            let multiple =
                poll.get("allows_multiple_answers").and_then(Value::as_bool) == Some(true);
            if options.is_empty()
                || options.iter().any(|o| *o >= count)
                || (!multiple && options.len() > 1)
            {
                return Err("choose one of the poll's options".into());
            }
            user.vote(&message, &options).await;
            Ok(json!({}))
        }
        Action::Location {
            user: name,
            chat,
            latitude,
            longitude,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
                return Err("a latitude is within ±90 and a longitude within ±180".into());
            }
            let sent = user
                .send_raw(
                    chat,
                    json!({ "location": { "latitude": latitude, "longitude": longitude } }),
                )
                .await;
            Ok(json!({ "message": sent.message_id }))
        }
        Action::Contact {
            user: name,
            chat,
            phone_number,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            let phone = phone_number.trim();
            if phone.is_empty()
                || phone.len() > 32
                || !phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || "+- ()".contains(c))
            {
                return Err("a phone number is digits, spaces, +, - and parentheses".into());
            }
            let me = user.json();
            let sent = user
                .send_raw(
                    chat,
                    json!({ "contact": {
                        "phone_number": phone,
                        "first_name": me.get("first_name"),
                        "last_name": me.get("last_name"),
                        "user_id": user.id(),
                    }}),
                )
                .await;
            Ok(json!({ "message": sent.message_id }))
        }
        Action::Pay {
            user: name,
            chat,
            message: id,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            let message = message(tg, chat, id)?;
            if !tg.core().lock().invoices.contains_key(&(chat, id)) {
                return Err("that message is not an invoice".into());
            }
            let paid = user.pay(&message).await?;
            Ok(json!({ "message": paid.message_id }))
        }
        Action::React {
            user: name,
            chat,
            message: id,
            emoji,
        } => {
            let user = user(tg, &name)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            let message = message(tg, chat, id)?;
            if emoji.chars().count() > 8 {
                return Err("a reaction is one emoji".into());
            }
            user.react(&message, &emoji).await;
            Ok(json!({}))
        }
        Action::Join { user: name } => {
            let user = user(tg, &name)?;
            let group = tg.group(GROUP_TITLE);
            if !group.status_of(&user).is_present() {
                group.add(&user).await;
            }
            Ok(json!({ "chat": group.id() }))
        }
        Action::Leave { user: name, chat } => {
            let user = user(tg, &name)?;
            let group = group(tg, chat)?;
            if !group.status_of(&user).is_present() {
                return Err("you are not a member of this group".into());
            }
            user.leave(&group).await;
            Ok(json!({}))
        }
        Action::AddBot { user: name, chat } => {
            let user = user(tg, &name)?;
            let group = group(tg, chat)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            group.add_bot(&user).await;
            Ok(json!({}))
        }
        Action::RemoveBot { user: name, chat } => {
            let user = user(tg, &name)?;
            let group = group(tg, chat)?;
            may_write(&tg.core().lock(), user.id(), chat)?;
            group.remove_bot(&user).await;
            Ok(json!({}))
        }
    }
}

/// Sends an uploaded photo or file.
pub(crate) async fn upload(tg: &FakeTelegram, upload: Upload) -> Result<Value, Refusal> {
    let user = user(tg, &upload.user)?;
    may_write(&tg.core().lock(), user.id(), upload.chat)?;
    if upload.bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let sent = match upload.kind {
        UploadKind::Photo => {
            if crate::objects::image_size(&upload.bytes).is_none() {
                return Err("that is not a PNG, JPEG or GIF image; send it as a file".into());
            }
            user.send_photo(upload.chat, upload.bytes, upload.caption.as_deref())
                .await
        }
        UploadKind::Document => {
            let name: String = upload
                .file_name
                .chars()
                .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
                .take(128)
                .collect();
            let name = if name.trim().is_empty() {
                "file".to_owned()
            } else {
                name
            };
            user.send_document(upload.chat, &name, upload.bytes).await
        }
    };
    Ok(json!({ "message": sent.message_id }))
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn user_names_are_short_words() {
        assert!(valid_name("bob"));
        assert!(valid_name("Ann Lee"));
        assert!(!valid_name(""));
        assert!(!valid_name(" bob"));
        assert!(!valid_name("<script>"));
        assert!(!valid_name(&"a".repeat(33)));
    }
}
