//! The Bot API methods the fake server implements, grouped by family, and their dispatch.

mod chats;
mod commands;
mod edit;
mod media;
mod messages;
mod payments;
mod pins;
mod polls;
mod profile;
mod queries;
mod updates;

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::core::Core;
use super::error::{ApiError, ApiResult};
use super::objects::text_len;
use super::request::Params;
use super::state::{Sender, State};

/// Runs a (documented) method. Methods that are not implemented answer 501.
pub(crate) async fn call(core: &Arc<Core>, method: &'static str, params: &Params) -> ApiResult {
    match method {
        "getUpdates" => updates::get_updates(core, params).await,
        "setWebhook" => updates::set_webhook(core, params),
        "sendPhoto" | "sendDocument" | "sendVideo" | "sendAudio" | "sendAnimation"
        | "sendVoice" | "sendVideoNote" | "sendSticker" => {
            media::send_media(core, method, params).await
        }
        "sendMediaGroup" => media::send_media_group(core, params).await,
        _ => {
            let result = {
                let mut state = core.lock();
                call_sync(&mut state, method, params)
            };
            core.notify();
            result
        }
    }
}

/// Methods that only touch the state.
fn call_sync(state: &mut State, method: &str, params: &Params) -> ApiResult {
    match method {
        "getMe" => Ok(chats::get_me(state)),
        "deleteWebhook" => updates::delete_webhook(state, params),
        "getWebhookInfo" => Ok(updates::webhook_info(state)),
        "logOut" | "close" => Ok(Value::Bool(true)),
        "sendMessage" => messages::send_message(state, params),
        "forwardMessage" => messages::forward_message(state, params, true),
        "copyMessage" => messages::forward_message(state, params, false),
        "forwardMessages" => messages::forward_messages(state, params, true),
        "copyMessages" => messages::forward_messages(state, params, false),
        "deleteMessage" => messages::delete_message(state, params),
        "deleteMessages" => messages::delete_messages(state, params),
        "sendChatAction" => messages::send_chat_action(state, params),
        "setMessageReaction" => messages::set_message_reaction(state, params),
        "editMessageText" => edit::edit_message_text(state, params),
        "editMessageCaption" => edit::edit_message_caption(state, params),
        "editMessageReplyMarkup" => edit::edit_message_reply_markup(state, params),
        "getFile" => media::get_file(state, params),
        "getChat" => chats::get_chat(state, params),
        "getChatMember" => chats::get_chat_member(state, params),
        "getChatMemberCount" => chats::get_chat_member_count(state, params),
        "getChatAdministrators" => chats::get_chat_administrators(state, params),
        "banChatMember" => chats::ban_chat_member(state, params),
        "unbanChatMember" => chats::unban_chat_member(state, params),
        "leaveChat" => chats::leave_chat(state, params),
        "answerCallbackQuery" => queries::answer_callback_query(state, params),
        "answerInlineQuery" => queries::answer_inline_query(state, params),
        "setMyCommands" => commands::set_my_commands(state, params),
        "getMyCommands" => commands::get_my_commands(state, params),
        "deleteMyCommands" => commands::delete_my_commands(state, params),
        "sendPoll" => polls::send_poll(state, params),
        "pinChatMessage" => pins::pin_chat_message(state, params),
        "unpinChatMessage" => pins::unpin_chat_message(state, params),
        "unpinAllChatMessages" => pins::unpin_all_chat_messages(state, params),
        "setMyName" | "setMyDescription" | "setMyShortDescription" => {
            profile::set(state, method, params)
        }
        "getMyName" | "getMyDescription" | "getMyShortDescription" => {
            Ok(profile::get(state, method))
        }
        "sendInvoice" => payments::send_invoice(state, params),
        "answerPreCheckoutQuery" => payments::answer_pre_checkout_query(state, params),
        "answerShippingQuery" => payments::answer_shipping_query(state, params),
        "refundStarPayment" => payments::refund_star_payment(state, params),
        "stopPoll" => polls::stop_poll(state, params),
        other => Err(ApiError::new(
            501,
            format!("Not Implemented: FakeTelegram does not implement {other}"),
        )),
    }
}

/// The chat named by the `chat_id` parameter.
fn chat_param(state: &State, params: &Params) -> Result<i64, ApiError> {
    state.resolve_chat(params.get("chat_id"), "chat_id")
}

/// Checks `parse_mode` (the text itself is kept as sent: entities are not parsed).
fn check_parse_mode(params: &Params, name: &str) -> Result<(), ApiError> {
    match params.str(name).as_deref() {
        None | Some("") => Ok(()),
        Some(mode)
            if ["html", "markdown", "markdownv2"].contains(&mode.to_ascii_lowercase().as_str()) =>
        {
            Ok(())
        }
        Some(_) => Err(ApiError::bad_request(format!("unsupported {name}"))),
    }
}

/// Checks a caption parameter (at most 1024 characters).
fn caption_param(params: &Params) -> Result<Option<String>, ApiError> {
    check_parse_mode(params, "parse_mode")?;
    let caption = params.str("caption").filter(|c| !c.is_empty());
    if caption.as_deref().is_some_and(|c| text_len(c) > 1024) {
        return Err(ApiError::bad_request("message caption is too long"));
    }
    Ok(caption)
}

