//! The built-in webhook server (feature `webhooks`): Telegram POSTs each update to a path of
//! yours; the server checks the secret token, answers at once, and hands the update to the
//! application.
//!
//! * A request without the right `X-Telegram-Bot-Api-Secret-Token` gets 403 and is not
//!   processed (the comparison takes the same time whatever the token).
//! * A body over the size limit, or one that is not JSON, gets 400 and is logged.
//! * An update that is JSON with an `update_id` but does not decode is answered 200 (so that
//!   Telegram does not redeliver it and hold back its chat) and goes to the error handlers as
//!   an [`UndecodableUpdate`](super::UndecodableUpdate) with its id and raw JSON.
//! * An update id seen recently (Telegram redelivers when an answer was late) is answered 200
//!   and not processed again.
//! * SIGINT/SIGTERM stop accepting (later requests get 503, and Telegram redelivers them),
//!   every update already answered 200 is handled, then the application stops gracefully.

use crate::application::Application;
use crate::{Error, InputFile, Update};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::RwLock;

/// Webhook settings. Its `Debug` shows whether a secret is set, never the secret.
#[derive(Clone)]
pub struct WebhookConfig {
    /// Where the server listens, e.g. `0.0.0.0:8443` behind a reverse proxy.
    pub listen: SocketAddr,
    /// The path Telegram posts to (`/telegram/<something hard to guess>`).
    pub path: String,
    /// The public HTTPS URL Telegram should call; when set, `setWebhook` is called with it at
    /// startup. Leave it `None` if you set the webhook yourself.
    pub webhook_url: Option<String>,
    /// The secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (1–256 of
    /// `A-Za-z0-9_-`). Strongly recommended.
    pub secret_token: Option<String>,
    /// A self-signed certificate to upload with `setWebhook`.
    pub certificate: Option<InputFile>,
    /// `max_connections` for `setWebhook` (1–100).
    pub max_connections: Option<i64>,
    /// Drop updates waiting at startup.
    pub drop_pending_updates: bool,
    /// The largest body accepted, in bytes (default 1 MiB).
    pub max_body_bytes: usize,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("listen", &self.listen)
            .field("path", &self.path)
            .field("webhook_url", &self.webhook_url)
            .field(
                "secret_token",
                &self.secret_token.as_ref().map(|_| "[redacted]"),
            )
            .field("certificate", &self.certificate)
            .field("max_connections", &self.max_connections)
            .field("drop_pending_updates", &self.drop_pending_updates)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

impl WebhookConfig {
    /// A configuration listening on `listen` at `path`, with no public URL and no secret.
    pub fn new(listen: SocketAddr, path: impl Into<String>) -> Self {
        WebhookConfig {
            listen,
            path: path.into(),
            webhook_url: None,
            secret_token: None,
            certificate: None,
            max_connections: None,
            drop_pending_updates: false,
            max_body_bytes: 1 << 20,
        }
    }
}

/// Update ids seen lately, to drop redeliveries.
struct RecentIds {
    order: VecDeque<i64>,
    set: HashSet<i64>,
}

const REMEMBERED_IDS: usize = 10_000;

impl RecentIds {
    /// `true` when `id` is new.
    fn insert(&mut self, id: i64) -> bool {
        if !self.set.insert(id) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED_IDS
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        true
    }
}

/// Compares two secrets in time that depends only on their lengths.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ e);
    }
    diff == 0
}

struct Server {
    app: Application,
    path: String,
    secret: Option<String>,
    max_body: usize,
    recent: Mutex<RecentIds>,
    /// `true` while updates are accepted. Held for reading from the check until the update is
    /// queued, so that the stop (which takes it for writing) knows every accepted update is
    /// in the queue before the application stops.
    open: RwLock<bool>,
}

fn reply(status: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response
}

