mod persistence;

pub use persistence::PersistenceError;

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Extra information Telegram attaches to some errors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseParameters {
    /// The group was migrated to a supergroup with this id; repeat the request there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrate_to_chat_id: Option<i64>,
    /// Flood control: wait this many seconds before repeating the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// Everything that can go wrong calling the Bot API. No variant ever holds the bot token: request
/// URLs are stripped from transport errors and response excerpts are redacted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or its response not read (connection refused or reset, DNS,
    /// TLS…).
    #[error("network error calling {method} on {host}: {}{}", causes(source), if source.is_connect() { "" } else { "; Telegram may have received it" })]
    Network {
        /// The Bot API method.
        method: String,
        /// The API server's host and port (never the path, which holds the token).
        host: String,
        /// The transport error, with its URL removed.
        #[source]
        source: reqwest::Error,
    },
    /// No response arrived in time. When `ambiguous`, the request had been sent and Telegram may
    /// have acted on it.
    #[error("{method} timed out after {after:?}{}", if *.ambiguous { "; Telegram may have received it" } else { "" })]
    Timeout {
        /// The Bot API method.
        method: String,
        /// The time limit that passed.
        after: Duration,
        /// Whether the request may have reached Telegram.
        ambiguous: bool,
    },
    /// Telegram answered `"ok": false`.
    #[error("Telegram refused {method}: {description} (error {error_code})")]
    Api {
        /// The Bot API method.
        method: String,
        /// Telegram's `error_code` (400, 403, 429, …).
        error_code: i64,
        /// Telegram's `description`.
        description: String,
        /// `retry_after` / `migrate_to_chat_id`, when given.
        parameters: Option<ResponseParameters>,
    },
    /// Telegram rejected the token (401 Unauthorized): it is wrong or was revoked.
    #[error(
        "Telegram rejected the bot token (401 Unauthorized) calling {method}: it was revoked or mistyped; check TELEGRAM_BOT_TOKEN, or get the current token from @BotFather (/token)"
    )]
    InvalidToken {
        /// The Bot API method.
        method: String,
    },
    /// The answer was not a Bot API response at all: an HTML error page from a proxy, a truncated
    /// body, an empty reply.
    #[error("{method}: HTTP {status} with a body that is not a Bot API response: {excerpt:?}")]
    InvalidResponse {
        /// The Bot API method.
        method: String,
        /// The HTTP status code.
        status: u16,
        /// The start of the body.
        excerpt: String,
    },
    /// The response was a valid envelope, but its `result` does not fit the expected type.
    #[error("{method}: cannot decode the result: {message}; body starts with {excerpt:?}")]
    Decode {
        /// The Bot API method.
        method: String,
        /// What serde reported.
        message: String,
        /// The start of the body.
        excerpt: String,
    },
    /// A file to upload could not be read.
    #[error("{method}: cannot read a file to upload: {source}")]
    Upload {
        /// The Bot API method.
        method: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The parameters could not be encoded.
    #[error("{method}: cannot encode the parameters: {message}")]
    Encode {
        /// The Bot API method.
        method: String,
        /// What serde reported.
        message: String,
    },
    /// The rate limiter could not fit the call into Telegram's limits within its wait budget
    /// ([`Limits::max_wait`](crate::ratelimit::Limits::max_wait)); nothing was sent.
    #[error("{method} not sent: waited {waited:?} for the rate limiter, past its wait budget")]
    RateLimited {
        /// The Bot API method.
        method: String,
        /// How long it waited.
        waited: Duration,
    },
    /// The bot has no token: neither given in code nor in `TELEGRAM_BOT_TOKEN`.
    #[error(
        "no bot token: set TELEGRAM_BOT_TOKEN or pass one to Bot::new (talk to @BotFather to get one)"
    )]
    MissingToken,
    /// The persistence backend failed while the application loaded or stored its data.
    #[error("persistence: {0}")]
    Persistence(#[from] PersistenceError),
    /// The application's handlers do not fit together (a command declared twice, more than 100
    /// commands in one menu); the message names the declarations as `file:line`.
    #[error("{0}")]
    Setup(String),
    /// A layer around the bot's calls ([`BotBuilder::layer`](crate::BotBuilder::layer)) failed the call with
    /// an error of its own.
    #[error("{method}: a layer refused the call: {source}")]
    Layer {
        /// The method.
        method: String,
        /// The layer's error.
        source: crate::layer::BoxError,
    },
}

/// An error and its causes, outermost first: `error sending request: client error (Connect):
/// tcp connect error: Connection refused (os error 111)`, which says what an operator can act
/// on. Causes that repeat the text before them are left out.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let line = cause.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        source = cause.source();
    }
    text
}

impl Error {
    /// The method the error happened in, when it happened in a call.
    pub fn method(&self) -> Option<&str> {
        match self {
            Error::Network { method, .. }
            | Error::Timeout { method, .. }
            | Error::Api { method, .. }
            | Error::InvalidToken { method }
            | Error::InvalidResponse { method, .. }
            | Error::Decode { method, .. }
            | Error::Upload { method, .. }
            | Error::Encode { method, .. }
            | Error::RateLimited { method, .. }
            | Error::Layer { method, .. } => Some(method),
            Error::MissingToken | Error::Persistence(_) | Error::Setup(_) => None,
        }
    }

    /// Seconds to wait before retrying, when Telegram's flood control said so (429).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api {
                parameters: Some(p),
                ..
            } => p.retry_after.map(Duration::from_secs),
            _ => None,
        }
    }

    /// The new supergroup id, when the group was migrated.
    pub fn migrate_to_chat_id(&self) -> Option<i64> {
        match self {
            Error::Api {
                parameters: Some(p),
                ..
            } => p.migrate_to_chat_id,
            _ => None,
        }
    }

    /// Telegram's error code, for API errors.
    pub fn error_code(&self) -> Option<i64> {
        match self {
            Error::Api { error_code, .. } => Some(*error_code),
            Error::InvalidToken { .. } => Some(401),
            _ => None,
        }
    }

    /// Whether the request may have reached Telegram although no proper answer came back: a
    /// time-out or a dropped connection after it was written, or a cut-off success answer.
    /// Repeating such a request may act twice (a message sent twice).
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Timeout { ambiguous, .. } => *ambiguous,
            Error::Network { source, .. } => !source.is_connect(),
            Error::InvalidResponse { status, .. } => (200..300).contains(status),
            _ => false,
        }
    }

    /// Whether the request certainly did not take effect, so repeating it cannot act twice.
    pub fn is_safe_to_retry(&self) -> bool {
        match self {
            Error::Api { error_code, .. } => *error_code == 429 || *error_code >= 500,
            Error::Timeout { ambiguous, .. } => !ambiguous,
            Error::Network { source, .. } => source.is_connect(),
            Error::InvalidResponse { status, .. } => *status >= 500,
            _ => false,
        }
    }
}
