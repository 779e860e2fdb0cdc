//! editMessageText, editMessageCaption and editMessageReplyMarkup.

use serde_json::{Map, Value, json};

use super::messages::MAX_TEXT;
use super::{caption_param, chat_param, check_parse_mode, remember_parse_mode, reply_markup_param};
use crate::error::{ApiError, ApiResult};
use crate::objects::{now, text_len};
use crate::request::Params;
use crate::state::State;

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

/// The message an edit is about.
enum Target {
    /// A message sent via inline mode: not tracked, the edit is only recorded.
    Inline,
    /// A stored message.
    Stored { chat_id: i64, message_id: i64 },
}

fn target(state: &State, params: &Params) -> Result<Target, ApiError> {
    if params
        .str("inline_message_id")
        .is_some_and(|id| !id.is_empty())
    {
        return Ok(Target::Inline);
    }
    let chat_id = chat_param(state, params)?;
    let message_id = params
        .i64("message_id")?
        .ok_or_else(|| ApiError::bad_request("message identifier is not specified"))?;
    let chat = state.chat(chat_id)?;
    let message = chat
        .message(message_id)
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    if !message.from_bot {
        return Err(ApiError::bad_request("message can't be edited"));
    }
    Ok(Target::Stored {
        chat_id,
        message_id,
    })
}

/// Applies `change` to a stored message's JSON if it really changes it, then marks it edited.
fn apply(
    state: &mut State,
    chat_id: i64,
    message_id: i64,
    markup: Option<Value>,
    change: impl FnOnce(&mut Map<String, Value>),
) -> ApiResult {
    let message = state
        .chat_mut(chat_id)?
        .message_mut(message_id)
        .ok_or_else(|| ApiError::bad_request("message to edit not found"))?;
    let mut json = message.json.as_object().cloned().unwrap_or_default();
    change(&mut json);
    match markup
        .as_ref()
        .filter(|m| m.get("inline_keyboard").is_some())
    {
        Some(inline) => json.insert("reply_markup".into(), inline.clone()),
        None => json.remove("reply_markup"),
    };
    let mut before = message.json.as_object().cloned().unwrap_or_default();
    before.remove("edit_date");
    json.remove("edit_date");
    if before == json {
        return Err(ApiError::bad_request(NOT_MODIFIED));
    }
    json.insert("edit_date".into(), json!(now()));
    message.json = Value::Object(json);
    message.reply_markup = markup;
    message.version += 1;
    Ok(message.json.clone())
}

/// editMessageText.
pub(super) fn edit_message_text(state: &mut State, params: &Params) -> ApiResult {
    let target = target(state, params)?;
    let text = params.str("text").unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("message text is empty"));
    }
    if text_len(&text) > MAX_TEXT {
        return Err(ApiError::bad_request("message is too long"));
    }
    check_parse_mode(params, "parse_mode")?;
    let markup = reply_markup_param(params)?;
    let Target::Stored {
        chat_id,
        message_id,
    } = target
    else {
        return Ok(Value::Bool(true));
    };
    let has_text = state
        .message_json(chat_id, message_id)
        .is_some_and(|m| m.get("text").is_some());
    if !has_text {
        return Err(ApiError::bad_request(
            "there is no text in the message to edit",
        ));
    }
    let entities = params.array("entities")?.filter(|e| !e.is_empty());
    let edited = apply(state, chat_id, message_id, markup, |json| {
        json.insert("text".into(), json!(text));
        match entities {
            Some(entities) => json.insert("entities".into(), Value::Array(entities)),
            None => json.remove("entities"),
        };
    })?;
    remember_parse_mode(state, params, chat_id, message_id);
    Ok(edited)
}

/// editMessageCaption.
pub(super) fn edit_message_caption(state: &mut State, params: &Params) -> ApiResult {
    let target = target(state, params)?;
    let caption = caption_param(params)?;
    let markup = reply_markup_param(params)?;
    let Target::Stored {
        chat_id,
        message_id,
    } = target
    else {
        return Ok(Value::Bool(true));
    };
    let has_media = state.message_json(chat_id, message_id).is_some_and(|m| {
        ["photo", "document", "video", "audio", "animation", "voice"]
            .iter()
            .any(|k| m.get(*k).is_some())
    });
    if !has_media {
        return Err(ApiError::bad_request(
            "there is no caption in the message to edit",
        ));
    }
    let entities = params.array("caption_entities")?.filter(|e| !e.is_empty());
    let edited = apply(state, chat_id, message_id, markup, |json| {
        match caption {
            Some(caption) => json.insert("caption".into(), json!(caption)),
            None => json.remove("caption"),
        };
        match entities {
            Some(entities) => json.insert("caption_entities".into(), Value::Array(entities)),
            None => json.remove("caption_entities"),
        };
    })?;
    remember_parse_mode(state, params, chat_id, message_id);
    Ok(edited)
}

/// editMessageReplyMarkup.
pub(super) fn edit_message_reply_markup(state: &mut State, params: &Params) -> ApiResult {
    let target = target(state, params)?;
    let markup = reply_markup_param(params)?;
    let Target::Stored {
        chat_id,
        message_id,
    } = target
    else {
        return Ok(Value::Bool(true));
    };
    apply(state, chat_id, message_id, markup, |_| {})
}
