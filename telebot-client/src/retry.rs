//! When a failed request is sent again: [`RetryPolicy`].

use super::Error;
use super::backoff::Backoff;
use std::time::Duration;

/// How a [`Bot`](crate::Bot) repeats failed requests.
///
/// * A 429 (flood control) waits the `retry_after` Telegram gave, for the whole
///   [`FloodScope`](super::FloodScope) it was given for — the chat of the request, or every request
///   when it had no chat — then repeats the request. A `retry_after` longer than
///   [`max_retry_after`](Self::max_retry_after) is returned as the error instead.
/// * A failure that certainly did not reach Telegram (connection refused, a 5xx answer, a
///   proxy's error page) is repeated after an exponential backoff with jitter.
/// * A failure after the request was written (a time-out or a dropped connection while
///   waiting for the answer) is *ambiguous*: Telegram may have acted on it. It is repeated
///   only for idempotent methods (`Method::IDEMPOTENT`, from a reviewed list: reads, edits,
///   answers to a query, setters, deletions); sends, forwards, copies and calls that create
///   something return the error, whose [`Error::is_ambiguous`] is true, unless
///   [`retry_ambiguous`](Self::retry_ambiguous) is set (which risks duplicate messages).
/// * Anything else (400, 403, …) is returned at once.
///
/// A bare [`Bot`](crate::Bot) does not retry; [`BotBuilder::retry_policy`](crate::BotBuilder::retry_policy)
/// turns it on, and a `telebot::Application`'s bot uses
/// [`RetryPolicy::default`] unless told otherwise.
///
/// ```
/// use std::time::Duration;
/// use telebot_client::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(3)
///     .max_retry_after(Duration::from_secs(10));
/// let bot = telebot_client::Bot::builder().token("123:abc").retry_policy(policy).build();
/// assert!(bot.is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_retry_after: Duration,
    min_backoff: Duration,
    max_backoff: Duration,
    retry_ambiguous: bool,
}

impl Default for RetryPolicy {
    /// Up to 5 attempts, `retry_after` up to 60 s honoured, backoff from 0.25 s to 30 s,
    /// ambiguous failures of non-idempotent methods not repeated.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            max_retry_after: Duration::from_secs(60),
            min_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            retry_ambiguous: false,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Decision {
    /// Return the error.
    GiveUp,
    /// Pause the request's scope for this long, then repeat.
    WaitOut(Duration),
    /// Repeat after the next backoff wait.
    Backoff,
}

impl RetryPolicy {
    /// A policy that never repeats a request.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The longest `retry_after` waited out; a longer one is returned as the error.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The first backoff step and the largest one.
    pub fn backoff(mut self, min: Duration, max: Duration) -> Self {
        self.min_backoff = min;
        self.max_backoff = max;
        self
    }

    /// Also repeat non-idempotent methods (sends, forwards, copies) after an ambiguous
    /// failure. Telegram has no idempotency keys: this can deliver a message twice.
    pub fn retry_ambiguous(mut self, retry: bool) -> Self {
        self.retry_ambiguous = retry;
        self
    }

    /// Attempts in all, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest `retry_after` waited out.
    pub fn longest_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// Whether the policy repeats anything at all.
    pub fn retries(&self) -> bool {
        self.max_attempts > 1
    }

    pub(crate) fn backoff_state(&self) -> Backoff {
        Backoff::new(self.min_backoff, self.max_backoff)
    }

    /// The decision after attempt number `attempt` (1-based) failed with `error`.
    pub(crate) fn decide(&self, error: &Error, idempotent: bool, attempt: u32) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::GiveUp;
        }
        if let Some(wait) = error.retry_after() {
            return if wait <= self.max_retry_after {
                Decision::WaitOut(wait)
            } else {
                Decision::GiveUp
            };
        }
        if error.is_safe_to_retry() {
            return Decision::Backoff;
        }
        if error.is_ambiguous() && (idempotent || self.retry_ambiguous) {
            return Decision::Backoff;
        }
        Decision::GiveUp
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResponseParameters;

    fn api(code: i64, retry_after: Option<u64>) -> Error {
        Error::Api {
            method: "sendMessage".into(),
            error_code: code,
            description: String::new(),
            parameters: retry_after.map(|r| ResponseParameters {
                retry_after: Some(r),
                migrate_to_chat_id: None,
            }),
        }
    }

    fn timeout(ambiguous: bool) -> Error {
        Error::Timeout {
            method: "sendMessage".into(),
            after: Duration::from_secs(1),
            ambiguous,
        }
    }

    #[test]
    fn flood_control_is_waited_out_up_to_the_limit() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.decide(&api(429, Some(3)), false, 1),
            Decision::WaitOut(Duration::from_secs(3))
        );
        assert_eq!(
            policy.decide(&api(429, Some(600)), false, 1),
            Decision::GiveUp
        );
    }

    #[test]
    fn server_errors_back_off_and_client_errors_do_not_retry() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.decide(&api(502, None), false, 1), Decision::Backoff);
        assert_eq!(policy.decide(&api(400, None), true, 1), Decision::GiveUp);
        assert_eq!(policy.decide(&api(403, None), true, 1), Decision::GiveUp);
    }

    #[test]
    fn ambiguous_failures_repeat_only_idempotent_methods_unless_asked() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.decide(&timeout(true), false, 1), Decision::GiveUp);
        assert_eq!(policy.decide(&timeout(true), true, 1), Decision::Backoff);
        assert_eq!(policy.decide(&timeout(false), false, 1), Decision::Backoff);
        let risky = RetryPolicy::default().retry_ambiguous(true);
        assert_eq!(risky.decide(&timeout(true), false, 1), Decision::Backoff);
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::default().max_attempts(3);
        assert_eq!(policy.decide(&api(502, None), true, 2), Decision::Backoff);
        assert_eq!(policy.decide(&api(502, None), true, 3), Decision::GiveUp);
        assert_eq!(
            RetryPolicy::none().decide(&api(429, Some(1)), true, 1),
            Decision::GiveUp
        );
        assert!(!RetryPolicy::none().retries());
    }
}
