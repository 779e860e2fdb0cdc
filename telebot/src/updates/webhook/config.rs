//! [`WebhookConfig`]: where the server listens, what it registers with `setWebhook`, and when it
//! answers Telegram.

use crate::InputFile;
use std::net::SocketAddr;
use std::time::Duration;

/// When the server answers an update's request with 200, which tells Telegram the update was
/// delivered.
///
/// Telegram sends the next update on a connection only after the previous one was answered
/// (up to `max_connections` connections, 40 unless set), and sends an unanswered update again
/// later. So the moment of the 200 decides both what a crash can lose and how fast updates
/// can come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Acknowledge {
    /// As soon as the update is in its chat's queue (the default): at most once. Telegram can
    /// send the next update at once, so a slow handler does not slow delivery, but an update
    /// answered and not yet handled is lost if the process dies.
    #[default]
    WhenQueued,
    /// After the update's handlers (non-blocking ones included) have finished, whether they
    /// succeeded, failed or panicked: at least once. An update whose handlers were cut short
    /// by a crash is sent again by Telegram. Each connection carries one update at a time, so
    /// updates come at most `max_connections` at a time, each waiting out its handlers; a
    /// handler that runs longer than Telegram waits for an answer makes Telegram send its
    /// update again (the server then answers that request when the first run has finished,
    /// without running it twice).
    WhenHandled,
}

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
    /// `A-Za-z0-9_-`). Without one, anyone who learns the URL can post updates: the server
    /// warns at startup, and when it calls `setWebhook` itself (`webhook_url` set) it makes up
    /// a random secret for this run. Several instances behind one URL need a secret they
    /// share.
    pub secret_token: Option<String>,
    /// A self-signed certificate to upload with `setWebhook`.
    pub certificate: Option<InputFile>,
    /// `max_connections` for `setWebhook` (1–100).
    pub max_connections: Option<i64>,
    /// Drop updates waiting at startup.
    pub drop_pending_updates: bool,
    /// The largest body accepted, in bytes (default 1 MiB); a larger one gets 413.
    pub max_body_bytes: usize,
    /// When an update's request is answered (default [`Acknowledge::WhenQueued`]).
    pub acknowledge: Acknowledge,
    /// The most updates one chat (or, without a chat, one user) may have queued and running
    /// (default 64). A request for a full lane waits for room up to [`lane_wait`]; then it is
    /// answered 503 with `Retry-After`, and Telegram sends the update again later.
    ///
    /// [`lane_wait`]: Self::lane_wait
    pub lane_capacity: usize,
    /// How long a request waits for room in its full lane before the 503 (default 10 s).
    pub lane_wait: Duration,
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
            .field("acknowledge", &self.acknowledge)
            .field("lane_capacity", &self.lane_capacity)
            .field("lane_wait", &self.lane_wait)
            .finish()
    }
}

impl WebhookConfig {
    /// A configuration listening on `listen` at `path`, with no public URL and no secret,
    /// answering when an update is queued.
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
            acknowledge: Acknowledge::WhenQueued,
            lane_capacity: 64,
            lane_wait: Duration::from_secs(10),
        }
    }
}
