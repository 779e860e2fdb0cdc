//! The HTTP/1 server under the webhook, the cluster's webhook intake and the metrics endpoint:
//! an accept loop that holds up on the open internet, and optional TLS.
//!
//! * At most [`Limits::max_open`] connections are open at once; at the cap nothing more is
//!   accepted until one closes (the rest wait in the listen backlog), so idle or slow clients
//!   cannot take every file descriptor.
//! * A client gets [`Limits::header_timeout`] to send a request's headers (and to finish a TLS
//!   handshake), and a kept-alive connection may sit idle that long before its next request.
//! * An `accept` error (out of file descriptors, say) pauses the loop, longer each time up to a
//!   second, instead of retrying at once and taking a core.

#[cfg(feature = "webhooks")]
pub(crate) mod tls;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;

/// An answer of the server.
pub(crate) type Answer = Response<Full<Bytes>>;

/// What answers each request.
pub(crate) type Respond =
    Arc<dyn Fn(Request<Incoming>) -> BoxFuture<'static, Answer> + Send + Sync>;

/// An answer with `status` and a short text body.
pub(crate) fn reply(status: StatusCode, body: &'static str) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response
}

/// How much of the server a client may take.
#[derive(Clone)]
pub(crate) struct Limits {
    /// The time to send a request's headers, to finish the TLS handshake, and the longest idle
    /// time of a kept-alive connection.
    pub(crate) header_timeout: Duration,
    /// The most connections open at once.
    pub(crate) max_open: usize,
    /// The server's name in log lines (`webhook`, `metrics`).
    pub(crate) name: &'static str,
    /// TLS, when the server terminates it itself.
    #[cfg(feature = "webhooks")]
    pub(crate) tls: Option<tls::Acceptor>,
}

/// Accepts connections on `listener` and answers their requests with `respond` until `stop`
/// completes; connections open then finish on their own.
pub(crate) async fn serve(
    listener: TcpListener,
    limits: Limits,
    respond: Respond,
    stop: impl std::future::Future<Output = ()>,
) {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_open.max(1)));
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
                accept_failures = accept_failures.saturating_add(1);
                let pause = Duration::from_millis(10u64 << accept_failures.min(7))
                    .min(Duration::from_secs(1));
                tracing::warn!(server = limits.name, %error, ?pause, "accept failed; pausing");
                drop(slot);
                tokio::time::sleep(pause).await;
                continue;
            }
        };
        let respond = Arc::clone(&respond);
        let limits = limits.clone();
        tokio::spawn(async move {
            #[cfg(feature = "webhooks")]
            if let Some(tls) = &limits.tls {
                match tokio::time::timeout(limits.header_timeout, tls.accept(stream)).await {
                    Ok(Ok(stream)) => connection(stream, &limits, respond).await,
                    Ok(Err(error)) => {
                        tracing::debug!(server = limits.name, %error, "TLS handshake failed")
                    }
                    Err(_) => tracing::debug!(server = limits.name, "TLS handshake too slow"),
                }
                drop(slot);
                return;
            }
            connection(stream, &limits, respond).await;
            drop(slot);
        });
    }
}

/// Serves the requests of one connection.
async fn connection<S>(stream: S, limits: &Limits, respond: Respond)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = service_fn(move |request| {
        let answer = respond(request);
        async move { Ok::<_, std::convert::Infallible>(answer.await) }
    });
    let result = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .serve_connection(TokioIo::new(stream), service)
        .await;
    if let Err(error) = result {
        tracing::debug!(server = limits.name, %error, "connection ended");
    }
}
