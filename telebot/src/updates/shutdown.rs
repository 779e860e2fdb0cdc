//! The stop signal of `run_polling` and `run_webhook`: SIGINT (Ctrl-C) or SIGTERM.

use std::future::Future;

/// A future that completes on SIGINT or SIGTERM. The signal handlers are installed when this
/// is called, not when the future is first polled, so a signal that arrives while the bot
/// starts up already stops it gracefully. For a server of your own (`axum::serve(..)
/// .with_graceful_shutdown(shutdown_signal())`).
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    #[cfg(unix)]
    let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
    async move {
        #[cfg(unix)]
        {
            match (term, interrupt) {
                (Ok(mut term), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = term.recv() => tracing::info!("SIGTERM: stopping gracefully"),
                        _ = interrupt.recv() => tracing::info!("SIGINT: stopping gracefully"),
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
