//! [`Schedule`]: when a job runs, as data (what `#[job(…)]` and the `run_*` methods produce).

use super::JobError;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use std::time::{Duration, SystemTime};
use telebot_syntax::schedule::{Cron, TimeOfDay, Weekdays};

/// When a job runs.
///
/// ```
/// use std::time::Duration;
/// use telebot::jobs::{Daily, Repeating, Schedule, Weekdays, parse_time_of_day};
///
/// let every_ten = Schedule::from(Repeating::every(Duration::from_secs(10)));
/// let mornings = Schedule::from(
///     Daily::at(parse_time_of_day("09:00").unwrap()).days(Weekdays::WORKDAYS),
/// );
/// ```
#[derive(Debug, Clone)]
pub enum Schedule {
    /// Once, after a delay or at a date-time.
    Once(When),
    /// Every `interval`, from `first` until `last`.
    Repeating(Repeating),
    /// At a time of day, on some days of the week.
    Daily(Daily),
    /// On a day of the month, at a time of day.
    Monthly(Monthly),
    /// When a cron expression fires.
    Cron(CronSchedule),
}

/// A moment for [`Schedule::Once`] and the bounds of [`Repeating`]: a delay from when the job
/// is scheduled, an instant, or a wall-clock date-time in the job queue's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// This long after the job is scheduled.
    After(Duration),
    /// At this instant.
    At(Timestamp),
    /// At this date and time in the queue's time zone ([`Defaults::time_zone`], else UTC).
    ///
    /// [`Defaults::time_zone`]: crate::client::Defaults::time_zone
    Local(DateTime),
}

impl From<Duration> for When {
    fn from(delay: Duration) -> Self {
        When::After(delay)
    }
}

impl From<Timestamp> for When {
    fn from(at: Timestamp) -> Self {
        When::At(at)
    }
}

impl From<jiff::ZonedDateTime> for When {
    fn from(at: jiff::ZonedDateTime) -> Self {
        When::At(at.timestamp())
    }
}

impl From<DateTime> for When {
    fn from(at: DateTime) -> Self {
        When::Local(at)
    }
}

impl TryFrom<SystemTime> for When {
    type Error = JobError;
    fn try_from(at: SystemTime) -> Result<Self, JobError> {
        Timestamp::try_from(at)
            .map(When::At)
            .map_err(|e| JobError::Schedule(format!("{at:?} is out of range: {e}")))
    }
}

/// Every `interval`: the first run at `first` (default: one interval after scheduling), then
/// every interval counted from the first run, up to and including `last` when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeating {
    /// The time between two runs (not zero).
    pub interval: Duration,
    /// The first run; `None` for one interval after scheduling.
    pub first: Option<When>,
    /// No run after this; `None` for no end.
    pub last: Option<When>,
}

impl Repeating {
    /// Every `interval`, first one interval from now, with no end.
    pub fn every(interval: Duration) -> Repeating {
        Repeating {
            interval,
            first: None,
            last: None,
        }
    }

    /// The first run (`Duration::ZERO` for right away).
    pub fn first(mut self, first: impl Into<When>) -> Repeating {
        self.first = Some(first.into());
        self
    }

    /// No run after this.
    pub fn last(mut self, last: impl Into<When>) -> Repeating {
        self.last = Some(last.into());
        self
    }
}

impl From<Duration> for Repeating {
    fn from(interval: Duration) -> Self {
        Repeating::every(interval)
    }
}

/// At a time of day on some days of the week, in a time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Daily {
    /// The time of day.
    pub time: TimeOfDay,
    /// The days it runs (not empty).
    pub days: Weekdays,
    /// The time zone; `None` for the queue's ([`Defaults::time_zone`], else UTC).
    ///
    /// [`Defaults::time_zone`]: crate::client::Defaults::time_zone
    pub tz: Option<TimeZone>,
}

impl Daily {
    /// Every day at `time`, in the queue's time zone.
    pub fn at(time: TimeOfDay) -> Daily {
        Daily {
            time,
            days: Weekdays::ALL,
            tz: None,
        }
    }

    /// Only on these days.
    pub fn days(mut self, days: Weekdays) -> Daily {
        self.days = days;
        self
    }

    /// In this time zone (see [`time_zone`](super::time_zone)).
    pub fn time_zone(mut self, tz: TimeZone) -> Daily {
        self.tz = Some(tz);
        self
    }
}

impl From<TimeOfDay> for Daily {
    fn from(time: TimeOfDay) -> Self {
        Daily::at(time)
    }
}

/// Which day of the month a [`Monthly`] job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOfMonth {
    /// This day (1–31); months that are shorter are skipped, as in cron and PTB.
    Day(u8),
    /// The last day of every month (the 28th, 29th, 30th or 31st).
    Last,
}

/// On a day of the month at a time of day, in a time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Monthly {
    /// The day.
    pub day: DayOfMonth,
    /// The time of day.
    pub time: TimeOfDay,
    /// The time zone; `None` for the queue's.
    pub tz: Option<TimeZone>,
}

impl Monthly {
    /// On `day` (1–31) of every month that has it, at `time`.
    pub fn on(day: u8, time: TimeOfDay) -> Monthly {
        Monthly {
            day: DayOfMonth::Day(day),
            time,
            tz: None,
        }
    }

    /// On the last day of every month, at `time`.
    pub fn last_day(time: TimeOfDay) -> Monthly {
        Monthly {
            day: DayOfMonth::Last,
            time,
            tz: None,
        }
    }

    /// In this time zone.
    pub fn time_zone(mut self, tz: TimeZone) -> Monthly {
        self.tz = Some(tz);
        self
    }
}

/// A cron expression (see [`Cron`]) read in a time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct CronSchedule {
    /// The expression.
    pub cron: Cron,
    /// The time zone; `None` for the queue's.
    pub tz: Option<TimeZone>,
}

impl CronSchedule {
    /// Parses a cron expression (five fields, or `@daily` and the like).
    ///
    /// ```
    /// let weekdays_at_nine = telebot::jobs::CronSchedule::parse("0 9 * * mon-fri").unwrap();
    /// assert!(telebot::jobs::CronSchedule::parse("0 25 * * *").is_err());
    /// ```
    pub fn parse(expression: &str) -> Result<CronSchedule, JobError> {
        Cron::parse(expression)
            .map(CronSchedule::from)
            .map_err(JobError::Schedule)
    }

    /// In this time zone.
    pub fn time_zone(mut self, tz: TimeZone) -> CronSchedule {
        self.tz = Some(tz);
        self
    }
}

impl From<Cron> for CronSchedule {
    fn from(cron: Cron) -> Self {
        CronSchedule { cron, tz: None }
    }
}

impl From<When> for Schedule {
    fn from(when: When) -> Self {
        Schedule::Once(when)
    }
}

impl From<Repeating> for Schedule {
    fn from(repeating: Repeating) -> Self {
        Schedule::Repeating(repeating)
    }
}

impl From<Daily> for Schedule {
    fn from(daily: Daily) -> Self {
        Schedule::Daily(daily)
    }
}

impl From<Monthly> for Schedule {
    fn from(monthly: Monthly) -> Self {
        Schedule::Monthly(monthly)
    }
}

impl From<CronSchedule> for Schedule {
    fn from(cron: CronSchedule) -> Self {
        Schedule::Cron(cron)
    }
}
