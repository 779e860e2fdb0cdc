//! [`WebhookConfig`]: where the server listens, what it registers with `setWebhook`, and when it
//! answers Telegram.

use crate::InputFile;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The server terminates TLS itself, with a certificate and its private key in PEM files: no
/// reverse proxy needed. Telegram calls webhooks on ports 443, 80, 88 and 8443 only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTls {
    /// The certificate chain (PEM, the server's certificate first).
    pub certificate: PathBuf,
    /// Its private key (PEM: PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// Upload the certificate with `setWebhook`, as Telegram requires for a self-signed one
    /// (Telegram then trusts exactly that certificate). Leave it `false` for a certificate
    /// from a public authority.
    pub self_signed: bool,
}

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
    /// How long a client may take to send a request's headers, and how long a kept-alive
    /// connection may sit idle before its next request (default 10 s): a client that trickles
    /// its headers, or holds a connection without using it, is dropped after it.
    pub header_timeout: Duration,
    /// The most connections open at once (default 4,096); at the cap the server accepts no
    /// more until one closes (they wait in the listen backlog), so idle or slow clients cannot
    /// take every file descriptor. Telegram itself opens at most `max_connections` (40).
    pub max_connections_open: usize,
    /// TLS terminated by the server itself (default `None`: plain HTTP, for a reverse proxy
    /// that terminates TLS in front of it).
    pub tls: Option<WebhookTls>,
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
            .field("header_timeout", &self.header_timeout)
            .field("max_connections_open", &self.max_connections_open)
            .field("tls", &self.tls)
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
            header_timeout: Duration::from_secs(10),
            max_connections_open: 4096,
            tls: None,
        }
    }

    /// The same configuration serving TLS with the certificate chain and key in these PEM
    /// files (a certificate from a public authority: not uploaded).
    pub fn tls(mut self, certificate: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        self.tls = Some(WebhookTls {
            certificate: certificate.into(),
            key: key.into(),
            self_signed: false,
        });
        self
    }

    /// The same configuration serving TLS with a self-signed certificate, which is uploaded
    /// with `setWebhook` so that Telegram trusts it. Make one as Telegram documents:
    /// `openssl req -newkey rsa:2048 -sha256 -nodes -keyout key.pem -x509 -days 365 -out
    /// cert.pem -subj "/CN=<your host or IP>"`.
    pub fn self_signed(mut self, certificate: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        self.tls = Some(WebhookTls {
            certificate: certificate.into(),
            key: key.into(),
            self_signed: true,
        });
        self
    }
}

/// The variable that turns the webhook on for `#[telebot::main]`.
pub const WEBHOOK_LISTEN_VAR: &str = "TELEBOT_WEBHOOK_LISTEN";

