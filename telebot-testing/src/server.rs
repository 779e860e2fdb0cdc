//! The HTTP/1.1 side: accepting connections, routing `/bot{token}/{method}` and
//! `/file/bot{token}/{path}`, injecting faults and recording calls.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use super::calls::RecordedCall;
use super::core::Core;
use super::error::ApiError;
use super::faults::{self, Fault};
use super::known_methods;
use super::methods;
use super::objects::strip_nulls;
use super::request::Params;

type HttpResponse = Response<Full<Bytes>>;

/// Returned by the service to make hyper close the connection without answering.
#[derive(Debug)]
struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// Accepts connections until the task is aborted.
pub(crate) async fn serve(listener: TcpListener, core: Arc<Core>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                tracing::warn!(%error, "FakeTelegram: accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let core = core.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(core.clone(), request));
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%error, "FakeTelegram: connection ended");
            }
        });
    }
}

fn respond(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> HttpResponse {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json_response(status: u16, body: &Value) -> HttpResponse {
    respond(status, "application/json", body.to_string())
}

fn error_response(error: &ApiError) -> HttpResponse {
    json_response(error.code, &error.body())
}

fn not_found() -> HttpResponse {
    error_response(&ApiError::new(404, "Not Found"))
}

fn unauthorized() -> HttpResponse {
    error_response(&ApiError::new(401, "Unauthorized"))
}

fn reason(status: u16) -> &'static str {
    match status {
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Server Error",
    }
}

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n";

async fn handle(
    core: Arc<Core>,
    request: Request<Incoming>,
) -> Result<HttpResponse, DropConnection> {
    let path = request.uri().path().to_owned();
    if let Some(rest) = path.strip_prefix("/file/bot") {
        return Ok(serve_file(&core, rest));
    }
    let Some((token, method)) = path
        .strip_prefix("/bot")
        .and_then(|rest| rest.split_once('/'))
    else {
        return Ok(not_found());
    };
    if token != core.token {
        return Ok(unauthorized());
    }
    if method.is_empty() || method.contains('/') {
        return Ok(not_found());
    }
    let method = method.to_owned();
    let query = request.uri().query().map(str::to_owned);
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let decoded = Params::decode(
        query.as_deref(),
        content_type.as_deref(),
        request.into_body(),
    )
    .await;
    call_method(&core, &method, decoded).await
}

/// Handles one method call: fault, record, run, answer.
async fn call_method(
    core: &Arc<Core>,
    method: &str,
    decoded: Result<Params, ApiError>,
) -> Result<HttpResponse, DropConnection> {
    let canonical = known_methods::canonical(method);
    let name = canonical.map_or_else(|| method.to_owned(), str::to_owned);
    let params = decoded.as_ref().cloned().unwrap_or_default();
    let (index, fault) = {
        let mut state = core.lock();
        let fault = faults::pick(&mut state.faults, &name);
        state.calls.push(RecordedCall {
            method: name.clone(),
            params: params.map.clone(),
            files: params.files.clone(),
            fault: fault.clone(),
            status: None,
            response: None,
        });
        (state.calls.len() - 1, fault)
    };
    core.notify();
    let finish = |status: u16, body: &Value| {
        {
            let mut state = core.lock();
            if let Some(call) = state.calls.get_mut(index) {
                call.status = Some(status);
                call.response = Some(body.clone());
            }
        }
        core.notify();
    };
    let early: Option<HttpResponse> = match &fault {
        None | Some(Fault::TruncatedJson) => None,
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(*delay).await;
            None
        }
        Some(Fault::DropConnection) => return Err(DropConnection),
        Some(Fault::GatewayError { status }) => {
            let text = format!("{status} {}\n", reason(*status));
            finish(*status, &Value::String(text.clone()));
            Some(respond(*status, "text/plain; charset=utf-8", text))
        }
        Some(Fault::HtmlErrorPage) => {
            finish(502, &Value::String(HTML_502.into()));
            Some(respond(502, "text/html", HTML_502))
        }
        Some(other) => {
            let error = match other {
                Fault::TooManyRequests { retry_after } => ApiError::too_many_requests(*retry_after),
                Fault::ServerError { status } => ApiError::new(*status, reason(*status)),
                Fault::Conflict => ApiError::terminated_by_other_poll(),
                Fault::Error { code, description } => ApiError::new(*code, description.clone()),
                Fault::MigrateToChat { chat_id } => ApiError::migrated(*chat_id),
                _ => ApiError::new(500, "Internal Server Error"),
            };
            let body = error.body();
            finish(error.code, &body);
            Some(json_response(error.code, &body))
        }
    };
    if let Some(response) = early {
        return Ok(response);
    }
    if let Ok(params) = &decoded
        && let Some(retry_after) = super::flood::refusal(core, &name, params)
    {
        let body = ApiError::too_many_requests(retry_after).body();
        finish(429, &body);
        return Ok(json_response(429, &body));
    }
    let outcome = match (decoded, canonical) {
        (Err(error), _) => Err(error),
        (Ok(_), None) => Err(ApiError::new(404, "Not Found: method not found")),
        (Ok(params), Some(method)) => methods::call(core, method, &params).await,
    };
    let (status, body) = match outcome {
        Ok(result) => (200, json!({ "ok": true, "result": strip_nulls(result) })),
        Err(error) => (error.code, error.body()),
    };
    finish(status, &body);
    let mut text = body.to_string();
    if fault == Some(Fault::TruncatedJson) {
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    Ok(respond(status, "application/json", text))
}

/// Serves `/file/bot{token}/{file_path}`.
fn serve_file(core: &Core, rest: &str) -> HttpResponse {
    let Some((token, file_path)) = rest.split_once('/') else {
        return not_found();
    };
    if token != core.token {
        return unauthorized();
    }
    let state = core.lock();
    let file = state
        .file_paths
        .get(file_path)
        .and_then(|id| state.files.get(id));
    match file {
        Some(file) => respond(200, "application/octet-stream", file.bytes.clone()),
        None => not_found(),
    }
}

/// Runs a method given in a webhook answer (`{"method": …, …}`), recording it like a call.
pub(crate) async fn call_from_webhook_answer(
    core: &Arc<Core>,
    mut body: serde_json::Map<String, Value>,
) {
    let Some(Value::String(method)) = body.remove("method") else {
        return;
    };
    let mut params = Params::default();
    for (name, value) in body {
        params.map.insert(name, value);
    }
    // The answer to a webhook reply goes nowhere, as with Telegram.
    let _ = call_method(core, &method, Ok(params)).await;
}
