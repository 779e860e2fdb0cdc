//! pinChatMessage, unpinChatMessage and unpinAllChatMessages.

use serde_json::{Map, Value, json};

use super::chat_param;
use crate::error::{ApiError, ApiResult};
use crate::request::Params;
use crate::state::{Sender, State};

/// pinChatMessage: the message joins the chat's pins, and a `pinned_message` service message
/// from the bot tells the chat.
pub(super) fn pin_chat_message(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let message_id = params.req_i64("message_id")?;
    state.check_bot_can_send(chat_id)?;
    let mut pinned = state
        .message_json(chat_id, message_id)
        .ok_or_else(|| ApiError::bad_request("message to pin not found"))?;
    if let Value::Object(map) = &mut pinned {
        map.remove("reply_to_message");
    }
    let chat = state.chat_mut(chat_id)?;
    chat.pinned.retain(|id| *id != message_id);
    chat.pinned.push(message_id);
    let mut content = Map::new();
    content.insert("pinned_message".into(), pinned);
    state.add_message(chat_id, Sender::Bot, content, None)?;
    Ok(json!(true))
}

/// unpinChatMessage: the given pin, or the most recent one.
pub(super) fn unpin_chat_message(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let message_id = params.i64("message_id")?;
    let chat = state.chat_mut(chat_id)?;
    let target = message_id.or_else(|| chat.pinned.last().copied());
    match target {
        Some(id) if chat.pinned.contains(&id) => {
            chat.pinned.retain(|pinned| *pinned != id);
            Ok(json!(true))
        }
        _ => Err(ApiError::bad_request("message to unpin not found")),
    }
}

/// unpinAllChatMessages.
pub(super) fn unpin_all_chat_messages(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    state.chat_mut(chat_id)?.pinned.clear();
    Ok(json!(true))
}