/// Validates a `reply_markup` parameter and returns it.
fn reply_markup_param(params: &Params) -> Result<Option<Value>, ApiError> {
    let Some(markup) = params.json("reply_markup")? else {
        return Ok(None);
    };
    validate_reply_markup(&markup)?;
    Ok(Some(markup))
}

/// Checks a reply markup the way Telegram does for the common mistakes.
fn validate_reply_markup(markup: &Value) -> Result<(), ApiError> {
    let unparsable = || ApiError::bad_request("can't parse reply keyboard markup JSON object");
    let Some(object) = markup.as_object() else {
        return Err(unparsable());
    };
    if let Some(rows) = object.get("inline_keyboard") {
        let rows = rows
            .as_array()
            .ok_or_else(|| ApiError::bad_request("field \"inline_keyboard\" must be an Array"))?;
        for row in rows {
            let row = row.as_array().ok_or_else(|| {
                ApiError::bad_request("field \"inline_keyboard\" must be an Array of Arrays")
            })?;
            for button in row {
                validate_inline_button(button)?;
            }
        }
        return Ok(());
    }
    if let Some(rows) = object.get("keyboard") {
        let ok = rows
            .as_array()
            .is_some_and(|rows| rows.iter().all(|row| row.as_array().is_some()));
        return if ok {
            Ok(())
        } else {
            Err(ApiError::bad_request(
                "field \"keyboard\" must be an Array of Arrays",
            ))
        };
    }
    if object.contains_key("remove_keyboard") || object.contains_key("force_reply") {
        return Ok(());
    }
    Err(unparsable())
}

fn validate_inline_button(button: &Value) -> Result<(), ApiError> {
    let text = button
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if text.is_empty() {
        return Err(ApiError::bad_request(
            "can't parse inline keyboard button: Text must be non-empty",
        ));
    }
    const ACTIONS: &[&str] = &[
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ];
    if !ACTIONS.iter().any(|a| button.get(*a).is_some()) {
        return Err(ApiError::bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ));
    }
    if let Some(data) = button.get("callback_data") {
        let len = data.as_str().map_or(0, str::len);
        if !(1..=64).contains(&len) {
            return Err(ApiError::bad_request("BUTTON_DATA_INVALID"));
        }
    }
    if let Some(url) = button.get("url") {
        let url = url.as_str().unwrap_or_default();
        if !["http://", "https://", "tg://"]
            .iter()
            .any(|p| url.starts_with(p))
        {
            return Err(ApiError::bad_request("BUTTON_URL_INVALID"));
        }
    }
    Ok(())
}

/// The `reply_to_message` for `reply_parameters` / `reply_to_message_id`, if any.
fn reply_target(state: &State, params: &Params, chat_id: i64) -> Result<Option<Value>, ApiError> {
    let (message_id, other_chat, allow_missing) = match params.json("reply_parameters")? {
        Some(reply) => {
            let message_id = reply
                .get("message_id")
                .and_then(Value::as_i64)
                .ok_or_else(|| {
                    ApiError::bad_request("can't parse reply parameters: message_id is required")
                })?;
            let other_chat = match reply.get("chat_id") {
                Some(chat) if !chat.is_null() => Some(state.resolve_chat(Some(chat), "chat_id")?),
                _ => None,
            };
            let allow = reply
                .get("allow_sending_without_reply")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            (message_id, other_chat, allow)
        }
        None => match params.i64("reply_to_message_id")? {
            Some(id) => (id, None, params.bool("allow_sending_without_reply")),
            None => return Ok(None),
        },
    };
    let source = other_chat.unwrap_or(chat_id);
    match state.message_json(source, message_id) {
        Some(mut message) => {
            if let Value::Object(map) = &mut message {
                map.remove("reply_to_message");
            }
            if source == chat_id {
                Ok(Some(message))
            } else {
                Ok(None)
            }
        }
        None if allow_missing => Ok(None),
        None => Err(ApiError::bad_request("message to be replied not found")),
    }
}

/// Stores a message sent by the bot with the common parameters applied, and returns it.
fn send_bot_message(
    state: &mut State,
    params: &Params,
    chat_id: i64,
    mut content: Map<String, Value>,
) -> ApiResult {
    state.check_bot_can_send(chat_id)?;
    let reply_markup = reply_markup_param(params)?;
    if let Some(reply) = reply_target(state, params, chat_id)? {
        content.insert("reply_to_message".into(), reply);
    }
    if params.bool("protect_content") {
        content.insert("has_protected_content".into(), json!(true));
    }
    if let Some(effect) = params.str("message_effect_id") {
        content.insert("effect_id".into(), json!(effect));
    }
    let message_id = state.add_message(chat_id, Sender::Bot, content, reply_markup)?;
    remember_parse_mode(state, params, chat_id, message_id);
    state
        .message_json(chat_id, message_id)
        .ok_or_else(|| ApiError::new(500, "Internal Server Error"))
}

/// Keeps the `parse_mode` a message's text or caption was sent or edited with.
fn remember_parse_mode(state: &mut State, params: &Params, chat_id: i64, message_id: i64) {
    if let Some(rec) = state
        .chats
        .get_mut(&chat_id)
        .and_then(|c| c.message_mut(message_id))
    {
        rec.parse_mode = params.str("parse_mode").filter(|m| !m.is_empty());
    }
}

/// The getWebhookInfo object for the current state.
pub(crate) fn webhook_info(state: &State) -> Value {
    updates::webhook_info(state)
}
