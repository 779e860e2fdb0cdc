//! A [`Schedule`] made concrete when a job is scheduled: delays become instants, the queue's
//! time zone fills in, and the next run after any instant can be computed from it alone (so
//! runs never drift: each one is computed from the schedule, never from the previous run).

use super::JobError;
use super::clock::add_duration;
use super::schedule::{DayOfMonth, Schedule, When};
use super::zone::{instant_of, zone_name};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use std::fmt;
use std::time::Duration;
use telebot_syntax::schedule::{CivilMinute, Cron, TimeOfDay, Weekday, Weekdays, days_in_month};

/// How far back a calendar search starts, so that a run shifted forward by a clock change
/// (at most a couple of hours in the tz database) is still found.
const SHIFT_WINDOW: Duration = Duration::from_secs(3 * 3600);

/// When a job runs, with every moment resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Plan {
    Once {
        at: Timestamp,
    },
    Repeating {
        first: Timestamp,
        interval: Duration,
        last: Option<Timestamp>,
    },
    Daily {
        time: TimeOfDay,
        days: Weekdays,
        tz: TimeZone,
    },
    Monthly {
        day: DayOfMonth,
        time: TimeOfDay,
        tz: TimeZone,
    },
    Cron {
        cron: Cron,
        tz: TimeZone,
    },
}

fn resolve(when: When, now: Timestamp, tz: &TimeZone) -> Result<Timestamp, JobError> {
    match when {
        When::After(delay) => Ok(add_duration(now, delay)),
        When::At(at) => Ok(at),
        When::Local(at) => instant_of(at, tz)
            .ok_or_else(|| JobError::Schedule(format!("{at} is out of the supported range"))),
    }
}

impl Plan {
    /// The interval of a repeating plan.
    pub(crate) fn interval(&self) -> Option<Duration> {
        match self {
            Plan::Repeating { interval, .. } => Some(*interval),
            _ => None,
        }
    }

    /// Resolves `schedule` at `now`; `tz` is the queue's time zone.
    pub(crate) fn new(schedule: Schedule, now: Timestamp, tz: &TimeZone) -> Result<Plan, JobError> {
        let zone = |own: Option<TimeZone>| own.unwrap_or_else(|| tz.clone());
        let plan = match schedule {
            Schedule::Once(when) => Plan::Once {
                at: resolve(when, now, tz)?,
            },
            Schedule::Repeating(r) => {
                if r.interval.is_zero() {
                    return Err(JobError::Schedule(
                        "a repeating job needs an interval above zero".into(),
                    ));
                }
                let first = match r.first {
                    Some(first) => resolve(first, now, tz)?,
                    None => add_duration(now, r.interval),
                };
                let last = r.last.map(|l| resolve(l, now, tz)).transpose()?;
                if last.is_some_and(|last| last < first) {
                    return Err(JobError::Schedule(format!(
                        "the last run ({}) is before the first ({first})",
                        last.unwrap_or(first)
                    )));
                }
                Plan::Repeating {
                    first,
                    interval: r.interval,
                    last,
                }
            }
            Schedule::Daily(d) => {
                if d.days.is_empty() {
                    return Err(JobError::Schedule(
                        "a daily job needs at least one day of the week".into(),
                    ));
                }
                Plan::Daily {
                    time: d.time,
                    days: d.days,
                    tz: zone(d.tz),
                }
            }
            Schedule::Monthly(m) => {
                if let DayOfMonth::Day(day) = m.day
                    && !(1..=31).contains(&day)
                {
                    return Err(JobError::Schedule(format!(
                        "day {day} of the month is out of range (1–31; DayOfMonth::Last for the last day)"
                    )));
                }
                Plan::Monthly {
                    day: m.day,
                    time: m.time,
                    tz: zone(m.tz),
                }
            }
            Schedule::Cron(c) => Plan::Cron {
                cron: c.cron,
                tz: zone(c.tz),
            },
        };
        Ok(plan)
    }

    /// The first run of a job scheduled at `now`.
    pub(crate) fn first_run(&self, now: Timestamp) -> Option<Timestamp> {
        match self {
            Plan::Once { at } => Some(*at),
            Plan::Repeating { first, .. } => Some(*first),
            _ => self.next_after(now),
        }
    }