impl Server {
    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        if request.uri().path() != self.path {
            return reply(StatusCode::NOT_FOUND, "not found");
        }
        if request.method() != Method::POST {
            return reply(StatusCode::METHOD_NOT_ALLOWED, "POST only");
        }
        if let Some(secret) = &self.secret {
            let given = request
                .headers()
                .get("x-telegram-bot-api-secret-token")
                .map(|v| v.as_bytes())
                .unwrap_or_default();
            if !same_secret(given, secret.as_bytes()) {
                tracing::warn!("webhook request without the right secret token: rejected with 403");
                return reply(StatusCode::FORBIDDEN, "forbidden");
            }
        }
        let body = match Limited::new(request.into_body(), self.max_body)
            .collect()
            .await
        {
            Ok(body) => body.to_bytes(),
            Err(error) => {
                tracing::warn!(%error, limit = self.max_body, "webhook body too large or unreadable: rejected with 400");
                return reply(StatusCode::BAD_REQUEST, "body too large or unreadable");
            }
        };
        let open = self.open.read().await;
        if !*open {
            return reply(StatusCode::SERVICE_UNAVAILABLE, "stopping");
        }
        let update: Update = match telebot_api::decode_json(&body) {
            Ok(update) => update,
            Err(error) => return self.undecodable(&body, error),
        };
        let fresh = self
            .recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(update.update_id);
        if !fresh {
            tracing::debug!(update_id = update.update_id, "redelivered update ignored");
            return reply(StatusCode::OK, "");
        }
        if self.app.update_queue().send(update).await.is_err() {
            return reply(StatusCode::SERVICE_UNAVAILABLE, "stopping");
        }
        drop(open);
        reply(StatusCode::OK, "")
    }

    /// A body that is not an `Update`: 400 when it is not even an object with an
    /// `update_id`; otherwise 200, and the update goes to the error handlers.
    fn undecodable(&self, body: &[u8], error: serde_json::Error) -> Response<Full<Bytes>> {
        let raw = String::from_utf8_lossy(body);
        let update_id = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("update_id").and_then(serde_json::Value::as_i64));
        let Some(update_id) = update_id else {
            let excerpt: String = raw.chars().take(200).collect();
            tracing::warn!(%error, %excerpt, "webhook body is not an update: rejected with 400");
            return reply(StatusCode::BAD_REQUEST, "not an update");
        };
        let fresh = self
            .recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(update_id);
        if fresh {
            let undecodable = super::UndecodableUpdate {
                update_id,
                raw: raw.into_owned(),
                reason: error.to_string(),
            };
            super::undecodable::report(self.app.services(), undecodable, None);
        }
        reply(StatusCode::OK, "")
    }
}

/// Serves the webhook until a shutdown signal.
pub async fn run(app: &Application, config: WebhookConfig) -> Result<(), Error> {
    run_until(app, config, super::shutdown::shutdown_signal()).await
}

/// Serves the webhook until `stop` completes: initialize, `setWebhook` (when a public URL is
/// configured), start, serve; then stop and shut down gracefully.
pub async fn run_until(
    app: &Application,
    config: WebhookConfig,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| Error::Upload {
            method: format!("webhook listen on {}", config.listen),
            source,
        })?;
    serve_on(app, listener, config, stop).await
}

/// Like [`run_until`], on a listener you bound yourself (port 0 in tests).
pub async fn serve_on(
    app: &Application,
    listener: TcpListener,
    config: WebhookConfig,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    app.initialize().await?;
    if let Some(url) = &config.webhook_url {
        let mut request = app
            .bot()
            .set_webhook(url.clone())
            .allowed_updates(app.allowed_updates())
            .drop_pending_updates(config.drop_pending_updates);
        if let Some(secret) = &config.secret_token {
            request = request.secret_token(secret.clone());
        }
        if let Some(certificate) = &config.certificate {
            request = request.certificate(certificate.clone());
        }
        if let Some(max) = config.max_connections {
            request = request.max_connections(max);
        }
        request.await?;
    }
    tracing::info!("{}", app.startup_report());
    app.start().await;
    let server = Arc::new(Server {
        app: app.clone(),
        path: config.path.clone(),
        secret: config.secret_token.clone(),
        max_body: config.max_body_bytes,
        recent: Mutex::new(RecentIds {
            order: VecDeque::new(),
            set: HashSet::new(),
        }),
        open: RwLock::new(true),
    });
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "webhook accept failed");
                    continue;
                }
            },
        };
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let server = Arc::clone(&server);
                async move { Ok::<_, std::convert::Infallible>(server.handle(request).await) }
            });
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                tracing::debug!(%error, "webhook connection ended");
            }
        });
    }
    // Every request past the check has queued its update once this lock is ours.
    *server.open.write().await = false;
    app.stop().await;
    app.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"abcd", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }

    #[test]
    fn recent_ids_forget_the_oldest() {
        let mut recent = RecentIds {
            order: VecDeque::new(),
            set: HashSet::new(),
        };
        assert!(recent.insert(1));
        assert!(!recent.insert(1));
        for id in 2..=(REMEMBERED_IDS as i64 + 1) {
            assert!(recent.insert(id));
        }
        assert!(
            recent.insert(1),
            "id 1 was forgotten after {REMEMBERED_IDS} newer ones"
        );
    }
}
