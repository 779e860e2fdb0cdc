//! The built-in webhook server (feature `webhooks`): Telegram POSTs each update to a path of
//! yours; the server checks the secret token, hands the update to its chat's lane and answers.
//!
//! * A request without the right `X-Telegram-Bot-Api-Secret-Token` gets 403 and is not
//!   processed (the comparison takes the same time whatever the token). Without a secret the
//!   server warns at startup; when it registers the webhook itself (`webhook_url` set) it
//!   makes one up for the run and says so (never what it is).
//! * A body over the size limit gets 413 Payload Too Large; one that is not JSON, 400.
//! * An update that is JSON with an `update_id` but does not decode is answered 200 (so that
//!   Telegram does not redeliver it and hold back its chat) and goes to the error handlers as
//!   an [`UndecodableUpdate`](super::UndecodableUpdate) with its id and raw JSON.
//! * An update id seen recently (Telegram redelivers when an answer was late) is answered 200
//!   and not processed again.
//! * The 200 means "queued" by default and "handled" with [`Acknowledge::WhenHandled`]
//!   (at least once: an update cut short by a crash is sent again). See [`Acknowledge`] for
//!   the trade-off against Telegram's delivery rate.
//! * Each chat's lane holds at most [`WebhookConfig::lane_capacity`] updates. A request for a
//!   full lane waits for room up to [`WebhookConfig::lane_wait`], then gets 503 with
//!   `Retry-After` and Telegram sends the update again later.
//! * SIGINT/SIGTERM stop accepting (later requests get 503, and Telegram redelivers them),
//!   every update already accepted is handled, then the application stops gracefully.

mod config;
mod recent;
pub(crate) mod secret;
pub(crate) mod server;

pub use config::{Acknowledge, WEBHOOK_LISTEN_VAR, WebhookConfig};

use crate::Error;
use crate::application::Application;
use futures_util::future::BoxFuture;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use recent::RecentIds;
use secret::ExpectedSecret;
use server::Server;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::RwLock;

/// Serves the webhook until a shutdown signal.
pub async fn run(app: &Application, config: WebhookConfig) -> Result<(), Error> {
    let listener = bind(&config).await?;
    serve_until_shutdown(app, listener, config).await
}

/// Serves the webhook until `stop` completes: initialize, `setWebhook` (when a public URL is
/// configured), start, serve; then stop and shut down gracefully.
pub async fn run_until(
    app: &Application,
    config: WebhookConfig,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    let listener = bind(&config).await?;
    serve_on(app, listener, config, stop).await
}

async fn bind(config: &WebhookConfig) -> Result<TcpListener, Error> {
    TcpListener::bind(config.listen)
        .await
        .map_err(|source| Error::Upload {
            method: format!("webhook listen on {}", config.listen),
            source,
        })
}

/// [`serve_on`] until SIGINT or SIGTERM, boxed in a plain function: an `async fn`'s body is
/// compiled into every codegen unit that awaits it, and this one is large (a release build's
/// binary held four copies).
pub(crate) fn serve_until_shutdown(
    app: &Application,
    listener: TcpListener,
    config: WebhookConfig,
) -> BoxFuture<'_, Result<(), Error>> {
    Box::pin(serve_on(
        app,
        listener,
        config,
        super::shutdown::shutdown_signal(),
    ))
}

/// Like [`run_until`], on a listener you bound yourself (port 0 in tests).
pub async fn serve_on(
    app: &Application,
    listener: TcpListener,
    config: WebhookConfig,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    let mut config = config;
    if config.secret_token.is_none() {
        if config.webhook_url.is_some() {
            config.secret_token = Some(secret::generate()?);
            tracing::warn!(
                "no webhook secret token configured: made up a random one for this run and \
                 registered it with setWebhook; several instances behind one URL need a shared \
                 WebhookConfig::secret_token"
            );
        } else {
            tracing::warn!(
                "the webhook has no secret token: anyone who learns its URL can post updates; \
                 set WebhookConfig::secret_token and pass the same secret to setWebhook"
            );
        }
    }
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
        secret: config.secret_token.as_deref().map(ExpectedSecret::new),
        max_body: config.max_body_bytes,
        acknowledge: config.acknowledge,
        lane_capacity: config.lane_capacity.max(1),
        lane_wait: config.lane_wait,
        recent: Mutex::new(RecentIds::default()),
        open: RwLock::new(true),
    });
    let slots = Arc::new(tokio::sync::Semaphore::new(
        config.max_connections_open.max(1),
    ));
    let header_timeout = config.header_timeout;
    let mut accept_failures = 0u32;
    tokio::pin!(stop);
    loop {
        // At the cap, accept nothing until a connection closes.
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let accepted = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                accept_failures = 0;
                stream
            }
            Err(error) => {
                // Out of file descriptors, say: pause (longer each time, up to a second)
                // instead of retrying at once in a loop that takes a core.
                accept_failures = accept_failures.saturating_add(1);
                let pause = Duration::from_millis(10u64 << accept_failures.min(7))
                    .min(Duration::from_secs(1));
                tracing::warn!(%error, ?pause, "webhook accept failed; pausing");
                drop(slot);
                tokio::time::sleep(pause).await;
                continue;
            }
        };
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let server = Arc::clone(&server);
                async move { Ok::<_, std::convert::Infallible>(server.handle(request).await) }
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
    // Every request past the check has put its update in a lane once this lock is ours.
    *server.open.write().await = false;
    app.stop().await;
    app.shutdown().await;
    Ok(())
}
