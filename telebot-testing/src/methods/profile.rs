//! setMyName, setMyDescription, setMyShortDescription and their getters (the default
//! language; values for other languages are accepted and not kept).

use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::objects::text_len;
use crate::request::Params;
use crate::state::State;

/// The parameter, result field and longest value of each setter.
fn field(method: &str) -> (&'static str, usize) {
    match method {
        "setMyName" | "getMyName" => ("name", 64),
        "setMyDescription" | "getMyDescription" => ("description", 512),
        _ => ("short_description", 120),
    }
}

/// setMyName, setMyDescription or setMyShortDescription.
pub(super) fn set(state: &mut State, method: &str, params: &Params) -> ApiResult {
    let (name, longest) = field(method);
    let value = params.str(name).unwrap_or_default();
    if text_len(&value) > longest {
        return Err(ApiError::bad_request(format!(
            "{} is too long",
            name.replace('_', " ")
        )));
    }
    if params.str("language_code").is_some_and(|l| !l.is_empty()) {
        return Ok(json!(true));
    }
    let profile = &mut state.profile;
    match name {
        "name" => profile.name = (!value.is_empty()).then_some(value),
        "description" => profile.description = value,
        _ => profile.short_description = value,
    }
    Ok(json!(true))
}

/// getMyName, getMyDescription or getMyShortDescription.
pub(super) fn get(state: &State, method: &str) -> Value {
    let (name, _) = field(method);
    let profile = &state.profile;
    let value = match name {
        "name" => profile
            .name
            .clone()
            .unwrap_or_else(|| state.bot.first_name.clone()),
        "description" => profile.description.clone(),
        _ => profile.short_description.clone(),
    };
    json!({ name: value })
}
