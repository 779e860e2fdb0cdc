//! The error answers of the fake server, shaped like Telegram's.

use serde_json::{Map, Value, json};

/// A Bot API error answer: `{"ok":false,"error_code":…,"description":…,"parameters":…}`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    /// The HTTP status and `error_code`.
    pub code: u16,
    /// The `description`, e.g. `Bad Request: chat not found`.
    pub description: String,
    /// The optional `parameters` object (`retry_after`, `migrate_to_chat_id`).
    pub parameters: Option<Value>,
}

impl ApiError {
    /// An error with the given code and full description.
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        ApiError {
            code,
            description: description.into(),
            parameters: None,
        }
    }

    /// 400 `Bad Request: {what}`.
    pub fn bad_request(what: impl AsRef<str>) -> Self {
        Self::new(400, format!("Bad Request: {}", what.as_ref()))
    }

    /// 403 `Forbidden: {what}`.
    pub fn forbidden(what: impl AsRef<str>) -> Self {
        Self::new(403, format!("Forbidden: {}", what.as_ref()))
    }

    /// 400 `Bad Request: chat not found`.
    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    /// 400 for a missing required parameter.
    pub fn missing(param: &str) -> Self {
        if param == "chat_id" {
            Self::bad_request("chat_id is empty")
        } else {
            Self::bad_request(format!("{param} is required"))
        }
    }

    /// 400 for a parameter that has the wrong type or an unusable value.
    pub fn invalid(param: &str) -> Self {
        Self::bad_request(format!("invalid {param} specified"))
    }

    /// 429 `Too Many Requests: retry after N` with `parameters.retry_after`.
    pub fn too_many_requests(retry_after: u32) -> Self {
        ApiError {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            parameters: Some(json!({ "retry_after": retry_after })),
        }
    }

    /// 400 telling that a group became a supergroup, with `parameters.migrate_to_chat_id`.
    pub fn migrated(to: i64) -> Self {
        ApiError {
            code: 400,
            description: "Bad Request: group chat was upgraded to a supergroup chat".into(),
            parameters: Some(json!({ "migrate_to_chat_id": to })),
        }
    }

    /// 409 for a getUpdates call ended by a newer one.
    pub fn terminated_by_other_poll() -> Self {
        Self::new(
            409,
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        )
    }

    /// 409 for getUpdates while a webhook is set.
    pub fn webhook_active() -> Self {
        Self::new(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        )
    }

    /// The JSON body Telegram sends for this error.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("ok".into(), Value::Bool(false));
        body.insert("error_code".into(), json!(self.code));
        body.insert("description".into(), json!(self.description));
        if let Some(parameters) = &self.parameters {
            body.insert("parameters".into(), parameters.clone());
        }
        Value::Object(body)
    }
}

/// The result of a method handler.
pub(crate) type ApiResult = Result<Value, ApiError>;
