//! The metrics' own HTTP server: `/metrics`, `/healthz` and `/readyz`.

use super::{Metrics, MetricsConfig};
use crate::Error;
use crate::http_server::{self, Answer, Limits, reply};
use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Request, Response, StatusCode};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;
use tokio::sync::watch;

/// The endpoint: bound when the application is built (so that an unusable address stops the
/// bot before it starts), served from `initialize` for as long as the application lives, so
/// that `/readyz` says what went wrong after intake stopped (a revoked token, say).
pub(crate) struct Endpoint {
    metrics: Arc<Metrics>,
    config: MetricsConfig,
    address: SocketAddr,
    listener: Mutex<Option<std::net::TcpListener>>,
    stop: watch::Sender<bool>,
}

impl Endpoint {
    /// Binds the configured address; the error names the variable it came from.
    pub(crate) fn bind(config: MetricsConfig, metrics: Arc<Metrics>) -> Result<Endpoint, Error> {
        let cannot = |e: std::io::Error| {
            Error::Setup(format!(
                "{}: cannot serve metrics there: {e}",
                config.describe_listen()
            ))
        };
        let listener = std::net::TcpListener::bind(config.listen).map_err(cannot)?;
        listener.set_nonblocking(true).map_err(cannot)?;
        let address = listener.local_addr().map_err(cannot)?;
        Ok(Endpoint {
            metrics,
            config,
            address,
            listener: Mutex::new(Some(listener)),
            stop: watch::channel(false).0,
        })
    }

    /// The address it serves on (the port chosen when the configuration said 0).
    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// Starts serving, once.
    pub(crate) fn start(&self) {
        let Some(listener) = self.listener.lock_unpoisoned().take() else {
            return;
        };
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(listener) => listener,
            Err(error) => {
                tracing::error!(%error, address = %self.address, "the metrics endpoint cannot serve");
                return;
            }
        };
        let limits = Limits {
            header_timeout: self.config.header_timeout,
            max_open: self.config.max_connections_open,
            name: "metrics",
            #[cfg(feature = "webhooks")]
            tls: None,
        };
        let metrics = Arc::clone(&self.metrics);
        let respond: http_server::Respond = Arc::new(move |request| {
            let answer = answer(&metrics, &request);
            Box::pin(async move { answer })
        });
        let mut stop = self.stop.subscribe();
        tracing::info!(address = %self.address, "metrics served at /metrics, /healthz and /readyz");
        tokio::spawn(http_server::serve(listener, limits, respond, async move {
            let _ = stop.wait_for(|s| *s).await;
        }));
    }
}

impl Drop for Endpoint {
    /// Stops serving (connections open finish their request).
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

fn answer<B>(metrics: &Metrics, request: &Request<B>) -> Answer {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return reply(StatusCode::METHOD_NOT_ALLOWED, "GET only");
    }
    match request.uri().path() {
        "/metrics" => {
            let mut response = Response::new(Full::new(Bytes::from(metrics.encode())));
            response.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            );
            response
        }
        "/healthz" => reply(StatusCode::OK, "ok\n"),
        "/readyz" => {
            let readiness = metrics.readiness();
            if readiness.is_ready() {
                return reply(StatusCode::OK, "ready\n");
            }
            let text = format!("not ready: {}\n", readiness.problems().join("; "));
            let mut response = Response::new(Full::new(Bytes::from(text)));
            *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            response
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            "not found: /metrics, /healthz or /readyz\n",
        ),
    }
}
