//! One webhook request: path, method, secret, body, decoding, redeliveries, the lane's room,
//! and when to answer.

use super::config::Acknowledge;
use super::recent::{RecentIds, Seen};
use super::secret::{ExpectedSecret, HEADER};
use crate::Update;
use crate::application::Application;
use crate::dispatch::lanes::LaneFull;
use crate::dispatch::watermark::{Handled, Receipt};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::RwLock;
use tokio::time::Instant;

pub(super) struct Server {
    pub(super) app: Application,
    pub(super) path: String,
    pub(super) secret: Option<ExpectedSecret>,
    pub(super) max_body: usize,
    pub(super) acknowledge: Acknowledge,
    pub(super) lane_capacity: usize,
    pub(super) lane_wait: Duration,
    pub(super) recent: Mutex<RecentIds>,
    /// `true` while updates are accepted. Held for reading from the check until the update is
    /// in its lane, so that the stop (which takes it for writing) knows every accepted update
    /// is in a lane before the application stops.
    pub(super) open: RwLock<bool>,
}

/// A webhook answer.
pub(crate) type Answer = Response<Full<Bytes>>;

/// An answer with `status` and a short text body.
pub(crate) fn reply(status: StatusCode, body: &'static str) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response
}

impl Server {
    pub(super) async fn handle(&self, request: Request<Incoming>) -> Answer {
        let body =
            match accepted_body(request, &self.path, self.secret.as_ref(), self.max_body).await {
                Ok(body) => body,
                Err(answer) => return answer,
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
        self.recent.lock().unwrap_or_else(|p| p.into_inner())
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

/// The body of a webhook request that passes the checks every webhook server makes, or the
/// answer refusing it: 404 on another path, 405 for anything but POST, 403 without the right
/// secret (compared in constant time), then as [`read_body`].
pub(crate) async fn accepted_body(
    request: Request<Incoming>,
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
pub(crate) async fn read_body(
    request: Request<Incoming>,
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