impl WebhookConfig {
    /// The webhook the environment describes, for `#[telebot::main]` or a main of your own:
    /// `None` when `TELEBOT_WEBHOOK_LISTEN` is unset; an error naming the variable whose value
    /// cannot be used.
    ///
    /// | variable | meaning | default |
    /// |---|---|---|
    /// | `TELEBOT_WEBHOOK_LISTEN` | where the server listens (`0.0.0.0:8443`); set, it turns the webhook on | unset: long polling |
    /// | `TELEBOT_WEBHOOK_URL` | the public HTTPS URL to register with `setWebhook` | unset: register it yourself |
    /// | `TELEBOT_WEBHOOK_PATH` | the path Telegram posts to | the URL's path, else `/telegram` |
    /// | `TELEBOT_WEBHOOK_SECRET` | the secret token (1–256 of `A-Za-z0-9_-`) | made up per run when the URL is set |
    /// | `TELEBOT_WEBHOOK_TLS_CERT` | serve TLS with this certificate chain (PEM file) | unset: plain HTTP |
    /// | `TELEBOT_WEBHOOK_TLS_KEY` | the certificate's private key (PEM file) | required with the certificate |
    /// | `TELEBOT_WEBHOOK_SELF_SIGNED` | `true`: upload the certificate with `setWebhook` | `false` |
    pub fn from_env() -> Result<Option<WebhookConfig>, crate::Error> {
        WebhookConfig::from_vars(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any source of variables.
    pub(crate) fn from_vars(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<WebhookConfig>, crate::Error> {
        let bad = |name: &str, value: &str, expected: &str| {
            crate::Error::Setup(format!("{name}={value:?} {expected}"))
        };
        let Some(listen) = var(WEBHOOK_LISTEN_VAR).filter(|v| !v.trim().is_empty()) else {
            return Ok(None);
        };
        let address: SocketAddr = listen.trim().parse().map_err(|_| {
            bad(
                WEBHOOK_LISTEN_VAR,
                &listen,
                "is not an address to listen on (expected like 0.0.0.0:8443)",
            )
        })?;
        let url = var("TELEBOT_WEBHOOK_URL").filter(|v| !v.trim().is_empty());
        let url_path = match &url {
            Some(url) => {
                let parsed = reqwest::Url::parse(url).map_err(|_| {
                    bad(
                        "TELEBOT_WEBHOOK_URL",
                        url,
                        "is not a URL (expected like https://bot.example.com/telegram)",
                    )
                })?;
                if !matches!(parsed.scheme(), "https" | "http") {
                    return Err(bad("TELEBOT_WEBHOOK_URL", url, "must be an https:// URL"));
                }
                Some(parsed.path().to_string())
            }
            None => None,
        };
        let path = var("TELEBOT_WEBHOOK_PATH")
            .filter(|p| !p.trim().is_empty())
            .or(url_path.filter(|p| p != "/"))
            .unwrap_or_else(|| "/telegram".to_string());
        if !path.starts_with('/') {
            return Err(bad("TELEBOT_WEBHOOK_PATH", &path, "must start with /"));
        }
        let secret = var("TELEBOT_WEBHOOK_SECRET").filter(|v| !v.is_empty());
        if let Some(secret) = &secret {
            let valid = (1..=256).contains(&secret.len())
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !valid {
                // Never the value: it is a secret.
                return Err(crate::Error::Setup(
                    "TELEBOT_WEBHOOK_SECRET must be 1–256 of A-Z, a-z, 0-9, _ and -".into(),
                ));
            }
        }
        let mut config = WebhookConfig::new(address, path);
        config.webhook_url = url;
        config.secret_token = secret;
        let certificate = var("TELEBOT_WEBHOOK_TLS_CERT").filter(|v| !v.trim().is_empty());
        let key = var("TELEBOT_WEBHOOK_TLS_KEY").filter(|v| !v.trim().is_empty());
        let self_signed = match var("TELEBOT_WEBHOOK_SELF_SIGNED").as_deref().map(str::trim) {
            None | Some("" | "0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(other) => {
                return Err(bad(
                    "TELEBOT_WEBHOOK_SELF_SIGNED",
                    other,
                    "is not a yes or no (expected true or false)",
                ));
            }
        };
        match (certificate, key) {
            (Some(certificate), Some(key)) => {
                let tls = WebhookTls {
                    certificate: certificate.into(),
                    key: key.into(),
                    self_signed,
                };
                // A file that cannot be used stops the bot now, naming the variables.
                crate::http_server::tls::acceptor(&tls.certificate, &tls.key).map_err(|why| {
                    crate::Error::Setup(format!(
                        "TELEBOT_WEBHOOK_TLS_CERT / TELEBOT_WEBHOOK_TLS_KEY: {why}"
                    ))
                })?;
                config.tls = Some(tls);
            }
            (Some(_), None) => {
                return Err(crate::Error::Setup(
                    "TELEBOT_WEBHOOK_TLS_CERT is set without TELEBOT_WEBHOOK_TLS_KEY (the certificate's private key, a PEM file)".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(crate::Error::Setup(
                    "TELEBOT_WEBHOOK_TLS_KEY is set without TELEBOT_WEBHOOK_TLS_CERT (the certificate chain, a PEM file)".into(),
                ));
            }
            (None, None) if self_signed => {
                return Err(crate::Error::Setup(
                    "TELEBOT_WEBHOOK_SELF_SIGNED is set without TELEBOT_WEBHOOK_TLS_CERT and TELEBOT_WEBHOOK_TLS_KEY".into(),
                ));
            }
            (None, None) => {}
        }
        Ok(Some(config))
    }
}

#[cfg(test)]
mod environment_tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> Result<Option<WebhookConfig>, crate::Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        WebhookConfig::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn the_webhook_is_read_from_the_environment() {
        assert!(from(&[]).unwrap().is_none());
        let config = from(&[
            (WEBHOOK_LISTEN_VAR, "0.0.0.0:8443"),
            ("TELEBOT_WEBHOOK_URL", "https://bot.example.com/hook/abc"),
            ("TELEBOT_WEBHOOK_SECRET", "s3cret_token-1"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(config.listen.port(), 8443);
        assert_eq!(config.path, "/hook/abc", "the URL's path by default");
        assert_eq!(config.secret_token.as_deref(), Some("s3cret_token-1"));
        assert_eq!(config.tls, None, "plain HTTP unless a certificate is given");
    }

    #[test]
    fn a_bad_value_names_its_variable_and_never_shows_a_secret() {
        for (vars, variable) in [
            (vec![(WEBHOOK_LISTEN_VAR, "everywhere")], WEBHOOK_LISTEN_VAR),
            (
                vec![
                    (WEBHOOK_LISTEN_VAR, "0.0.0.0:80"),
                    ("TELEBOT_WEBHOOK_URL", "ftp://x/y"),
                ],
                "TELEBOT_WEBHOOK_URL",
            ),
            (
                vec![
                    (WEBHOOK_LISTEN_VAR, "0.0.0.0:80"),
                    ("TELEBOT_WEBHOOK_PATH", "hook"),
                ],
                "TELEBOT_WEBHOOK_PATH",
            ),
            (
                vec![
                    (WEBHOOK_LISTEN_VAR, "0.0.0.0:80"),
                    ("TELEBOT_WEBHOOK_TLS_CERT", "cert.pem"),
                ],
                "TELEBOT_WEBHOOK_TLS_KEY",
            ),
            (
                vec![
                    (WEBHOOK_LISTEN_VAR, "0.0.0.0:80"),
                    ("TELEBOT_WEBHOOK_SELF_SIGNED", "maybe"),
                ],
                "TELEBOT_WEBHOOK_SELF_SIGNED",
            ),
            (
                vec![
                    (WEBHOOK_LISTEN_VAR, "0.0.0.0:80"),
                    ("TELEBOT_WEBHOOK_TLS_CERT", "/nonexistent/cert.pem"),
                    ("TELEBOT_WEBHOOK_TLS_KEY", "/nonexistent/key.pem"),
                ],
                "TELEBOT_WEBHOOK_TLS_CERT",
            ),
        ] {
            let error = from(&vars).unwrap_err().to_string();
            assert!(error.contains(variable), "{error}");
        }
        let error = from(&[
            (WEBHOOK_LISTEN_VAR, "0.0.0.0:80"),
            ("TELEBOT_WEBHOOK_SECRET", "has space!"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("TELEBOT_WEBHOOK_SECRET") && !error.contains("has space"),
            "{error}"
        );
    }
}
