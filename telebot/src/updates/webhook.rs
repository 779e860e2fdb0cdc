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
//! * With [`WebhookConfig::tls`] or [`WebhookConfig::self_signed`] the server terminates TLS
//!   itself (rustls); a self-signed certificate is uploaded with `setWebhook`.
//! * Slow and idle clients are dropped after [`WebhookConfig::header_timeout`], at most
//!   [`WebhookConfig::max_connections_open`] connections are open at once, and accept errors
//!   pause the server instead of spinning.
//! * SIGINT/SIGTERM stop accepting (later requests get 503, and Telegram redelivers them),
//!   every update already accepted is handled, then the application stops gracefully.

mod config;
#[cfg(feature = "axum")]
mod mounted;
mod recent;
pub(crate) mod secret;
pub(crate) mod server;

pub use config::{Acknowledge, WEBHOOK_LISTEN_VAR, WebhookConfig, WebhookTls};
#[cfg(feature = "axum")]
pub use mounted::WebhookRoute;

use crate::Error;
use crate::application::Application;
use crate::http_server::{self, Limits};
use futures_util::future::BoxFuture;
use server::Server;
use std::sync::Arc;
use tokio::net::TcpListener;

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

/// The webhook's listener on `config.listen`; the error names the address and
/// `TELEBOT_WEBHOOK_LISTEN`, where such addresses usually come from.
pub(crate) async fn bind(config: &WebhookConfig) -> Result<TcpListener, Error> {
    TcpListener::bind(config.listen).await.map_err(|e| {
        Error::Setup(format!(
            "{WEBHOOK_LISTEN_VAR}={}: the webhook cannot listen there: {e}",
            config.listen
        ))
    })
}

/// [`serve_on`] until SIGINT or SIGTERM, boxed in a plain function: an `async fn`'s body is
/// compiled into every codegen unit that awaits it, and this one is large (a release build's
/// binary held four copies).
fn serve_until_shutdown(
    app: &Application,
    listener: TcpListener,
    config: WebhookConfig,
) -> BoxFuture<'_, Result<(), Error>> {
    Box::pin(serve_on(app, listener, config, super::shutdown_signal()))
}

/// Like [`run_until`], on a listener you bound yourself (port 0 in tests).
pub async fn serve_on(
    app: &Application,
    listener: TcpListener,
    config: WebhookConfig,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    let stop = app.or_stop_requested(stop);
    let config = with_secret(config)?;
    let limits = limits(&config)?;
    let server = start(app, &config, &served_on(&config)).await?;
    let respond: http_server::Respond = {
        let server = Arc::clone(&server);
        Arc::new(move |request| {
            let server = Arc::clone(&server);
            Box::pin(async move { server.handle(request).await })
        })
    };
    http_server::serve(listener, limits, respond, stop).await;
    finish(app, &server).await;
    Ok(())
}

/// Several bots behind one webhook server: each application with its own token, handlers,
/// data and webhook configuration (its own path, secret and `setWebhook` URL), on one
/// listener. A request goes to the bot whose path it names; any other path gets 404. The
/// server's limits and TLS are the first configuration's. Until `stop` completes, then every
/// bot stops gracefully.
///
/// ```no_run
/// # async fn run(support: telebot::Application, shop: telebot::Application) -> Result<(), telebot::Error> {
/// use telebot::updates::webhook::{WebhookConfig, serve_many};
/// let listen = "0.0.0.0:8443".parse().unwrap();
/// let listener = tokio::net::TcpListener::bind(listen).await.unwrap();
/// serve_many(
///     listener,
///     vec![
///         (support, WebhookConfig::new(listen, "/support")),
///         (shop, WebhookConfig::new(listen, "/shop")),
///     ],
///     telebot::updates::shutdown_signal(),
/// )
/// .await
/// # }
/// ```
pub async fn serve_many(
    listener: TcpListener,
    bots: Vec<(Application, WebhookConfig)>,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    let Some((_, first)) = bots.first() else {
        return Err(Error::Setup("serve_many: no bot to serve".into()));
    };
    let limits = limits(first)?;
    // Every path checked before any bot starts.
    let mut paths = std::collections::HashSet::new();
    for (_, config) in &bots {
        if !paths.insert(config.path.as_str()) {
            return Err(Error::Setup(format!(
                "serve_many: two bots share the webhook path {:?}; give each its own",
                config.path
            )));
        }
    }
    let mut routes: std::collections::HashMap<String, (Application, Arc<Server>)> =
        std::collections::HashMap::new();
    for (app, config) in bots {
        let config = with_secret(config)?;
        let server = start(&app, &config, &served_on(&config)).await?;
        routes.insert(config.path.clone(), (app, server));
    }
    let routes = Arc::new(routes);
    let respond: http_server::Respond = {
        let routes = Arc::clone(&routes);
        Arc::new(move |request| {
            let server = routes
                .get(request.uri().path())
                .map(|(_, server)| Arc::clone(server));
            Box::pin(async move {
                match server {
                    Some(server) => server.handle(request).await,
                    None => http_server::reply(hyper::StatusCode::NOT_FOUND, "not found"),
                }
            })
        })
    };
    http_server::serve(listener, limits, respond, stop).await;
    for (app, server) in routes.values() {
        finish(app, server).await;
    }
    Ok(())
}

