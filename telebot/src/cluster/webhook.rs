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
use crate::http_server::{self, Answer, reply};
use crate::updates::polling::peek_id;
use crate::updates::webhook::secret::ExpectedSecret;
use crate::updates::webhook::server::{accepted_body, rejection_cause};
use crate::updates::webhook::{self, WebhookConfig};
use hyper::body::Incoming;
use hyper::{Request, StatusCode};
use std::sync::Arc;
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;
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
    let bound = node.listener.lock_unpoisoned().take();
    let listener = match bound {
        Some(listener) => listener,
        None => webhook::bind(&config).await?,
    };
    if config.secret_token.is_none() {
        tracing::warn!(
            "the cluster's webhook has no secret token: anyone who learns its URL can post updates; \
             set WebhookConfig::secret_token (the same on every instance) and pass it to setWebhook"
        );
    }
    let limits = webhook::limits(&config)?;
    webhook::register(&node.app, &config).await?;
    tracing::info!(listen = %config.listen, "the cluster's webhook intake serves");
    let intake = Arc::new(Intake {
        node,
        path: config.path.clone(),
        secret: config.secret_token.as_deref().map(ExpectedSecret::new),
        max_body: config.max_body_bytes,
        redis_wait: config.lane_wait,
    });
    intake.node.app.telemetry().intake_running(true);
    let respond: http_server::Respond = {
        let intake = Arc::clone(&intake);
        let stopping = stop.clone();
        Arc::new(move |request| {
            let intake = Arc::clone(&intake);
            let stopped = *stopping.borrow();
            Box::pin(async move {
                if stopped {
                    intake.node.app.telemetry().webhook_rejected("stopping");
                    reply(StatusCode::SERVICE_UNAVAILABLE, "stopping")
                } else {
                    intake.handle(request).await
                }
            })
        })
    };
    http_server::serve(listener, limits, respond, async move {
        let _ = stop.wait_for(|s| *s).await;
    })
    .await;
    intake.node.app.telemetry().intake_running(false);
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
    fn rejected(&self, cause: &'static str) {
        self.node.app.telemetry().webhook_rejected(cause);
    }

    async fn handle(&self, request: Request<Incoming>) -> Answer {
        let body =
            match accepted_body(request, &self.path, self.secret.as_ref(), self.max_body).await {
                Ok(body) => body,
                Err(answer) => {
                    self.rejected(rejection_cause(answer.status()));
                    return answer;
                }
            };
        let Ok(text) = String::from_utf8(body.to_vec()) else {
            self.rejected("not_an_update");
            return reply(StatusCode::BAD_REQUEST, "not UTF-8");
        };
        let Some(id) = peek_id(&text) else {
            self.rejected("not_an_update");
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
                self.rejected("lane_full");
                later("partition full")
            }
            Ok(Err(error)) => {
                tracing::warn!(update_id = id, %error, "the update could not be written to the log: answered 503");
                self.rejected("log_unavailable");
                later("log unavailable")
            }
            Err(_) => {
                tracing::warn!(
                    update_id = id,
                    "Redis did not take the update in time: answered 503"
                );
                self.rejected("log_unavailable");
                later("log unavailable")
            }
        }
    }
}
