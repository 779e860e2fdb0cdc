//! sendPoll and stopPoll.

use serde_json::{Map, Value, json};

use super::{chat_param, reply_markup_param, send_bot_message};
use crate::error::{ApiError, ApiResult};
use crate::objects::{splitmix64, text_len};
use crate::request::Params;
use crate::state::{ChatKind, State};

/// sendPoll.
pub(super) fn send_poll(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let question = params.str("question").unwrap_or_default();
    if question.trim().is_empty() {
        return Err(ApiError::bad_request("poll question must be non-empty"));
    }
    if text_len(&question) > 300 {
        return Err(ApiError::bad_request(
            "poll question length must not exceed 300",
        ));
    }
    let options = params
        .array("options")?
        .ok_or_else(|| ApiError::missing("options"))?;
    if options.len() < 2 {
        return Err(ApiError::bad_request("poll must have at least 2 option"));
    }
    if options.len() > 12 {
        return Err(ApiError::bad_request(
            "poll can't have more than 12 options",
        ));
    }
    let mut poll_options = Vec::new();
    for (index, option) in options.iter().enumerate() {
        let text = match option {
            Value::String(text) => text.as_str(),
            other => other
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        };
        if text.trim().is_empty() {
            return Err(ApiError::bad_request("poll options must be non-empty"));
        }
        if text_len(text) > 100 {
            return Err(ApiError::bad_request(
                "poll options length must not exceed 100",
            ));
        }
        poll_options
            .push(json!({ "persistent_id": index.to_string(), "text": text, "voter_count": 0 }));
    }
    let kind = params.str("type").unwrap_or_else(|| "regular".into());
    if kind != "regular" && kind != "quiz" {
        return Err(ApiError::bad_request("wrong poll type specified"));
    }
    let is_anonymous = params.get("is_anonymous").is_none() || params.bool("is_anonymous");
    if !is_anonymous && state.chat(chat_id)?.kind == ChatKind::Channel {
        return Err(ApiError::bad_request(
            "non-anonymous polls can't be sent to channel chats",
        ));
    }
    let mut seed = state.bot.id as u64 ^ state.polls.len() as u64 ^ 0x5eed;
    let poll_id = format!(
        "{}",
        5_000_000_000_000_000_000 + splitmix64(&mut seed) % 1_000_000_000_000_000_000
    );
    let mut poll = json!({
        "id": poll_id,
        "question": question,
        "options": poll_options,
        "total_voter_count": 0,
        "is_closed": params.bool("is_closed"),
        "is_anonymous": is_anonymous,
        "type": kind,
        "allows_multiple_answers": kind == "regular" && params.bool("allows_multiple_answers"),
        "allows_revoting": params.bool("allows_revoting"),
        "members_only": params.bool("members_only"),
    });
    if kind == "quiz" {
        let correct = match (
            params.array("correct_option_ids")?,
            params.i64("correct_option_id")?,
        ) {
            (Some(ids), _) => ids,
            (None, Some(id)) => vec![json!(id)],
            (None, None) => {
                return Err(ApiError::bad_request(
                    "correct_option_ids is required for quizzes",
                ));
            }
        };
        let in_range = correct.iter().all(|id| {
            id.as_i64()
                .is_some_and(|i| i >= 0 && (i as usize) < options.len())
        });
        if correct.is_empty() || !in_range {
            return Err(ApiError::bad_request("wrong correct option id specified"));
        }
        poll["correct_option_ids"] = Value::Array(correct);
    }
    for key in ["explanation", "description"] {
        if let Some(v) = params.str(key).filter(|v| !v.is_empty()) {
            poll[key] = json!(v);
        }
    }
    for key in ["open_period", "close_date"] {
        if let Some(v) = params.i64(key)? {
            poll[key] = json!(v);
        }
    }
    let mut content = Map::new();
    content.insert("poll".into(), poll);
    let message = send_bot_message(state, params, chat_id, content)?;
    let message_id = message
        .get("message_id")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    state.polls.insert(poll_id, (chat_id, message_id));
    Ok(message)
}

/// stopPoll: closes a poll the bot sent and returns it; a `poll` update follows.
pub(super) fn stop_poll(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let message_id = params.req_i64("message_id")?;
    let markup = reply_markup_param(params)?;
    let message = state
        .chat_mut(chat_id)?
        .message_mut(message_id)
        .filter(|m| m.from_bot && m.json.get("poll").is_some())
        .ok_or_else(|| ApiError::bad_request("message with poll to stop not found"))?;
    let Some(poll) = message.json.get_mut("poll") else {
        return Err(ApiError::bad_request("message with poll to stop not found"));
    };
    if poll.get("is_closed").and_then(Value::as_bool) == Some(true) {
        return Err(ApiError::bad_request("poll has already been closed"));
    }
    poll["is_closed"] = json!(true);
    let poll = poll.clone();
    if let Some(markup) = markup {
        message.json["reply_markup"] = markup.clone();
        message.reply_markup = Some(markup);
    }
    message.version += 1;
    state.push_update("poll", poll.clone());
    Ok(poll)
}
