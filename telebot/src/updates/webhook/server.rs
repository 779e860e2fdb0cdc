//! One webhook request: path, method, secret, body, decoding, redeliveries, the lane's room,
//! and when to answer.

use super::config::{Acknowledge, WebhookConfig};
use super::recent::{RecentIds, Seen};
use super::secret::{ExpectedSecret, HEADER};
use crate::Update;
use crate::application::Application;
use crate::dispatch::lanes::LaneFull;
use crate::dispatch::watermark::{Handled, Receipt};
pub(crate) use crate::http_server::{Answer, reply};
use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::{Method, Request, StatusCode};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::RwLock;
use tokio::time::Instant;

pub(super) struct Server {
    app: Application,
    path: String,
    secret: Option<ExpectedSecret>,
    max_body: usize,
    acknowledge: Acknowledge,
    lane_capacity: usize,
    lane_wait: Duration,
    recent: Mutex<RecentIds>,
    /// `true` while updates are accepted. Held for reading from the check until the update is
    /// in its lane, so that the stop (which takes it for writing) knows every accepted update
    /// is in a lane before the application stops.
    pub(super) open: RwLock<bool>,
}

impl Server {
    pub(super) fn new(app: Application, config: &WebhookConfig) -> Server {
        Server {
            app,
            path: config.path.clone(),
            secret: config.secret_token.as_deref().map(ExpectedSecret::new),
            max_body: config.max_body_bytes,
            acknowledge: config.acknowledge,
            lane_capacity: config.lane_capacity.max(1),
            lane_wait: config.lane_wait,
            recent: Mutex::new(RecentIds::default()),
            open: RwLock::new(true),
        }
    }

    pub(super) async fn handle<B: RequestBody>(&self, request: Request<B>) -> Answer {
        let body =
            match accepted_body(request, &self.path, self.secret.as_ref(), self.max_body).await {
                Ok(body) => body,
                Err(answer) => {
                    self.app
                        .telemetry()
                        .webhook_rejected(rejection_cause(answer.status()));
                    return answer;
                }
            };
        let update: Update = match telebot_api::decode_update(&body) {
            Ok(update) => update,
            Err(error) => return self.undecodable(&body, error).await,
        };
        self.take(update).await
    }

    /// Hands a decoded update to its lane once, and answers as [`Acknowledge`] says.
    async fn take(&self, update: Update) -> Answer {
        let id = update.update_id;
        let (receipt, handled) = self.receipt();
        let seen = self.lock_recent().claim(id, handled.clone());
        match seen {
            Seen::New => {}
            Seen::Before(None) => {
                tracing::debug!(update_id = id, "redelivered update ignored");
                return reply(StatusCode::OK, "");
            }
            Seen::Before(Some(first)) => return self.answer_redelivery(id, first).await,
        }
        let deadline = Instant::now() + self.lane_wait;
        let mut queued = (Arc::new(update), receipt);
        loop {
            let space = self.app.lane_space();
            {
                let open = self.open.read().await;
                if !*open {
                    self.lock_recent().forget(id);
                    self.app.telemetry().webhook_rejected("stopping");
                    return reply(StatusCode::SERVICE_UNAVAILABLE, "stopping");
                }
                match self.app.try_submit(queued.0, queued.1, self.lane_capacity) {
                    Ok(()) => break,
                    Err(LaneFull(update, receipt)) => queued = (update, receipt),
                }
            }
            if tokio::time::timeout_at(deadline, space).await.is_err() {
                self.lock_recent().forget(id);
                return self.lane_full(id);
            }
        }
        match handled {
            Some(handled) => {
                handled.wait().await;
                reply(StatusCode::OK, "")
            }
            None => reply(StatusCode::OK, ""),
        }
    }

