//! The cluster's connection to Redis: one multiplexed, reconnecting connection for every
//! command, a dedicated one for blocking reads, and a patient retry that waits out an
//! unreachable Redis for a bounded time, logging the wait.

use crate::Error;
use crate::client::Backoff;
use crate::persistence::PersistenceError;
use redis::aio::{ConnectionManager, ConnectionManagerConfig, MultiplexedConnection};
use redis::{AsyncConnectionConfig, RedisError};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// A connection to the cluster's Redis.
#[derive(Clone)]
pub(crate) struct Redis {
    manager: ConnectionManager,
    client: redis::Client,
    /// Host and port, for messages (never the password).
    server: String,
    /// The longest wait for an unreachable Redis.
    patience: Duration,
}

/// Whether an error may pass when the command is sent again: what the persistence backend
/// retries, and a server still loading its data or asking to try again (the cluster waits out
/// a Redis restarted with its data).
pub(crate) fn transient(error: &RedisError) -> bool {
    crate::persistence::redis::transient(error)
        || matches!(
            error.kind(),
            redis::ErrorKind::Server(
                redis::ServerErrorKind::BusyLoading | redis::ServerErrorKind::TryAgain
            )
        )
}

fn unavailable(server: &str, operation: &str, attempts: u32, error: &RedisError) -> Error {
    Error::Persistence(PersistenceError::Unavailable {
        backend: "redis",
        operation: format!("{operation} on {server}"),
        attempts,
        reason: error.to_string(),
    })
}

impl Redis {
    /// Connects, waiting at most `patience` for a Redis that does not answer yet.
    pub(crate) async fn connect(url: &str, patience: Duration) -> Result<Redis, Error> {
        let server = crate::persistence::redis::server_of(url);
        let client = redis::Client::open(url).map_err(|e| {
            Error::Setup(format!(
                "the cluster's Redis URL for {server} cannot be used: {e}"
            ))
        })?;
        let config = ConnectionManagerConfig::new()
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500))
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(5)));
        let started = Instant::now();
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(2));
        let mut attempts = 0;
        let manager = loop {
            attempts += 1;
            match ConnectionManager::new_with_config(client.clone(), config.clone()).await {
                Ok(manager) => break manager,
                Err(e) if transient(&e) && started.elapsed() < patience => {
                    let wait = backoff.next_wait();
                    tracing::warn!(server = %server, error = %e, ?wait, "the cluster's Redis cannot be reached yet; waiting");
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(unavailable(&server, "connecting", attempts, &e)),
            }
        };
        Ok(Redis {
            manager,
            client,
            server,
            patience,
        })
    }

    /// The shared connection (clones are cheap and share one socket).
    pub(crate) fn conn(&self) -> ConnectionManager {
        self.manager.clone()
    }

    /// Host and port, for messages.
    pub(crate) fn server(&self) -> &str {
        &self.server
    }

    /// A connection of its own, for commands that block it (`XREAD BLOCK`): no response
    /// time-out shorter than `block`.
    pub(crate) async fn dedicated(
        &self,
        block: Duration,
    ) -> Result<MultiplexedConnection, RedisError> {
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(block + Duration::from_secs(5)));
        self.client
            .get_multiplexed_async_connection_with_config(&config)
            .await
    }

    /// Runs `f` until it succeeds, retrying transient failures with backoff for at most the
    /// cluster's patience; the first failure is logged as a warning, the recovery at info.
    /// Non-transient errors (a script error, a wrong type) return at once.
    pub(crate) async fn patiently<T, F, Fut>(&self, operation: &str, mut f: F) -> Result<T, Error>
    where
        F: FnMut(ConnectionManager) -> Fut,
        Fut: Future<Output = Result<T, RedisError>>,
    {
        let started = Instant::now();
        let mut backoff = Backoff::new(Duration::from_millis(50), Duration::from_secs(1));
        let mut attempts = 0;
        loop {
            attempts += 1;
            match f(self.conn()).await {
                Ok(value) => {
                    if attempts > 1 {
                        tracing::info!(server = %self.server, operation, waited = ?started.elapsed(), "Redis answers again");
                    }
                    return Ok(value);
                }
                Err(e) if transient(&e) && started.elapsed() < self.patience => {
                    let wait = backoff.next_wait();
                    if attempts == 1 {
                        tracing::warn!(server = %self.server, operation, error = %e, patience = ?self.patience, "Redis cannot be reached; waiting");
                    } else {
                        tracing::debug!(server = %self.server, operation, error = %e, ?wait, "Redis still cannot be reached");
                    }
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(unavailable(&self.server, operation, attempts, &e)),
            }
        }
    }
}
