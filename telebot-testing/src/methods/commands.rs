//! setMyCommands, getMyCommands and deleteMyCommands, kept per scope and language.

use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::request::Params;
use crate::state::State;

/// The storage key of a `scope` and `language_code`.
fn key(params: &Params) -> Result<(String, String), ApiError> {
    let scope = params
        .json("scope")?
        .unwrap_or_else(|| json!({ "type": "default" }));
    let kind = scope
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let needs_chat = match kind {
        "default" | "all_private_chats" | "all_group_chats" | "all_chat_administrators" => false,
        "chat" | "chat_administrators" | "chat_member" => true,
        _ => return Err(ApiError::bad_request("wrong scope type specified")),
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let chat = text(scope.get("chat_id"));
    if needs_chat && chat.is_empty() {
        return Err(ApiError::bad_request("chat_id is empty"));
    }
    let user = text(scope.get("user_id"));
    if kind == "chat_member" && user.is_empty() {
        return Err(ApiError::bad_request("user_id is required"));
    }
    let language = params.str("language_code").unwrap_or_default();
    if !(language.is_empty()
        || (language.len() == 2 && language.chars().all(|c| c.is_ascii_lowercase())))
    {
        return Err(ApiError::bad_request("invalid language code specified"));
    }
    Ok((format!("{kind}:{chat}:{user}"), language))
}

/// setMyCommands.
pub(super) fn set_my_commands(state: &mut State, params: &Params) -> ApiResult {
    let commands = params
        .array("commands")?
        .ok_or_else(|| ApiError::missing("commands"))?;
    if commands.len() > 100 {
        return Err(ApiError::bad_request("too many commands specified"));
    }
    let mut stored = Vec::new();
    for command in &commands {
        let name = command
            .get("command")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let name = name.strip_prefix('/').unwrap_or(name);
        let valid = (1..=32).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(ApiError::bad_request("BOT_COMMAND_INVALID"));
        }
        let description = command
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !(1..=256).contains(&description.chars().count()) {
            return Err(ApiError::bad_request("BOT_COMMAND_DESCRIPTION_INVALID"));
        }
        stored.push(json!({ "command": name, "description": description }));
    }
    let key = key(params)?;
    if stored.is_empty() {
        state.commands.remove(&key);
    } else {
        state.commands.insert(key, Value::Array(stored));
    }
    Ok(Value::Bool(true))
}

/// getMyCommands: the list for exactly that scope and language (empty when unset).
pub(super) fn get_my_commands(state: &mut State, params: &Params) -> ApiResult {
    let key = key(params)?;
    Ok(state
        .commands
        .get(&key)
        .cloned()
        .unwrap_or_else(|| json!([])))
}

/// deleteMyCommands.
pub(super) fn delete_my_commands(state: &mut State, params: &Params) -> ApiResult {
    let key = key(params)?;
    state.commands.remove(&key);
    Ok(Value::Bool(true))
}
