//! Sending files (sendPhoto, sendDocument, … and sendMediaGroup) and getFile.

use std::sync::Arc;

use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::{caption_param, chat_param, send_bot_message};
use crate::core::Core;
use crate::error::{ApiError, ApiResult};
use crate::objects::image_size;
use crate::request::{Params, UploadedFile};
use crate::state::{Sender, State};

/// Files above this size cannot be downloaded by bots (getFile refuses them).
const MAX_DOWNLOAD: usize = 20 * 1024 * 1024;

/// Where the bytes of a media parameter come from.
enum Source {
    /// A multipart file part.
    Upload(UploadedFile),
    /// A `file_id` of a file the server already has.
    FileId(String),
    /// An HTTP URL the server fetched.
    Fetched {
        url: String,
        bytes: Bytes,
        content_type: Option<String>,
    },
}

/// Resolves a media value: a part sent under `field`, `attach://name`, an URL or a file id.
async fn resolve(
    core: &Core,
    params: &Params,
    field: &str,
    value: Option<&str>,
) -> Result<Source, ApiError> {
    if value.is_none()
        && let Some(part) = params.file(field)
    {
        return Ok(Source::Upload(part.clone()));
    }
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Err(ApiError::bad_request(format!(
            "there is no {field} in the request"
        )));
    };
    if let Some(name) = value.strip_prefix("attach://") {
        return params
            .file(name)
            .cloned()
            .map(Source::Upload)
            .ok_or_else(|| ApiError::bad_request(format!("can't find attached file \"{name}\"")));
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        let failed = || ApiError::bad_request("failed to get HTTP URL content");
        let response = core.http.get(value).send().await.map_err(|_| failed())?;
        if !response.status().is_success() {
            return Err(failed());
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = response.bytes().await.map_err(|_| failed())?;
        return Ok(Source::Fetched {
            url: value.to_owned(),
            bytes,
            content_type,
        });
    }
    Ok(Source::FileId(value.to_owned()))
}

fn guess_mime(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        _ => return None,
    })
}

/// The folder Telegram uses in `file_path` for a kind of media.
fn folder(kind: &str) -> &'static str {
    match kind {
        "photo" => "photos",
        "video" => "videos",
        "audio" => "music",
        "animation" => "animations",
        "voice" => "voice",
        "video_note" => "video_notes",
        "sticker" => "stickers",
        _ => "documents",
    }
}

/// Stores the file of a media parameter (or finds the known one) and builds the value of
/// the message field for that kind: a `PhotoSize` array, a `Document`, a `Video`, …
fn store(state: &mut State, kind: &str, source: Source, params: &Params) -> ApiResult {
    let file_id = match source {
        Source::FileId(id) => {
            if !state.files.contains_key(&id) {
                return Err(ApiError::bad_request(
                    "wrong file identifier/HTTP URL specified",
                ));
            }
            id
        }
        Source::Upload(part) => {
            if part.bytes.is_empty() {
                return Err(ApiError::bad_request("file must be non-empty"));
            }
            let mime = part
                .content_type
                .filter(|m| m != "application/octet-stream")
                .or_else(|| {
                    part.file_name
                        .as_deref()
                        .and_then(guess_mime)
                        .map(str::to_owned)
                });
            state.add_file(part.bytes, folder(kind), part.file_name, mime)
        }
        Source::Fetched {
            url,
            bytes,
            content_type,
        } => {
            if bytes.is_empty() {
                return Err(ApiError::bad_request("failed to get HTTP URL content"));
            }
            let name = url
                .split(['?', '#'])
                .next()
                .and_then(|u| u.rsplit('/').next())
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            let mime =
                content_type.or_else(|| name.as_deref().and_then(guess_mime).map(str::to_owned));
            state.add_file(bytes, folder(kind), name, mime)
        }
    };
    let file = state
        .files
        .get(&file_id)
        .ok_or_else(|| ApiError::new(500, "Internal Server Error"))?;
    let (width, height) = image_size(&file.bytes).unwrap_or((100, 100));
    let int = |name: &str, default: i64| params.i64(name).ok().flatten().unwrap_or(default);
    let base = json!({
        "file_id": file.file_id,
        "file_unique_id": file.unique_id,
        "file_size": file.bytes.len(),
    });
    let mut value = base.clone();
    let Some(map) = value.as_object_mut() else {
        return Err(ApiError::new(500, "Internal Server Error"));
    };
    let named = |map: &mut Map<String, Value>| {
        if let Some(name) = &file.file_name {
            map.insert("file_name".into(), json!(name));
        }
        if let Some(mime) = &file.mime_type {
            map.insert("mime_type".into(), json!(mime));
        }
    };
    match kind {
        "photo" => {
            map.insert("width".into(), json!(width));
            map.insert("height".into(), json!(height));
            return Ok(json!([value]));
        }
        "video" | "animation" => {
            map.insert("width".into(), json!(int("width", width)));
            map.insert("height".into(), json!(int("height", height)));
            map.insert("duration".into(), json!(int("duration", 0)));
            named(map);
        }
        "audio" => {
            map.insert("duration".into(), json!(int("duration", 0)));
            for key in ["performer", "title"] {
                if let Some(v) = params.str(key) {
                    map.insert(key.into(), json!(v));
                }
            }
            named(map);
        }
        "voice" => {
            map.insert("duration".into(), json!(int("duration", 0)));
            if let Some(mime) = &file.mime_type {
                map.insert("mime_type".into(), json!(mime));
            }
        }
        "video_note" => {
            map.insert("length".into(), json!(int("length", 240)));
            map.insert("duration".into(), json!(int("duration", 0)));
        }
        "sticker" => {
            map.insert("type".into(), json!("regular"));
            map.insert("width".into(), json!(512));
            map.insert("height".into(), json!(512));
            map.insert("is_animated".into(), json!(false));
            map.insert("is_video".into(), json!(false));
            if let Some(emoji) = params.str("emoji") {
                map.insert("emoji".into(), json!(emoji));
            }
        }
        _ => named(map),
    }
    Ok(value)
}

