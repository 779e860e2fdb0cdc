//! A webhook intake for a cluster (features `cluster` and `webhooks`): every intake instance
//! serves the webhook, behind one load balancer if you like, and writes each update to its
//! partition's log before answering 200. Telegram sends an update again until it gets a 200,
//! so an update is confirmed only once it is in Redis: at-least-once, like the polling intake.
//! An update posted twice (a redelivery, or to two instances) is appended once: the append
//! script skips an id it has seen.
//!
//! * 403 without the right secret (compared in constant time), 413 over the size limit, 400
//!   for a body that is not an update;
//! * 503 with `Retry-After` when the update's partition is full or Redis cannot be reached in
//!   time: Telegram sends it again later;
//! * SIGINT/SIGTERM stop accepting (503), requests in progress finish.

use super::intake::{append, partition_of_text};
use super::node::Node;
use crate::Error;
use crate::updates::polling::peek_id;
use crate::updates::webhook::WebhookConfig;
use crate::updates::webhook::secret::ExpectedSecret;
use crate::updates::webhook::server::{Answer, accepted_body, reply};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// One instance's webhook intake.
struct Intake {
    node: Arc<Node>,
    path: String,
    secret: Option<ExpectedSecret>,
    max_body: usize,
    /// How long a request waits for Redis before it is answered 503.
    redis_wait: Duration,
}

/// Serves the webhook until `stop` turns true.
pub(crate) async fn run(
    node: Arc<Node>,
    config: WebhookConfig,
    mut stop: watch::Receiver<bool>,
) -> Result<(), Error> {
    let bound = node
        .listener
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let listener = match bound {
        Some(listener) => listener,
        None => TcpListener::bind(config.listen).await.map_err(|e| {
            Error::Setup(format!(
                "the cluster's webhook cannot listen on {}: {e}",
                config.listen
            ))
        })?,
    };
    if config.secret_token.is_none() {
        tracing::warn!(
            "the cluster's webhook has no secret token: anyone who learns its URL can post updates; \
             set WebhookConfig::secret_token (the same on every instance) and pass it to setWebhook"
        );
    }
    if let Some(url) = &config.webhook_url {
        let mut request = node
            .app
            .bot()
            .set_webhook(url.clone())
            .allowed_updates(node.app.allowed_updates())
            .drop_pending_updates(config.drop_pending_updates);
        if let Some(secret) = &config.secret_token {
            request = request.secret_token(secret.clone());
        }
        if let Some(max) = config.max_connections {
            request = request.max_connections(max);
        }
        request.await?;
    }
    tracing::info!(listen = %config.listen, path = %config.path, "the cluster's webhook intake serves");
    let intake = Arc::new(Intake {
        node,
        path: config.path.clone(),
        secret: config.secret_token.as_deref().map(ExpectedSecret::new),
        max_body: config.max_body_bytes,
        redis_wait: config.lane_wait,
    });
    let slots = Arc::new(tokio::sync::Semaphore::new(
        config.max_connections_open.max(1),
    ));
    let header_timeout = config.header_timeout;
    loop {
        // At the cap, accept nothing until a connection closes.
        let slot = tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let accepted = tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, say: wait a little rather than spin.
                tracing::warn!(%error, "webhook accept failed");
                drop(slot);
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let intake = Arc::clone(&intake);
        let stopping = stop.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let intake = Arc::clone(&intake);
                let stopping = stopping.clone();
                async move {
                    let stopped = *stopping.borrow();
                    let answer = if stopped {
                        reply(StatusCode::SERVICE_UNAVAILABLE, "stopping")
                    } else {
                        intake.handle(request).await
                    };
                    Ok::<_, std::convert::Infallible>(answer)
                }
            });
            let result = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            if let Err(error) = result {
                tracing::debug!(%error, "webhook connection ended");
            }
            drop(slot);
        });
    }
    Ok(())
}

/// 503 with `Retry-After`: Telegram sends the update again later.
fn later(why: &'static str) -> Answer {
    let mut answer = reply(StatusCode::SERVICE_UNAVAILABLE, why);
    answer.headers_mut().insert(
        hyper::header::RETRY_AFTER,
        hyper::header::HeaderValue::from_static("1"),
    );
    answer
}

impl Intake {
    async fn handle(&self, request: Request<Incoming>) -> Answer {
        let body =
            match accepted_body(request, &self.path, self.secret.as_ref(), self.max_body).await {
                Ok(body) => body,
                Err(answer) => return answer,
            };
        let Ok(text) = String::from_utf8(body.to_vec()) else {
            return reply(StatusCode::BAD_REQUEST, "not UTF-8");
        };
        let Some(id) = peek_id(&text) else {
            return reply(StatusCode::BAD_REQUEST, "not an update");
        };
        let partition = partition_of_text(&text, id, self.node.settings.partitions);
        let appended = tokio::time::timeout(
            self.redis_wait,
            append(&self.node, partition, &[(id, text)]),
        )
        .await;
        match appended {
            Ok(Ok(answers)) if answers.first().is_some_and(|a| *a >= 0) => {
                reply(StatusCode::OK, "")
            }
            Ok(Ok(_)) => {
                tracing::warn!(
                    update_id = id,
                    partition,
                    "the update's partition is full: answered 503, Telegram sends it again"
                );
                later("partition full")
            }
            Ok(Err(error)) => {
                tracing::warn!(update_id = id, %error, "the update could not be written to the log: answered 503");
                later("log unavailable")
            }
            Err(_) => {
                tracing::warn!(
                    update_id = id,
                    "Redis did not take the update in time: answered 503"
                );
                later("log unavailable")
            }
        }
    }
}
