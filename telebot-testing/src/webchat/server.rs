//! The web sandbox's HTTP/1.1 server on 127.0.0.1: the page and its assets, the event stream
//! of views (server-sent events), the actions, uploads and the files of the fake Telegram.
//! Everything but the static assets needs the access token (`?t=`); requests that carry an
//! `Origin` must come from the page itself.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::actions::{self, Action, Upload, UploadKind};
use super::assets;
use super::token::AccessToken;
use super::view;
use crate::script::FakeTelegram;

type Body = BoxBody<Bytes, Infallible>;

/// The largest upload the page may send (Telegram's limit for bots' downloads).
const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// The largest action request.
const MAX_ACTION: usize = 64 * 1024;

/// How often the event stream sends a comment to keep the connection open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Changes arriving within this time are shown as one view (a bot's burst of calls).
const COALESCE: Duration = Duration::from_millis(15);

/// What every connection shares.
pub(crate) struct Shared {
    pub tg: FakeTelegram,
    pub token: AccessToken,
    /// `http://127.0.0.1:PORT`, the only `Origin` accepted.
    pub origin: String,
}

/// Accepts connections until the task is aborted.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "web sandbox: accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(handle(&shared, request).await) }
            });
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%error, "web sandbox: connection ended");
            }
        });
    }
}

fn full(body: impl Into<Bytes>) -> Body {
    Full::new(body.into()).boxed()
}

fn respond(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // The token is in the page's address: links the bot sends must not carry it away.
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
    respond(status, "application/json", body.to_string())
}

fn refused(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "ok": false, "error": message }))
}

/// The query parameters of a request.
fn query(request: &Request<Incoming>) -> Vec<(String, String)> {
    form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn handle(shared: &Shared, request: Request<Incoming>) -> Response<Body> {
    let path = request.uri().path().to_owned();
    if let Some(asset) = assets::find(&path) {
        return respond(StatusCode::OK, asset.content_type, asset.body);
    }
    let query = query(&request);
    if !param(&query, "t").is_some_and(|t| shared.token.matches(t)) {
        return respond(
            StatusCode::FORBIDDEN,
            "text/plain; charset=utf-8",
            "This page needs the address the sandbox printed (with its ?t= token).\n",
        );
    }
    if let Some(origin) = request.headers().get(header::ORIGIN)
        && origin.as_bytes() != shared.origin.as_bytes()
    {
        return refused(
            StatusCode::FORBIDDEN,
            "requests from other sites are refused",
        );
    }
    match (request.method(), path.as_str()) {
        (&Method::GET, "/") => {
            let mut page = respond(
                StatusCode::OK,
                "text/html; charset=utf-8",
                assets::INDEX_HTML,
            );
            page.headers_mut().insert(
                "content-security-policy",
                HeaderValue::from_static(
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; \
                     media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
                     frame-ancestors 'none'",
                ),
            );
            page
        }
        (&Method::GET, "/api/events") => events(shared),
        (&Method::POST, "/api/action") => action(shared, request).await,
        (&Method::POST, "/api/upload") => upload(shared, &query, request).await,
        (&Method::GET, file) if file.starts_with("/api/file/") => {
            serve_file(shared, &file["/api/file/".len()..])
        }
        _ => refused(StatusCode::NOT_FOUND, "not found"),
    }
}

/// The event stream: the whole view now and after every change that alters it.
fn events(shared: &Shared) -> Response<Body> {
    let core = shared.tg.core().clone();
    let changes = core.subscribe();
    let stream = futures_util::stream::unfold(
        (core, changes, String::new()),
        |(core, mut changes, last)| async move {
            loop {
                let view = view::snapshot(&core.lock()).to_string();
                if view != last {
                    let frame = Frame::data(Bytes::from(format!("data: {view}\n\n")));
                    return Some((Ok::<_, Infallible>(frame), (core, changes, view)));
                }
                tokio::select! {
                    changed = changes.changed() => {
                        changed.ok()?;
                        tokio::time::sleep(COALESCE).await;
                    }
                    _ = tokio::time::sleep(KEEP_ALIVE) => {
                        let frame = Frame::data(Bytes::from_static(b": keep-alive\n\n"));
                        return Some((Ok(frame), (core, changes, last)));
                    }
                }
            }
        },
    );
    let mut response = Response::new(BodyExt::boxed(StreamBody::new(stream)));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Reads a body of at most `limit` bytes.
async fn read_body(request: Request<Incoming>, limit: usize) -> Result<Bytes, Response<Body>> {
    match Limited::new(request.into_body(), limit).collect().await {
        Ok(body) => Ok(body.to_bytes()),
        Err(_) => Err(refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request is too large or was cut off",
        )),
    }
}

/// Runs an action in a task of its own, so that a panic in the script API (a state the
/// checks did not foresee) answers 500 instead of ending the connection.
async fn run_apart<F>(work: F) -> Response<Body>
where
    F: Future<Output = Result<Value, actions::Refusal>> + Send + 'static,
{
    match tokio::spawn(work).await {
        Ok(Ok(mut value)) => {
            if let Value::Object(map) = &mut value {
                map.insert("ok".into(), json!(true));
            }
            json_response(StatusCode::OK, &value)
        }
        Ok(Err(refusal)) => refused(StatusCode::BAD_REQUEST, &refusal),
        Err(_) => refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the sandbox failed to do that",
        ),
    }
}