/// sendPhoto, sendDocument, sendVideo, sendAudio, sendAnimation, sendVoice, sendVideoNote, sendSticker.
pub(super) async fn send_media(core: &Arc<Core>, method: &str, params: &Params) -> ApiResult {
    let kind = match method {
        "sendPhoto" => "photo",
        "sendVideo" => "video",
        "sendAudio" => "audio",
        "sendAnimation" => "animation",
        "sendVoice" => "voice",
        "sendVideoNote" => "video_note",
        "sendSticker" => "sticker",
        _ => "document",
    };
    {
        let state = core.lock();
        let chat_id = chat_param(&state, params)?;
        state.check_bot_can_send(chat_id)?;
    }
    let value = params.str(kind);
    let source = resolve(core, params, kind, value.as_deref()).await?;
    let result = {
        let mut state = core.lock();
        send_stored(&mut state, params, kind, source)
    };
    core.notify();
    result
}

fn send_stored(state: &mut State, params: &Params, kind: &str, source: Source) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    let caption = if kind == "sticker" || kind == "video_note" {
        None
    } else {
        caption_param(params)?
    };
    let media = store(state, kind, source, params)?;
    let mut content = Map::new();
    content.insert(kind.into(), media);
    if let Some(caption) = caption {
        content.insert("caption".into(), json!(caption));
        if let Some(entities) = params.array("caption_entities")? {
            content.insert("caption_entities".into(), Value::Array(entities));
        }
    }
    if params.bool("has_spoiler") {
        content.insert("has_media_spoiler".into(), json!(true));
    }
    send_bot_message(state, params, chat_id, content)
}

/// sendMediaGroup: 2–10 items sharing a `media_group_id`.
pub(super) async fn send_media_group(core: &Arc<Core>, params: &Params) -> ApiResult {
    {
        let state = core.lock();
        let chat_id = chat_param(&state, params)?;
        state.check_bot_can_send(chat_id)?;
    }
    let items = params
        .array("media")?
        .ok_or_else(|| ApiError::missing("media"))?;
    if !(2..=10).contains(&items.len()) {
        return Err(ApiError::bad_request(
            "wrong number of media specified: must include 2-10 items",
        ));
    }
    let mut kinds = Vec::new();
    for item in &items {
        let kind = item.get("type").and_then(Value::as_str).unwrap_or_default();
        if !["photo", "video", "document", "audio"].contains(&kind) {
            return Err(ApiError::bad_request(format!(
                "unsupported media type \"{kind}\" in a media group"
            )));
        }
        kinds.push(kind.to_owned());
    }
    for lonely in ["document", "audio"] {
        if kinds.iter().any(|k| k == lonely) && kinds.iter().any(|k| k != lonely) {
            return Err(ApiError::bad_request(format!(
                "{lonely}s can't be mixed with other media types"
            )));
        }
    }
    let mut sources = Vec::new();
    for (item, kind) in items.iter().zip(&kinds) {
        let media = item.get("media").and_then(Value::as_str);
        sources.push(resolve(core, params, kind, media.or(Some(""))).await?);
    }
    let result = {
        let mut state = core.lock();
        store_group(&mut state, params, &items, &kinds, sources)
    };
    core.notify();
    result
}

fn store_group(
    state: &mut State,
    params: &Params,
    items: &[Value],
    kinds: &[String],
    sources: Vec<Source>,
) -> ApiResult {
    let chat_id = chat_param(state, params)?;
    state.check_bot_can_send(chat_id)?;
    let group_id = format!("{}", 13_000_000_000_000_000 + state.next_media_group);
    state.next_media_group += 1;
    let reply = super::reply_target(state, params, chat_id)?;
    let mut contents = Vec::new();
    for ((item, kind), source) in items.iter().zip(kinds).zip(sources) {
        let item_params = Params {
            map: item.as_object().cloned().unwrap_or_default(),
            files: Vec::new(),
        };
        let caption = caption_param(&item_params)?;
        let media = store(state, kind, source, &item_params)?;
        let mut content = Map::new();
        content.insert(kind.clone(), media);
        content.insert("media_group_id".into(), json!(group_id));
        if let Some(caption) = caption {
            content.insert("caption".into(), json!(caption));
            if let Some(entities) = item_params.array("caption_entities")? {
                content.insert("caption_entities".into(), Value::Array(entities));
            }
        }
        if let Some(reply) = &reply {
            content.insert("reply_to_message".into(), reply.clone());
        }
        contents.push(content);
    }
    let mut sent = Vec::new();
    for content in contents {
        let id = state.add_message(chat_id, Sender::Bot, content, None)?;
        sent.push(state.message_json(chat_id, id).unwrap_or(Value::Null));
    }
    Ok(Value::Array(sent))
}

/// getFile.
pub(super) fn get_file(state: &mut State, params: &Params) -> ApiResult {
    let file_id = params.req_str("file_id")?;
    let file = state
        .files
        .get(file_id.trim())
        .ok_or_else(|| ApiError::bad_request("invalid file_id"))?;
    if file.bytes.len() > MAX_DOWNLOAD {
        return Err(ApiError::bad_request("file is too big"));
    }
    Ok(file.json())
}