    /// The first run strictly after `t`, or `None` when the schedule has ended.
    pub(crate) fn next_after(&self, t: Timestamp) -> Option<Timestamp> {
        match self {
            Plan::Once { at } => (*at > t).then_some(*at),
            Plan::Repeating {
                first,
                interval,
                last,
            } => {
                let next = if t < *first {
                    *first
                } else {
                    let step = interval.as_nanos() as i128;
                    let runs = (t.as_nanosecond() - first.as_nanosecond()) / step + 1;
                    Timestamp::from_nanosecond(first.as_nanosecond() + runs * step).ok()?
                };
                last.is_none_or(|last| next <= last).then_some(next)
            }
            Plan::Daily { time, days, tz } => {
                let mut date = tz.to_datetime(t).date().yesterday().ok()?;
                for _ in 0..10 {
                    if days.contains(weekday(date))
                        && let Some(run) = instant_of(at(date, *time), tz)
                        && run > t
                    {
                        return Some(run);
                    }
                    date = date.tomorrow().ok()?;
                }
                None
            }
            Plan::Monthly { day, time, tz } => {
                let local = tz.to_datetime(t).date();
                let (mut year, mut month) = (local.year(), local.month());
                // Start a month back; a month with the day comes at least every other month.
                (year, month) = if month == 1 {
                    (year - 1, 12)
                } else {
                    (year, month - 1)
                };
                for _ in 0..26 {
                    let length = days_in_month(i32::from(year), month as u8);
                    let day = match day {
                        DayOfMonth::Day(d) => (*d <= length).then_some(*d),
                        DayOfMonth::Last => Some(length),
                    };
                    if let Some(day) = day
                        && let Ok(date) = Date::new(year, month, day as i8)
                        && let Some(run) = instant_of(at(date, *time), tz)
                        && run > t
                    {
                        return Some(run);
                    }
                    (year, month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                }
                None
            }
            Plan::Cron { cron, tz } => next_cron(cron, tz, t),
        }
    }
}

/// The earliest run of `cron` after `t`. Wall-clock minutes map to instants in order except
/// around a clock change, so the search starts a little back and takes the earliest instant
/// after `t` among the minutes up to a few hours past the first one found.
fn next_cron(cron: &Cron, tz: &TimeZone, t: Timestamp) -> Option<Timestamp> {
    let fixed = tz.to_fixed_offset().is_ok();
    let start = if fixed {
        t
    } else {
        Timestamp::from_nanosecond(t.as_nanosecond() - SHIFT_WINDOW.as_nanos() as i128).ok()?
    };
    let mut minute = civil_minute(tz.to_datetime(start));
    let mut best: Option<(Timestamp, CivilMinute)> = None;
    for _ in 0..100_000 {
        let next = cron.next_after(minute)?;
        if let Some((_, found)) = best
            && (fixed || minutes_between(found, next) > SHIFT_WINDOW.as_secs() as i64 / 60)
        {
            break;
        }
        if let Some(run) = instant_of(date_time(next)?, tz)
            && run > t
            && best.is_none_or(|(b, _)| run < b)
        {
            best = Some((run, best.map_or(next, |(_, found)| found)));
        }
        minute = next;
    }
    best.map(|(run, _)| run)
}

fn minutes_between(a: CivilMinute, b: CivilMinute) -> i64 {
    let (Some(a), Some(b)) = (date_time(a), date_time(b)) else {
        return i64::MAX;
    };
    a.duration_until(b).as_secs() / 60
}

fn civil_minute(dt: DateTime) -> CivilMinute {
    CivilMinute::new(
        i32::from(dt.year()),
        dt.month() as u8,
        dt.day() as u8,
        dt.hour() as u8,
        dt.minute() as u8,
    )
}

fn date_time(m: CivilMinute) -> Option<DateTime> {
    let year = i16::try_from(m.year).ok()?;
    DateTime::new(
        year,
        m.month as i8,
        m.day as i8,
        m.hour as i8,
        m.minute as i8,
        0,
        0,
    )
    .ok()
}

fn at(date: Date, time: TimeOfDay) -> DateTime {
    date.at(time.hour as i8, time.minute as i8, time.second as i8, 0)
}

fn weekday(date: Date) -> Weekday {
    Weekday::from_days_from_monday(date.weekday().to_monday_zero_offset() as u8)
}

fn zone_label(tz: &TimeZone) -> String {
    zone_name(tz).unwrap_or_else(|| "a custom time zone".to_string())
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plan::Once { at } => write!(f, "once at {at}"),
            Plan::Repeating {
                first,
                interval,
                last,
            } => {
                write!(f, "every {interval:?} from {first}")?;
                match last {
                    Some(last) => write!(f, " until {last}"),
                    None => Ok(()),
                }
            }
            Plan::Daily { time, days, tz } => {
                write!(f, "daily at {time}")?;
                if *days != Weekdays::ALL {
                    write!(f, " on {days}")?;
                }
                write!(f, " ({})", zone_label(tz))
            }
            Plan::Monthly { day, time, tz } => match day {
                DayOfMonth::Day(d) => {
                    write!(f, "monthly on day {d} at {time} ({})", zone_label(tz))
                }
                DayOfMonth::Last => {
                    write!(f, "monthly on the last day at {time} ({})", zone_label(tz))
                }
            },
            Plan::Cron { cron, tz } => write!(f, "cron \"{cron}\" ({})", zone_label(tz)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::schedule::{CronSchedule, Daily, Monthly, Repeating};
    use crate::jobs::time_zone;
    use telebot_syntax::schedule::{parse_time_of_day, parse_weekdays};

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// The first `n` runs of `schedule` scheduled at `now`, as RFC 3339 strings.
    fn runs(schedule: impl Into<Schedule>, now: &str, n: usize) -> Vec<String> {
        let plan = Plan::new(schedule.into(), ts(now), &TimeZone::UTC).unwrap();
        let mut out = Vec::new();
        let mut next = plan.first_run(ts(now));
        while let Some(t) = next {
            if out.len() == n {
                break;
            }
            out.push(t.to_string());
            next = plan.next_after(t);
        }
        out
    }

    fn time(text: &str) -> TimeOfDay {
        parse_time_of_day(text).unwrap()
    }

    #[test]
    fn repeating_runs_count_from_the_first_and_stop_at_the_last_inclusive() {
        let every = Repeating::every(Duration::from_secs(90))
            .first(Duration::from_secs(10))
            .last(ts("2026-01-01T00:03:10Z"));
        assert_eq!(
            runs(every, "2026-01-01T00:00:00Z", 10),
            [
                "2026-01-01T00:00:10Z",
                "2026-01-01T00:01:40Z",
                "2026-01-01T00:03:10Z"
            ]
        );
        let plan = Plan::new(
            Repeating::every(Duration::from_secs(10)).into(),
            ts("2026-01-01T00:00:00Z"),
            &TimeZone::UTC,
        )
        .unwrap();
        // From any instant, the next run is on the grid of the first run.
        assert_eq!(
            plan.next_after(ts("2026-01-01T00:00:25.5Z")),
            Some(ts("2026-01-01T00:00:30Z"))
        );
    }

    #[test]
    fn daily_runs_on_its_days_across_both_clock_changes_in_berlin() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        let daily = Daily::at(time("02:30")).time_zone(berlin.clone());
        assert_eq!(
            runs(daily.clone(), "2026-03-27T12:00:00Z", 4),
            [
                "2026-03-28T01:30:00Z", // 02:30 CET
                "2026-03-29T01:30:00Z", // 02:30 does not exist: 03:30 CEST
                "2026-03-30T00:30:00Z", // 02:30 CEST
                "2026-03-31T00:30:00Z",
            ]
        );
        assert_eq!(
            runs(daily, "2026-10-23T12:00:00Z", 4),
            [
                "2026-10-24T00:30:00Z", // 02:30 CEST
                "2026-10-25T00:30:00Z", // 02:30 happens twice: the first, CEST
                "2026-10-26T01:30:00Z", // 02:30 CET
                "2026-10-27T01:30:00Z",
            ]
        );
        let workdays = Daily::at(time("09:00"))
            .days(parse_weekdays("mon,fri").unwrap())
            .time_zone(berlin);
        // 2026-03-27 is a Friday.
        assert_eq!(
            runs(workdays, "2026-03-27T07:00:00Z", 3),
            [
                "2026-03-27T08:00:00Z",
                "2026-03-30T07:00:00Z",
                "2026-04-03T07:00:00Z"
            ]
        );
    }

    #[test]
    fn monthly_skips_months_without_the_day_and_finds_the_last_day() {
        let noon = time("12:00");
        assert_eq!(
            runs(Monthly::on(31, noon), "2026-01-15T00:00:00Z", 7),
            [
                "2026-01-31T12:00:00Z",
                "2026-03-31T12:00:00Z",
                "2026-05-31T12:00:00Z",
                "2026-07-31T12:00:00Z",
                "2026-08-31T12:00:00Z",
                "2026-10-31T12:00:00Z",
                "2026-12-31T12:00:00Z",
            ]
        );
        assert_eq!(
            runs(Monthly::last_day(time("23:59")), "2027-12-31T23:59:00Z", 4),
            [
                "2028-01-31T23:59:00Z",
                "2028-02-29T23:59:00Z",
                "2028-03-31T23:59:00Z",
                "2028-04-30T23:59:00Z",
            ]
        );
        assert_eq!(
            runs(Monthly::on(29, noon), "2027-01-30T00:00:00Z", 2),
            ["2027-03-29T12:00:00Z", "2027-04-29T12:00:00Z"]
        );
        assert_eq!(
            runs(Monthly::on(29, noon), "2028-02-01T00:00:00Z", 1),
            ["2028-02-29T12:00:00Z"]
        );
    }

    #[test]
    fn cron_runs_each_wall_clock_minute_once_across_clock_changes() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        let half_hourly = CronSchedule::parse("0,30 * * * *")
            .unwrap()
            .time_zone(berlin.clone());
        // Spring: 02:00 and 02:30 do not exist; they run shifted, at 03:00 and 03:30 CEST,
        // which are also the runs of 03:00 and 03:30 — each instant runs once.
        assert_eq!(
            runs(half_hourly.clone(), "2026-03-29T00:10:00Z", 4),
            [
                "2026-03-29T00:30:00Z", // 01:30 CET
                "2026-03-29T01:00:00Z", // 03:00 CEST
                "2026-03-29T01:30:00Z", // 03:30 CEST
                "2026-03-29T02:00:00Z", // 04:00 CEST
            ]
        );
        // Autumn: 02:00–02:59 happens twice; it runs in the first pass only.
        assert_eq!(
            runs(half_hourly, "2026-10-24T23:10:00Z", 4),
            [
                "2026-10-24T23:30:00Z", // 01:30 CEST
                "2026-10-25T00:00:00Z", // 02:00 CEST
                "2026-10-25T00:30:00Z", // 02:30 CEST
                "2026-10-25T02:00:00Z", // 03:00 CET
            ]
        );
        let mondays = CronSchedule::parse("0 9 * * mon").unwrap();
        assert_eq!(
            runs(mondays, "2028-02-26T00:00:00Z", 2),
            ["2028-02-28T09:00:00Z", "2028-03-06T09:00:00Z"]
        );
    }

    #[test]
    fn schedules_that_cannot_run_are_refused_with_the_reason() {
        let now = ts("2026-01-01T00:00:00Z");
        let bad: [(Schedule, &str); 4] = [
            (Repeating::every(Duration::ZERO).into(), "above zero"),
            (
                Repeating::every(Duration::from_secs(1))
                    .first(Duration::from_secs(60))
                    .last(Duration::from_secs(30))
                    .into(),
                "before the first",
            ),
            (
                Daily::at(time("09:00")).days(Weekdays::none()).into(),
                "at least one day",
            ),
            (Monthly::on(32, time("09:00")).into(), "day 32"),
        ];
        for (schedule, says) in bad {
            let error = Plan::new(schedule, now, &TimeZone::UTC).unwrap_err();
            assert!(error.to_string().contains(says), "{error}");
        }
    }
}
