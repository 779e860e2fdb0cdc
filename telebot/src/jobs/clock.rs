//! [`Clock`]: where the job queue reads the date and time.
//!
//! Jobs are planned in wall-clock time (a daily job runs at 09:00 on the calendar) and waited
//! for with tokio's timers. The system clock reads the machine's time; an anchored clock
//! derives the time from a starting date-time plus the tokio time elapsed since, so a test on
//! tokio's paused clock can run a year of schedules in milliseconds, starting on any date.

use jiff::Timestamp;
use std::time::Duration;
use tokio::time::Instant;

/// The longest the queue sleeps on the system clock before it looks at the time again, so a
/// change of the machine's clock (or a suspend) delays a job by at most this much.
const SYSTEM_RECHECK: Duration = Duration::from_secs(60);

/// The longest single wait on an anchored clock; a job further ahead is waited for in steps.
const FAR_AHEAD: Duration = Duration::from_secs(365 * 24 * 3600);

/// Where the job queue reads the date and time.
///
/// Tests on tokio's paused clock need an anchored clock ([`Clock::starting_at`]): the system
/// clock does not move with paused time, so jobs on it would wait for real time to pass.
///
/// ```
/// use telebot::jobs::{Clock, jiff::Timestamp};
/// # #[tokio::main(flavor = "current_thread", start_paused = true)] async fn main() {
/// let clock = Clock::starting_at("2028-02-28T23:00:00Z".parse::<Timestamp>().unwrap());
/// tokio::time::sleep(std::time::Duration::from_secs(3600)).await; // no wait when paused
/// assert_eq!(clock.now().to_string(), "2028-02-29T00:00:00Z");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Clock {
    anchor: Option<(Timestamp, Instant)>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl Clock {
    /// The machine's clock (the default).
    pub fn system() -> Clock {
        Clock { anchor: None }
    }

    /// A clock that reads `now` at this moment of tokio time and moves with tokio's time from
    /// then on (paused or not). Must be called inside a tokio runtime.
    pub fn starting_at(now: Timestamp) -> Clock {
        Clock {
            anchor: Some((now, Instant::now())),
        }
    }

    /// The current date and time.
    pub fn now(&self) -> Timestamp {
        match self.anchor {
            None => Timestamp::now(),
            Some((wall, at)) => add_duration(wall, at.elapsed()),
        }
    }

    /// When the tokio timer should wake up for `t` (on the system clock, at most a minute
    /// ahead, to look at the clock again; a time too far for tokio's timer, a year ahead).
    pub(crate) fn wake_for(&self, t: Timestamp) -> Instant {
        let far = || Instant::now() + FAR_AHEAD;
        match self.anchor {
            None => Instant::now() + until(Timestamp::now(), t).min(SYSTEM_RECHECK),
            Some((wall, at)) => at
                .checked_add(until(wall, t))
                .filter(|wake| *wake < far())
                .unwrap_or_else(far),
        }
    }
}

/// `t + d`, saturating at the largest timestamp.
pub(crate) fn add_duration(t: Timestamp, d: Duration) -> Timestamp {
    let nanos = t.as_nanosecond().saturating_add(d.as_nanos() as i128);
    Timestamp::from_nanosecond(nanos).unwrap_or(Timestamp::MAX)
}

/// The time from `from` to `to`, zero when `to` is not later.
pub(crate) fn until(from: Timestamp, to: Timestamp) -> Duration {
    let nanos = to.as_nanosecond() - from.as_nanosecond();
    if nanos <= 0 {
        return Duration::ZERO;
    }
    let nanos = u64::try_from(nanos).unwrap_or(u64::MAX);
    Duration::from_nanos(nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn an_anchored_clock_moves_with_tokio_time() {
        let start: Timestamp = "2026-03-29T00:59:00Z".parse().unwrap();
        let clock = Clock::starting_at(start);
        tokio::time::advance(Duration::from_secs(90)).await;
        assert_eq!(clock.now().to_string(), "2026-03-29T01:00:30Z");
        let wake = clock.wake_for("2026-03-29T01:01:00Z".parse().unwrap());
        assert_eq!(wake - Instant::now(), Duration::from_secs(30));
        let end_of_time = clock.wake_for(Timestamp::MAX);
        assert_eq!(end_of_time - Instant::now(), FAR_AHEAD);
    }

    #[test]
    fn durations_between_timestamps_never_go_negative() {
        let a: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let b = add_duration(a, Duration::from_millis(1500));
        assert_eq!(until(a, b), Duration::from_millis(1500));
        assert_eq!(until(b, a), Duration::ZERO);
        assert_eq!(add_duration(Timestamp::MAX, Duration::MAX), Timestamp::MAX);
    }
}
