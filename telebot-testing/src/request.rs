//! Decoding the parameters of a Bot API request, sent in any of the ways Telegram accepts:
//! query string, `application/json`, `application/x-www-form-urlencoded` or
//! `multipart/form-data`.

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use serde_json::{Map, Value};

use super::error::ApiError;

/// A file part of a multipart request, kept as it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The name of the form field (e.g. `document`, or the `name` of `attach://name`).
    pub field: String,
    /// The file name given in the part's `Content-Disposition`, if any.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The exact bytes of the part.
    pub bytes: Bytes,
}

/// Parameters whose Bot API type is an object or an array: when they arrive as text
/// (form fields, query string, or a JSON string) they hold serialized JSON.
const STRUCTURED: &[&str] = &[
    "accepted_gift_types",
    "added_user_ids",
    "allowed_updates",
    "areas",
    "button",
    "caption_entities",
    "checklist",
    "commands",
    "content",
    "correct_option_ids",
    "country_codes",
    "custom_emoji_ids",
    "description_entities",
    "emoji_list",
    "entities",
    "errors",
    "explanation_entities",
    "explanation_media",
    "keywords",
    "link_preview_options",
    "mask_position",
    "media",
    "menu_button",
    "message_ids",
    "options",
    "permissions",
    "photo",
    "prices",
    "question_entities",
    "reaction",
    "reply_markup",
    "reply_parameters",
    "result",
    "results",
    "rich_message",
    "rights",
    "scope",
    "shipping_options",
    "sticker",
    "stickers",
    "suggested_post_parameters",
    "suggested_tip_amounts",
    "text_entities",
];

/// The decoded parameters of one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    /// Text and JSON parameters; JSON held in text fields is decoded for object/array parameters.
    pub map: Map<String, Value>,
    /// File parts of a multipart request.
    pub files: Vec<UploadedFile>,
}

/// Turns a text value into JSON when the parameter is structured and the text is JSON.
fn decode_text(name: &str, text: String) -> Value {
    let trimmed = text.trim_start();
    if STRUCTURED.contains(&name)
        && (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(value) = serde_json::from_str::<Value>(&text)
    {
        return value;
    }
    Value::String(text)
}

impl Params {
    /// Adds pairs from a query string or an urlencoded body.
    fn add_urlencoded(&mut self, raw: &[u8]) {
        for (name, value) in form_urlencoded::parse(raw) {
            let value = decode_text(&name, value.into_owned());
            self.map.insert(name.into_owned(), value);
        }
    }

    /// Decodes the request from its query string, content type and body.
    pub async fn decode(
        query: Option<&str>,
        content_type: Option<&str>,
        body: Incoming,
    ) -> Result<Params, ApiError> {
        let mut params = Params::default();
        if let Some(query) = query {
            params.add_urlencoded(query.as_bytes());
        }
        let mime = content_type
            .and_then(|ct| ct.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if mime == "multipart/form-data" {
            let boundary = content_type
                .and_then(|ct| multer::parse_boundary(ct).ok())
                .ok_or_else(|| {
                    ApiError::bad_request("can't parse multipart/form-data: no boundary")
                })?;
            params.add_multipart(body, boundary).await?;
            return Ok(params);
        }
        let bytes = body
            .collect()
            .await
            .map_err(|_| ApiError::bad_request("can't read request body"))?
            .to_bytes();
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(params);
        }
        if mime == "application/json" {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(object)) => {
                    for (name, value) in object {
                        // Some clients send objects as JSON strings even in a JSON body.
                        let value = match value {
                            Value::String(text) => decode_text(&name, text),
                            other => other,
                        };
                        params.map.insert(name, value);
                    }
                }
                Ok(_) => {
                    return Err(ApiError::bad_request(
                        "JSON object expected as request body",
                    ));
                }
                Err(_) => {
                    return Err(ApiError::bad_request(
                        "can't parse JSON encoded request body",
                    ));
                }
            }
        } else {
            // Telegram treats any other body as urlencoded.
            params.add_urlencoded(&bytes);
        }
        Ok(params)
    }

    async fn add_multipart(&mut self, body: Incoming, boundary: String) -> Result<(), ApiError> {
        let bad = |e: multer::Error| {
            ApiError::bad_request(format!("can't parse multipart/form-data: {e}"))
        };
        let mut multipart = multer::Multipart::new(body.into_data_stream(), boundary);
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(|m| m.to_string());
            let bytes = field.bytes().await.map_err(bad)?;
            if file_name.is_none()
                && let Ok(text) = std::str::from_utf8(&bytes)
            {
                let value = decode_text(&name, text.to_owned());
                self.map.insert(name, value);
                continue;
            }
            self.files.push(UploadedFile {
                field: name,
                file_name,
                content_type,
                bytes,
            });
        }
        Ok(())
    }

    /// The value of a parameter; `null` counts as absent.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// True when the parameter is present (or a file part with that name was sent).
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some() || self.file(name).is_some()
    }

    /// An integer parameter; numeric strings are accepted as Telegram does.
    pub fn i64(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .map(Some)
                .ok_or_else(|| ApiError::invalid(name)),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| ApiError::invalid(name)),
            Some(Value::Bool(b)) => Ok(Some(i64::from(*b))),
            Some(_) => Err(ApiError::invalid(name)),
        }
    }

    /// A required integer parameter.
    pub fn req_i64(&self, name: &str) -> Result<i64, ApiError> {
        self.i64(name)?.ok_or_else(|| ApiError::missing(name))
    }

    /// A string parameter; numbers and booleans are turned into text.
    pub fn str(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => Some(other.to_string()),
        }
    }

    /// A required, non-empty string parameter.
    pub fn req_str(&self, name: &str) -> Result<String, ApiError> {
        self.str(name)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ApiError::missing(name))
    }

    /// A boolean parameter, false when absent.
    pub fn bool(&self, name: &str) -> bool {
        match self.get(name) {
            Some(Value::Bool(b)) => *b,
            Some(Value::Number(n)) => n.as_i64().is_some_and(|n| n != 0),
            Some(Value::String(s)) => {
                matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1")
            }
            _ => false,
        }
    }

    /// An object or array parameter; text holding JSON is decoded.
    pub fn json(&self, name: &str) -> Result<Option<Value>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s)
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("can't parse {name} JSON object"))),
            Some(other) => Ok(Some(other.clone())),
        }
    }

    /// An array parameter.
    pub fn array(&self, name: &str) -> Result<Option<Vec<Value>>, ApiError> {
        match self.json(name)? {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(ApiError::bad_request(format!(
                "can't parse {name}: array expected"
            ))),
        }
    }

    /// The file part sent under the given field name.
    pub fn file(&self, field: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|f| f.field == field)
    }
}