async fn action(shared: &Shared, request: Request<Incoming>) -> Response<Body> {
    let body = match read_body(request, MAX_ACTION).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action: Action = match serde_json::from_slice(&body) {
        Ok(action) => action,
        Err(error) => return refused(StatusCode::BAD_REQUEST, &format!("bad action: {error}")),
    };
    let tg = shared.tg.clone();
    run_apart(async move { actions::run(&tg, action).await }).await
}

async fn upload(
    shared: &Shared,
    query: &[(String, String)],
    request: Request<Incoming>,
) -> Response<Body> {
    let kind = match param(query, "kind") {
        Some("photo") => UploadKind::Photo,
        Some("document") => UploadKind::Document,
        _ => return refused(StatusCode::BAD_REQUEST, "kind is photo or document"),
    };
    let (Some(user), Some(chat)) = (
        param(query, "user"),
        param(query, "chat").and_then(|c| c.parse().ok()),
    ) else {
        return refused(StatusCode::BAD_REQUEST, "user and chat are required");
    };
    let user = user.to_owned();
    let file_name = param(query, "name").unwrap_or("file").to_owned();
    let caption = param(query, "caption")
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let bytes = match read_body(request, MAX_UPLOAD).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let tg = shared.tg.clone();
    let upload = Upload {
        user,
        chat,
        kind,
        file_name,
        caption,
        bytes,
    };
    run_apart(async move { actions::upload(&tg, upload).await }).await
}

/// The media types the page may show inline; anything else is a download.
fn inline_type(bytes: &[u8], mime: Option<&str>) -> Option<&'static str> {
    const SHOWN: &[&str] = &[
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "audio/ogg",
        "audio/mpeg",
        "video/mp4",
        "video/webm",
    ];
    if let Some(known) = mime.and_then(|m| SHOWN.iter().find(|s| **s == m)) {
        return Some(known);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A stored file: images, audio and video inline, anything else as a download, and never
/// as a document of this origin (`sandbox`).
fn serve_file(shared: &Shared, file_id: &str) -> Response<Body> {
    let (bytes, mime, name) = {
        let state = shared.tg.core().lock();
        match state.files.get(file_id) {
            Some(file) => (
                file.bytes.clone(),
                file.mime_type.clone(),
                file.file_name.clone(),
            ),
            None => return refused(StatusCode::NOT_FOUND, "no such file"),
        }
    };
    let inline = inline_type(&bytes, mime.as_deref());
    let mut response = respond(
        StatusCode::OK,
        inline.unwrap_or("application/octet-stream"),
        bytes,
    );
    let headers = response.headers_mut();
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    if inline.is_none() {
        let safe: String = name
            .unwrap_or_else(|| "file".into())
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "._- ".contains(*c))
            .collect();
        if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
    }
    response
}
