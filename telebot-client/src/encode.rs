//! Turns a method's parameters into a request body: JSON, or `multipart/form-data` when the
//! parameters hold uploads.

use super::{Defaults, Method};
use crate::model::{InputFile, UploadCollector};
use serde_json::Value;

/// A request body before files are read.
pub(crate) enum Body {
    /// `application/json`.
    Json(Vec<u8>),
    /// `multipart/form-data`: text fields and file parts.
    Multipart {
        /// Text fields; objects and arrays are JSON-encoded as Telegram expects.
        fields: Vec<(String, String)>,
        /// File parts by part name.
        files: Vec<(String, InputFile)>,
    },
}

/// Top-level parameters that Telegram only accepts as `attach://` references.
const ATTACH_ONLY: [&str; 2] = ["thumbnail", "cover"];

pub(crate) fn encode<M: Method>(params: &M, defaults: Option<&Defaults>) -> Result<Body, String> {
    let defaults = defaults.filter(|d| {
        (!M::DEFAULTABLE.is_empty() || !M::PARSE_MODES.is_empty()) && d.fills_requests()
    });
    if !M::MAY_UPLOAD && defaults.is_none() {
        return serde_json::to_vec(params)
            .map(Body::Json)
            .map_err(|e| e.to_string());
    }
    let collector = UploadCollector::start();
    let mut value = serde_json::to_value(params).map_err(|e| e.to_string())?;
    let uploads = collector.finish();
    if let (Some(defaults), Value::Object(map)) = (defaults, &mut value) {
        defaults.apply(map, M::DEFAULTABLE, M::PARSE_MODES);
    }
    if uploads.is_empty() {
        return serde_json::to_vec(&value)
            .map(Body::Json)
            .map_err(|e| e.to_string());
    }
    let Value::Object(map) = value else {
        return Err("parameters must serialize to a JSON object".to_string());
    };
    let mut uploads: Vec<Option<(String, InputFile)>> = uploads
        .into_iter()
        .map(|u| Some((u.part, u.file)))
        .collect();
    let mut fields = Vec::new();
    let mut files = Vec::new();
    for (key, value) in map {
        if let Value::String(s) = &value
            && let Some(part) = s.strip_prefix("attach://")
            && !ATTACH_ONLY.contains(&key.as_str())
            && let Some(slot) = uploads
                .iter_mut()
                .find(|u| u.as_ref().is_some_and(|(p, _)| p == part))
            && let Some((_, file)) = slot.take()
        {
            files.push((key, file));
            continue;
        }
        fields.push((key, text_of(value)));
    }
    files.extend(uploads.into_iter().flatten());
    Ok(Body::Multipart { fields, files })
}

/// A multipart text field: strings as they are, everything else as JSON.
fn text_of(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}
