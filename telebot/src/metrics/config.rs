//! Where the metrics are served.

use crate::Error;
use std::net::SocketAddr;
use std::time::Duration;

/// The variable that turns metrics on for `#[telebot::main]` and
/// [`MetricsConfig::from_env`].
pub const METRICS_LISTEN_VAR: &str = "TELEBOT_METRICS_LISTEN";

/// The metrics endpoint's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsConfig {
    /// Where `/metrics`, `/healthz` and `/readyz` are served: keep it off the public internet
    /// (`127.0.0.1:9090`, or a private network's address).
    pub listen: SocketAddr,
    /// How long a client may take to send its request's headers, and how long a kept-alive
    /// connection may stay idle (default 10 s).
    pub header_timeout: Duration,
    /// The most connections open at once (default 64).
    pub max_connections_open: usize,
    /// The variable the address came from, for error messages.
    pub(crate) variable: Option<&'static str>,
}

impl MetricsConfig {
    /// Metrics served on `listen`.
    pub fn new(listen: SocketAddr) -> MetricsConfig {
        MetricsConfig {
            listen,
            header_timeout: Duration::from_secs(10),
            max_connections_open: 64,
            variable: None,
        }
    }

    /// The metrics endpoint `TELEBOT_METRICS_LISTEN` asks for (`0.0.0.0:9090`); `None` when it
    /// is unset, an error naming it when its value is not an address.
    pub fn from_env() -> Result<Option<MetricsConfig>, Error> {
        Self::from_value(std::env::var(METRICS_LISTEN_VAR).ok())
    }

    pub(crate) fn from_value(value: Option<String>) -> Result<Option<MetricsConfig>, Error> {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            return Ok(None);
        };
        let listen: SocketAddr = value.trim().parse().map_err(|_| {
            Error::Setup(format!(
                "{METRICS_LISTEN_VAR}={value:?} is not an address to listen on (expected like 127.0.0.1:9090)"
            ))
        })?;
        Ok(Some(MetricsConfig {
            variable: Some(METRICS_LISTEN_VAR),
            ..MetricsConfig::new(listen)
        }))
    }

    /// The address as the error messages name it.
    pub(crate) fn describe_listen(&self) -> String {
        match self.variable {
            Some(variable) => format!("{variable}={}", self.listen),
            None => format!("the metrics address {}", self.listen),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_read_and_a_bad_one_names_the_variable() {
        assert_eq!(MetricsConfig::from_value(None).unwrap(), None);
        let config = MetricsConfig::from_value(Some("0.0.0.0:9090".into()))
            .unwrap()
            .unwrap();
        assert_eq!(config.listen.port(), 9090);
        let error = MetricsConfig::from_value(Some("localhost".into()))
            .unwrap_err()
            .to_string();
        assert!(error.contains(METRICS_LISTEN_VAR), "{error}");
        assert!(
            error.contains("127.0.0.1:9090"),
            "says what it expected: {error}"
        );
    }
}
