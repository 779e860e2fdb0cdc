//! getMe and the chat and member methods.

use serde_json::{Value, json};

use super::chat_param;
use crate::error::{ApiError, ApiResult};
use crate::request::Params;
use crate::state::{ChatKind, MemberStatus, State};

/// getMe.
pub(super) fn get_me(state: &State) -> Value {
    let mut me = state.bot.json();
    if let Value::Object(map) = &mut me {
        map.remove("language_code");
        map.insert("can_join_groups".into(), json!(true));
        map.insert("can_read_all_group_messages".into(), json!(false));
        map.insert("supports_inline_queries".into(), json!(true));
        map.insert("can_connect_to_business".into(), json!(false));
        map.insert("has_main_web_app".into(), json!(false));
    }
    me
}

/// getChat.
pub(super) fn get_chat(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    Ok(state.chat(chat_id)?.full_info())
}

/// The `user_id` parameter, which must name a known user.
fn user_param(state: &State, params: &Params) -> Result<i64, ApiError> {
    let user_id = params.req_i64("user_id")?;
    if user_id == state.bot.id || state.users.contains_key(&user_id) {
        Ok(user_id)
    } else {
        Err(ApiError::bad_request("user not found"))
    }
}

/// getChatMember.
pub(super) fn get_chat_member(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let user_id = user_param(state, params)?;
    let chat = state.chat(chat_id)?;
    Ok(state.member_json(user_id, chat.status_of(user_id), chat.kind))
}

/// getChatMemberCount.
pub(super) fn get_chat_member_count(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let chat = state.chat(chat_id)?;
    Ok(json!(
        chat.members.values().filter(|s| s.is_present()).count()
    ))
}

/// getChatAdministrators.
pub(super) fn get_chat_administrators(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let chat = state.chat(chat_id)?;
    if chat.kind == ChatKind::Private {
        return Err(ApiError::bad_request(
            "there are no administrators in the private chat",
        ));
    }
    let admins = chat
        .members
        .iter()
        .filter(|(_, status)| status.is_admin())
        .map(|(id, status)| state.member_json(*id, *status, chat.kind))
        .collect();
    Ok(Value::Array(admins))
}

/// Checks that the bot can restrict members of a group-like chat.
fn check_restrict_rights(state: &State, chat_id: i64) -> Result<(), ApiError> {
    let chat = state.chat(chat_id)?;
    if chat.kind == ChatKind::Private {
        return Err(ApiError::bad_request(
            "chat member status can't be changed in private chats",
        ));
    }
    if !chat.status_of(state.bot.id).is_admin() {
        return Err(ApiError::bad_request(
            "not enough rights to restrict/unrestrict chat member",
        ));
    }
    Ok(())
}

/// banChatMember: the member becomes `kicked`, with a `chat_member` update.
pub(super) fn ban_chat_member(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let user_id = user_param(state, params)?;
    check_restrict_rights(state, chat_id)?;
    if user_id == state.bot.id {
        return Err(ApiError::bad_request("can't remove self"));
    }
    if state.chat(chat_id)?.status_of(user_id) == MemberStatus::Creator {
        return Err(ApiError::bad_request("can't remove chat owner"));
    }
    let bot = state.bot.id;
    state.set_member_status(chat_id, bot, user_id, MemberStatus::Kicked)?;
    Ok(Value::Bool(true))
}

/// unbanChatMember: a banned user becomes `left`; without `only_if_banned` a member is removed too.
pub(super) fn unban_chat_member(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let user_id = user_param(state, params)?;
    check_restrict_rights(state, chat_id)?;
    let status = state.chat(chat_id)?.status_of(user_id);
    let leave = match status {
        MemberStatus::Kicked => true,
        MemberStatus::Creator => return Err(ApiError::bad_request("can't remove chat owner")),
        s if s.is_present() => !params.bool("only_if_banned"),
        _ => false,
    };
    if leave {
        let bot = state.bot.id;
        state.set_member_status(chat_id, bot, user_id, MemberStatus::Left)?;
    }
    Ok(Value::Bool(true))
}

/// leaveChat: the bot leaves, with a `my_chat_member` update.
pub(super) fn leave_chat(state: &mut State, params: &Params) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let chat = state.chat(chat_id)?;
    if chat.kind == ChatKind::Private {
        return Err(ApiError::bad_request(
            "chat member status can't be changed in private chats",
        ));
    }
    if !chat.status_of(state.bot.id).is_present() {
        return Err(ApiError::forbidden("bot is not a member of the group chat"));
    }
    let bot = state.bot.id;
    state.set_member_status(chat_id, bot, bot, MemberStatus::Left)?;
    Ok(Value::Bool(true))
}