/// Where the webhook is served, for the startup report (never its path or URL: some bots put
/// their token in them).
fn served_on(config: &WebhookConfig) -> String {
    let transport = if config.tls.is_some() {
        "TLS"
    } else {
        "plain HTTP (TLS ends in front of it)"
    };
    format!("on {} over {transport}", config.listen)
}

/// Brings one bot up for the webhook: initialize, `setWebhook`, the startup report (`served`
/// says where the webhook is served), start.
async fn start(
    app: &Application,
    config: &WebhookConfig,
    served: &str,
) -> Result<Arc<Server>, Error> {
    app.initialize().await?;
    register(app, config).await?;
    tracing::info!(
        "{}  intake: webhook {served}, {}{}",
        app.startup_report(),
        match config.acknowledge {
            Acknowledge::WhenQueued => "answered when queued (at most once)",
            Acknowledge::WhenHandled => "answered when handled (at least once)",
        },
        if config.webhook_url.is_some() {
            "; registered with setWebhook"
        } else {
            ""
        }
    );
    app.start().await;
    app.telemetry().intake_running(true);
    Ok(Arc::new(Server::new(app.clone(), config)))
}

/// Stops one bot after its server stopped taking requests: every accepted update is handled,
/// then the application stops and shuts down.
async fn finish(app: &Application, server: &Server) {
    app.telemetry().intake_running(false);
    // Every request past the check has put its update in a lane once this lock is ours.
    *server.open.write().await = false;
    app.stop().await;
    app.shutdown().await;
    stopped(app);
}

/// The shutdown report of a webhook intake.
fn stopped(app: &Application) {
    tracing::info!(
        handled = app.updates_handled(),
        "stopped: {} updates handled; data written",
        app.updates_handled()
    );
}

/// The configuration with a secret: without one, a random one made up for this run when the
/// server registers the webhook itself (a warning says so, never the secret); otherwise a
/// warning that anyone who learns the URL can post updates.
fn with_secret(mut config: WebhookConfig) -> Result<WebhookConfig, Error> {
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
    Ok(config)
}

/// The server's limits and TLS, as the configuration says; a certificate or key that cannot
/// be used is an error naming the file.
pub(crate) fn limits(config: &WebhookConfig) -> Result<Limits, Error> {
    let tls = match &config.tls {
        Some(tls) => Some(
            http_server::tls::acceptor(&tls.certificate, &tls.key)
                .map_err(|why| Error::Setup(format!("webhook TLS: {why}")))?,
        ),
        None => None,
    };
    Ok(Limits {
        header_timeout: config.header_timeout,
        max_open: config.max_connections_open,
        name: "webhook",
        tls,
    })
}

/// Registers the webhook with `setWebhook` when a public URL is configured: the kinds of
/// updates the handlers take, the secret, the connection limit, and a self-signed
/// certificate to trust.
pub(crate) async fn register(app: &Application, config: &WebhookConfig) -> Result<(), Error> {
    let Some(url) = &config.webhook_url else {
        return Ok(());
    };
    let mut request = app
        .bot()
        .set_webhook(url.clone())
        .allowed_updates(app.allowed_updates())
        .drop_pending_updates(config.drop_pending_updates);
    if let Some(secret) = &config.secret_token {
        request = request.secret_token(secret.clone());
    }
    let certificate = match (&config.certificate, &config.tls) {
        (Some(certificate), _) => Some(certificate.clone()),
        (None, Some(tls)) if tls.self_signed => Some(crate::InputFile::path(&tls.certificate)),
        _ => None,
    };
    if let Some(certificate) = certificate {
        request = request.certificate(certificate);
    }
    if let Some(max) = config.max_connections {
        request = request.max_connections(max);
    }
    request.await?;
    Ok(())
}
