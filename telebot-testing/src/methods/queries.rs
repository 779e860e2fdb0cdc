//! answerCallbackQuery and answerInlineQuery: the answers are recorded for the test script.

use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::request::Params;
use crate::state::State;

const TOO_OLD: &str = "query is too old and response timeout expired or query ID is invalid";

/// answerCallbackQuery: each query can be answered once.
pub(super) fn answer_callback_query(state: &mut State, params: &Params) -> ApiResult {
    let id = params.req_str("callback_query_id")?;
    if params.str("text").is_some_and(|t| t.chars().count() > 200) {
        return Err(ApiError::bad_request("MESSAGE_TOO_LONG"));
    }
    let query = state
        .callback_queries
        .get_mut(&id)
        .filter(|q| q.answer.is_none())
        .ok_or_else(|| ApiError::bad_request(TOO_OLD))?;
    query.answer = Some(params.map.clone());
    Ok(Value::Bool(true))
}

/// answerInlineQuery: each query can be answered once, with at most 50 results.
pub(super) fn answer_inline_query(state: &mut State, params: &Params) -> ApiResult {
    let id = params.req_str("inline_query_id")?;
    let results = params
        .array("results")?
        .ok_or_else(|| ApiError::missing("results"))?;
    if results.len() > 50 {
        return Err(ApiError::bad_request("RESULTS_TOO_MUCH"));
    }
    for result in &results {
        let has = |k: &str| {
            result
                .get(k)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty())
        };
        if !has("type") || !has("id") {
            return Err(ApiError::bad_request(
                "can't parse inline query result: type and id are required",
            ));
        }
    }
    let query = state
        .inline_queries
        .get_mut(&id)
        .filter(|q| q.answer.is_none())
        .ok_or_else(|| ApiError::bad_request(TOO_OLD))?;
    let mut answer = params.map.clone();
    answer.insert("results".into(), Value::Array(results));
    query.answer = Some(answer);
    Ok(Value::Bool(true))
}
