//! Building updates for the unit tests.

use crate::Update;
use serde_json::{Value, json};
use telebot_syntax::update_kinds::MESSAGE_KINDS;

/// An update of `kind`. For message kinds, `fields` are added to a minimal private-chat
/// message (and may replace its `chat`); other kinds take `fields` as their whole payload.
pub(crate) fn update(kind: &str, fields: Value) -> Update {
    let payload = if MESSAGE_KINDS.contains(&kind) {
        let mut base = json!({
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": 10, "type": "private", "first_name": "Ann"},
        });
        let obj = base.as_object_mut().unwrap();
        for (k, v) in fields.as_object().expect("fields must be an object") {
            obj.insert(k.clone(), v.clone());
        }
        base
    } else {
        fields
    };
    serde_json::from_value(json!({"update_id": 1, kind: payload})).expect("valid update")
}

/// A `message` update with these fields.
pub(crate) fn message(fields: Value) -> Update {
    update("message", fields)
}

/// A user object.
pub(crate) fn user(id: i64, username: Option<&str>) -> Value {
    let mut u = json!({"id": id, "is_bot": false, "first_name": "U"});
    if let Some(name) = username {
        u["username"] = json!(name);
    }
    u
}

/// A chat object.
pub(crate) fn chat(id: i64, kind: &str, username: Option<&str>) -> Value {
    let mut c = json!({"id": id, "type": kind, "title": "T"});
    if let Some(name) = username {
        c["username"] = json!(name);
    }
    c
}
