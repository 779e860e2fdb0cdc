//! Watching a bot's Bot API calls from outside the client: each answer's outcome and the time
//! spent waiting for flood control, for metrics (`telebot`'s `metrics` feature implements
//! [`CallObserver`]).

use crate::Error;
use std::time::Duration;

/// How one request to the Bot API ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// Telegram answered `"ok": true`.
    Ok,
    /// Telegram refused the request (a 4xx other than 401 and 429).
    ClientError,
    /// Telegram rejected the token (401): it was revoked or mistyped.
    Unauthorized,
    /// Flood control: Telegram answered 429 with `retry_after`.
    FloodControl,
    /// The server failed (a 5xx), or answered something that is not a Bot API response.
    ServerError,
    /// No answer: the connection failed or the request timed out.
    Network,
}

impl CallOutcome {
    /// The outcome of an answer with HTTP status `status`, for calls whose body is decoded
    /// later (long polling).
    pub fn of_status(status: u16) -> CallOutcome {
        match status {
            200..=299 => CallOutcome::Ok,
            401 => CallOutcome::Unauthorized,
            429 => CallOutcome::FloodControl,
            400..=499 => CallOutcome::ClientError,
            _ => CallOutcome::ServerError,
        }
    }

    /// The outcome a call's error stands for; `None` for errors raised before anything was
    /// sent (encoding, reading an upload, the rate limiter's budget, a missing token).
    pub fn of_error(error: &Error) -> Option<CallOutcome> {
        match error {
            Error::Network { .. } | Error::Timeout { .. } => Some(CallOutcome::Network),
            Error::InvalidToken { .. } => Some(CallOutcome::Unauthorized),
            Error::Api { error_code, .. } => Some(match *error_code {
                429 => CallOutcome::FloodControl,
                401 => CallOutcome::Unauthorized,
                code if code >= 500 => CallOutcome::ServerError,
                _ => CallOutcome::ClientError,
            }),
            Error::InvalidResponse { status, .. } => Some(match CallOutcome::of_status(*status) {
                // A 200 that is not a Bot API response came from something that is not one.
                CallOutcome::Ok => CallOutcome::ServerError,
                other => other,
            }),
            // Telegram answered, the result did not fit: the call itself went through.
            Error::Decode { .. } => Some(CallOutcome::Ok),
            _ => None,
        }
    }
}

/// What a bot made a request wait for before sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WaitCause {
    /// The rate limiter's windows ([`ratelimit`](crate::ratelimit)).
    RateLimiter,
    /// A 429's `retry_after` pause of the request's chat (or of every request).
    RetryAfter,
}

/// Told of every request a bot sends and of every flood-control wait; set with
/// [`BotBuilder::observer`](crate::BotBuilder::observer). Called on the request's task: keep it
/// cheap (count, do not log).
pub trait CallObserver: Send + Sync + 'static {
    /// A request of `method` was answered (or failed) with `outcome`, `elapsed` after it was
    /// sent. Each attempt of a repeated request counts.
    fn answered(&self, method: &str, outcome: CallOutcome, elapsed: Duration);
    /// A request waited `waited` for flood control before it was sent.
    fn waited(&self, cause: WaitCause, waited: Duration);
}
