//! The webhook inside a server of your own (feature `axum`): an axum [`Router`] for the
//! webhook's path, to mount beside your own routes, with the same checks and the same
//! promises as the built-in server.

use super::server::Server;
use super::{WebhookConfig, finish, start, with_secret};
use crate::Error;
use crate::application::Application;
use axum::Router;
use axum::routing::any;
use std::sync::Arc;

/// The webhook of a started application, to serve from your own axum server (PTB's custom
/// webhook bot): the same path, secret check (403), body limit (413), decoding, redelivery
/// handling, per-chat back-pressure (503 with `Retry-After`) and [`Acknowledge`] mode as the
/// built-in server. Your server's own limits (timeouts, connections, TLS) are yours to set;
/// `WebhookConfig::listen`, `tls`, `header_timeout` and `max_connections_open` are not used.
///
/// ```no_run
/// # async fn run(app: telebot::Application) -> Result<(), Box<dyn std::error::Error>> {
/// use telebot::updates::webhook::{WebhookConfig, WebhookRoute};
/// let config = WebhookConfig::new("0.0.0.0:8080".parse()?, "/telegram");
/// let webhook = WebhookRoute::start(&app, config).await?;
/// let router: axum::Router = webhook
///     .router()
///     .route("/healthcheck", axum::routing::get(|| async { "ok" }));
/// // Serve `router` with your server, e.g. `axum::serve(listener, router).await?` (axum's
/// // `tokio` and `http1` features); then:
/// webhook.stop().await; // handles what was accepted, stops the application
/// # Ok(()) }
/// ```
///
/// [`Acknowledge`]: super::Acknowledge
pub struct WebhookRoute {
    app: Application,
    server: Arc<Server>,
    path: String,
}

impl std::fmt::Debug for WebhookRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRoute")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl WebhookRoute {
    /// Initializes the application, registers the webhook with `setWebhook` when
    /// `webhook_url` is set (made-up secret and warnings as the built-in server), logs the
    /// startup report and starts the application.
    pub async fn start(app: &Application, config: WebhookConfig) -> Result<WebhookRoute, Error> {
        let config = with_secret(config)?;
        let server = start(app, &config, "in a server of the program's own").await?;
        Ok(WebhookRoute {
            app: app.clone(),
            server,
            path: config.path,
        })
    }

    /// A router answering the webhook's path (every method: anything but POST gets 405); merge
    /// your routes into it, or nest it.
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let server = Arc::clone(&self.server);
        Router::new().route(
            &self.path,
            any(move |request: axum::extract::Request| {
                let server = Arc::clone(&server);
                async move { server.handle(request).await }
            }),
        )
    }

    /// Stops taking updates (later requests get 503 and Telegram sends them again), lets every
    /// accepted update be handled, then stops and shuts down the application.
    pub async fn stop(self) {
        finish(&self.app, &self.server).await;
    }
}
