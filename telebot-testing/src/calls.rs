//! The record of every request the bot made.

use serde_json::{Map, Value};

use super::faults::Fault;
use super::request::UploadedFile;

/// One request the bot made to the fake server, in the order received.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCall {
    /// The method name, in the documented spelling when it is a Bot API method
    /// (`sendMessage` even if the bot called `SENDMESSAGE`).
    pub method: String,
    /// The decoded parameters (JSON text held in object/array parameters is decoded).
    pub params: Map<String, Value>,
    /// The file parts of a multipart request.
    pub files: Vec<UploadedFile>,
    /// The fault injected into this call, if any.
    pub fault: Option<Fault>,
    /// The HTTP status answered; `None` while the call is in flight or when the
    /// connection was dropped on purpose.
    pub status: Option<u16>,
    /// The JSON body answered (before any truncation), when there was one.
    pub response: Option<Value>,
}

impl RecordedCall {
    /// A parameter by name.
    pub fn param(&self, name: &str) -> Option<&Value> {
        self.params.get(name)
    }

    /// A text parameter by name (`None` when absent or not text).
    pub fn param_str(&self, name: &str) -> Option<&str> {
        self.params.get(name).and_then(Value::as_str)
    }

    /// An integer parameter by name; numeric text counts.
    pub fn param_i64(&self, name: &str) -> Option<i64> {
        match self.params.get(name)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// The file part sent under that field name.
    pub fn file(&self, field: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|f| f.field == field)
    }

    /// True when the call was answered with `"ok": true`.
    pub fn is_ok(&self) -> bool {
        self.status == Some(200)
            && self
                .response
                .as_ref()
                .and_then(|r| r.get("ok"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
    }

    /// The `description` of an error answer.
    pub fn error_description(&self) -> Option<&str> {
        self.response.as_ref()?.get("description")?.as_str()
    }
}