    /// A redelivery of an update answered only after handling: answered when the first run
    /// has finished (200), or 503 when that request gave up before its update was taken.
    async fn answer_redelivery(&self, id: i64, first: Handled) -> Answer {
        first.wait().await;
        if self.lock_recent().contains(id) {
            reply(StatusCode::OK, "")
        } else {
            reply(StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }

    /// 503 Service Unavailable with `Retry-After`: the update's chat has a full queue.
    ///
    /// 503 rather than 429: the limit is this server's own queue for one chat, not a rate
    /// Telegram exceeded, and 503 is what the server answers while it stops too. Telegram
    /// treats both as a failed delivery and sends the update again later; `Retry-After` says
    /// when room is likely, for a proxy or a sender that reads it.
    fn lane_full(&self, id: i64) -> Answer {
        self.app.telemetry().webhook_rejected("lane_full");
        tracing::warn!(
            update_id = id,
            capacity = self.lane_capacity,
            waited = ?self.lane_wait,
            "the update's chat has a full queue: answered 503, Telegram will send it again"
        );
        let mut answer = reply(StatusCode::SERVICE_UNAVAILABLE, "chat queue full");
        let seconds = self.lane_wait.as_secs().max(1);
        answer.headers_mut().insert(
            hyper::header::RETRY_AFTER,
            hyper::header::HeaderValue::from(seconds),
        );
        answer
    }

    /// In at-least-once mode, the receipt the update's handling holds and what learns when
    /// it is dropped.
    fn receipt(&self) -> (Option<Receipt>, Option<Handled>) {
        match self.acknowledge {
            Acknowledge::WhenQueued => (None, None),
            Acknowledge::WhenHandled => {
                let (receipt, handled) = Receipt::signal();
                (Some(receipt), Some(handled))
            }
        }
    }

    fn lock_recent(&self) -> std::sync::MutexGuard<'_, RecentIds> {
        self.recent.lock_unpoisoned()
    }

    /// A body that is not an `Update`: 400 when it is not even an object with an
    /// `update_id`; otherwise 200, and the update goes to the error handlers once.
    async fn undecodable(&self, body: &[u8], error: serde_json::Error) -> Answer {
        let raw = String::from_utf8_lossy(body);
        let update_id = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("update_id").and_then(serde_json::Value::as_i64));
        let Some(update_id) = update_id else {
            let excerpt: String = raw.chars().take(200).collect();
            tracing::warn!(%error, %excerpt, "webhook body is not an update: rejected with 400");
            self.app.telemetry().webhook_rejected("not_an_update");
            return reply(StatusCode::BAD_REQUEST, "not an update");
        };
        let (receipt, handled) = self.receipt();
        let seen = self.lock_recent().claim(update_id, handled.clone());
        match seen {
            Seen::New => {}
            Seen::Before(None) => return reply(StatusCode::OK, ""),
            Seen::Before(Some(first)) => return self.answer_redelivery(update_id, first).await,
        }
        let undecodable = crate::updates::UndecodableUpdate {
            update_id,
            raw: raw.into_owned(),
            reason: error.to_string(),
        };
        {
            let open = self.open.read().await;
            if !*open {
                self.lock_recent().forget(update_id);
                self.app.telemetry().webhook_rejected("stopping");
                return reply(StatusCode::SERVICE_UNAVAILABLE, "stopping");
            }
            crate::updates::undecodable::report(self.app.services(), undecodable, receipt);
        }
        if let Some(handled) = handled {
            handled.wait().await;
        }
        reply(StatusCode::OK, "")
    }
}

/// A request body the webhook can read: hyper's own, or an axum body when the webhook is
/// mounted in a server of the user's.
pub(crate) trait RequestBody:
    hyper::body::Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
    + Send
    + 'static
{
}

impl<B> RequestBody for B where
    B: hyper::body::Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
        + Send
        + 'static
{
}

/// The metrics' name for why [`accepted_body`] refused a request with `status`.
pub(crate) fn rejection_cause(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "wrong_path",
        StatusCode::METHOD_NOT_ALLOWED => "wrong_method",
        StatusCode::FORBIDDEN => "wrong_secret",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        _ => "unreadable",
    }
}

/// The body of a webhook request that passes the checks every webhook server makes, or the
/// answer refusing it: 404 on another path, 405 for anything but POST, 403 without the right
/// secret (compared in constant time), then as [`read_body`].
pub(crate) async fn accepted_body<B: RequestBody>(
    request: Request<B>,
    path: &str,
    secret: Option<&ExpectedSecret>,
    max_body: usize,
) -> Result<Bytes, Answer> {
    if request.uri().path() != path {
        return Err(reply(StatusCode::NOT_FOUND, "not found"));
    }
    if request.method() != Method::POST {
        return Err(reply(StatusCode::METHOD_NOT_ALLOWED, "POST only"));
    }
    if let Some(secret) = secret {
        let given = request
            .headers()
            .get(HEADER)
            .map(|v| v.as_bytes())
            .unwrap_or_default();
        if !secret.matches(given) {
            tracing::warn!("webhook request without the right secret token: rejected with 403");
            return Err(reply(StatusCode::FORBIDDEN, "forbidden"));
        }
    }
    read_body(request, max_body).await
}

/// The body of a request, or the answer refusing it: 413 over `max_body` bytes (announced or
/// read), 400 when it cannot be read.
pub(crate) async fn read_body<B: RequestBody>(
    request: Request<B>,
    max_body: usize,
) -> Result<Bytes, Answer> {
    let announced = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        tracing::warn!(
            limit = max_body,
            "webhook body over the size limit: rejected with 413"
        );
        reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large")
    };
    if announced.is_some_and(|n| n > max_body as u64) {
        return Err(too_large());
    }
    match Limited::new(request.into_body(), max_body).collect().await {
        Ok(body) => Ok(body.to_bytes()),
        Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Err(error) => {
            tracing::warn!(%error, "webhook body unreadable: rejected with 400");
            Err(reply(StatusCode::BAD_REQUEST, "body unreadable"))
        }
    }
}
