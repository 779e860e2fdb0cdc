//! Long polling: `getUpdates` in a loop until SIGINT or SIGTERM, with backoff on errors.
//!
//! Each batch is handed to the application's lanes (one chat's updates in order, chats
//! concurrently), and the next `getUpdates`, which confirms the batch to Telegram, is sent only
//! when the batch's blocking handlers are done: an update is never confirmed before it was
//! handled, so a crash loses nothing (at-least-once).

use crate::application::Application;
use crate::{Error, Update};
use std::time::Duration;

/// Polling settings.
#[derive(Debug, Clone)]
pub struct PollingConfig {
    /// Seconds Telegram may hold a `getUpdates` (default 30).
    pub timeout: u64,
    /// Updates per batch, 1–100 (default 100).
    pub limit: i64,
    /// Drop the updates waiting at startup (default no).
    pub drop_pending_updates: bool,
}

impl Default for PollingConfig {
    fn default() -> Self {
        PollingConfig {
            timeout: 30,
            limit: 100,
            drop_pending_updates: false,
        }
    }
}

/// Waits for SIGINT (Ctrl-C) or SIGTERM.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Runs the application with long polling until a shutdown signal.
pub async fn run(app: &Application, config: PollingConfig) -> Result<(), Error> {
    run_until(app, config, shutdown_signal()).await
}

/// Runs the application with long polling until `stop` completes.
pub async fn run_until(
    app: &Application,
    config: PollingConfig,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), Error> {
    app.initialize().await?;
    let bot = app.bot().clone();
    let _ = bot
        .delete_webhook()
        .drop_pending_updates(config.drop_pending_updates)
        .await;
    let allowed = app.allowed_updates();
    tracing::info!("{}", app.startup_report());
    app.start().await;
    tokio::pin!(stop);
    let mut offset: Option<i64> = None;
    let mut backoff = Duration::from_millis(500);
    let result = loop {
        let mut request = bot
            .get_updates()
            .timeout(config.timeout as i64)
            .limit(config.limit);
        if let Some(offset) = offset {
            request = request.offset(offset);
        }
        request = request.allowed_updates(allowed.clone());
        let batch: Result<Vec<Update>, Error> = tokio::select! {
            _ = &mut stop => break Ok(()),
            batch = request => batch,
        };
        match batch {
            Ok(updates) => {
                backoff = Duration::from_millis(500);
                let mut next = None;
                for update in updates {
                    next = Some(update.update_id + 1);
                    app.submit(update);
                }
                tokio::select! {
                    _ = &mut stop => {
                        offset = next.or(offset);
                        break Ok(());
                    }
                    _ = app.wait_lanes_idle() => {}
                }
                offset = next.or(offset);
            }
            Err(Error::InvalidToken { .. }) => {
                break Err(Error::InvalidToken {
                    method: "getUpdates".into(),
                });
            }
            Err(e) => {
                tracing::warn!(error = %e, "getUpdates failed; retrying in {backoff:?}");
                tokio::select! {
                    _ = &mut stop => break Ok(()),
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
        }
    };
    app.stop().await;
    if let Some(offset) = offset {
        // Confirm what was handled so a restart does not see it again.
        let _ = bot.get_updates().offset(offset).timeout(0).limit(1).await;
    }
    app.shutdown().await;
    result
}
