//! Cron expressions: five fields, `minute hour day-of-month month day-of-week`.

use super::weekdays::Weekday;
use std::fmt;

/// A parsed cron expression.
///
/// Each field takes `*`, a number, a range `a-b`, a step `*/n`, `a-b/n` or `a/n`, and lists of
/// those separated by commas. Months take `jan`–`dec`, days of the week `sun`–`sat` (0 and 7 are
/// Sunday). `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly` and `@yearly` (`@annually`)
/// stand for their usual expressions. As in POSIX cron, when both the day of the month and the
/// day of the week are restricted, a day matching either runs the job.
///
/// ```
/// use telebot_syntax::schedule::{Cron, CivilMinute};
///
/// let cron = Cron::parse("*/15 9-17 * * mon-fri").unwrap();
/// // Friday 2026-11-27 17:50 → Monday 2026-11-30 09:00.
/// let next = cron.next_after(CivilMinute::new(2026, 11, 27, 17, 50)).unwrap();
/// assert_eq!(next, CivilMinute::new(2026, 11, 30, 9, 0));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cron {
    source: String,
    minutes: u64,
    hours: u32,
    days_of_month: u32,
    months: u16,
    /// Bit 0 is Sunday, as cron counts.
    days_of_week: u8,
    day_of_month_restricted: bool,
    day_of_week_restricted: bool,
}

/// A wall-clock minute on the proleptic Gregorian calendar, with no time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilMinute {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

impl CivilMinute {
    /// A minute from its parts (not checked; see [`Cron::next_after`]).
    pub const fn new(year: i32, month: u8, day: u8, hour: u8, minute: u8) -> CivilMinute {
        CivilMinute {
            year,
            month,
            day,
            hour,
            minute,
        }
    }

    /// The day of the week of this minute's date.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (3 days after Monday).
        let days = days_from_civil(self.year, self.month, self.day);
        Weekday::from_days_from_monday((days + 3).rem_euclid(7) as u8)
    }
}

/// The number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTH_NAMES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAY_NAMES: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    /// The first name stands for this number.
    names_from: u32,
}

const FIELDS: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        names: &[],
        names_from: 0,
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        names: &[],
        names_from: 0,
    },
    Field {
        name: "day of the month",
        min: 1,
        max: 31,
        names: &[],
        names_from: 0,
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &MONTH_NAMES,
        names_from: 1,
    },
    Field {
        name: "day of the week",
        min: 0,
        max: 7,
        names: &DAY_NAMES,
        names_from: 0,
    },
];

impl Field {
    fn value(&self, text: &str, expression: &str) -> Result<u32, String> {
        let lower = text.to_ascii_lowercase();
        if let Some(index) = self.names.iter().position(|name| *name == lower) {
            return Ok(self.names_from + index as u32);
        }
        let value: u32 = text.parse().map_err(|_| {
            let names = if self.names.is_empty() {
                String::new()
            } else {
                format!(" or a name ({}…)", self.names[..3].join(", "))
            };
            format!(
                "\"{text}\" in the {} field of \"{expression}\" is not a number{names}",
                self.name
            )
        })?;
        if value < self.min || value > self.max {
            return Err(format!(
                "{value} in the {} field of \"{expression}\" is out of range ({}–{})",
                self.name, self.min, self.max
            ));
        }
        Ok(value)
    }

    /// The field's values as bits (bit n = value n), and whether it was restricted (not `*`).
    fn parse(&self, text: &str, expression: &str) -> Result<(u64, bool), String> {
        let mut bits = 0u64;
        for item in text.split(',') {
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => {
                    let step: u32 = step.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                        format!(
                            "the step \"{step}\" in the {} field of \"{expression}\" must be a positive number",
                            self.name
                        )
                    })?;
                    (range, step)
                }
                None => (item, 1),
            };
            let (first, last) = if range == "*" {
                (self.min, self.max)
            } else if let Some((a, b)) = range.split_once('-') {
                let (a, b) = (self.value(a, expression)?, self.value(b, expression)?);
                if a > b {
                    return Err(format!(
                        "the range {range} in the {} field of \"{expression}\" runs backwards; write it low-high",
                        self.name
                    ));
                }
                (a, b)
            } else if range.is_empty() {
                return Err(format!(
                    "the {} field of \"{expression}\" has an empty item",
                    self.name
                ));
            } else {
                let a = self.value(range, expression)?;
                // `a/n` means from a to the end, every n.
                (a, if item.contains('/') { self.max } else { a })
            };
            let mut value = first;
            while value <= last {
                bits |= 1 << value;
                value += step;
            }
        }
        Ok((bits, text != "*"))
    }
}

impl Cron {
    /// Parses a five-field cron expression or one of the `@` shorthands.
    pub fn parse(text: &str) -> Result<Cron, String> {
        let trimmed = text.trim();
        let expanded = match trimmed.to_ascii_lowercase().as_str() {
            "@hourly" => "0 * * * *",
            "@daily" | "@midnight" => "0 0 * * *",
            "@weekly" => "0 0 * * 0",
            "@monthly" => "0 0 1 * *",
            "@yearly" | "@annually" => "0 0 1 1 *",
            other if other.starts_with('@') => {
                return Err(format!(
                    "unknown cron shorthand \"{trimmed}\"; use @hourly, @daily, @weekly, @monthly or @yearly"
                ));
            }
            _ => trimmed,
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!(
                "a cron expression has 5 fields (minute hour day-of-month month day-of-week), \"{trimmed}\" has {}",
                fields.len()
            ));
        }
        let mut parsed = [(0u64, false); 5];
        for (slot, (field, text)) in parsed.iter_mut().zip(FIELDS.iter().zip(&fields)) {
            *slot = field.parse(text, trimmed)?;
        }
        let mut days_of_week = parsed[4].0;
        if days_of_week & (1 << 7) != 0 {
            days_of_week = (days_of_week | 1) & 0x7f;
        }
        let cron = Cron {
            source: trimmed.to_string(),
            minutes: parsed[0].0,
            hours: parsed[1].0 as u32,
            days_of_month: parsed[2].0 as u32,
            months: parsed[3].0 as u16,
            days_of_week: days_of_week as u8,
            day_of_month_restricted: parsed[2].1,
            day_of_week_restricted: parsed[4].1,
        };
        if !cron.day_of_week_restricted && !cron.can_ever_run() {
            return Err(format!(
                "\"{trimmed}\" never runs: no month selected has the day of the month it asks for"
            ));
        }
        Ok(cron)
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    fn can_ever_run(&self) -> bool {
        (1..=12u8).any(|month| {
            self.months & (1 << month) != 0
                && (1..=days_in_month(2000, month)).any(|day| self.days_of_month & (1 << day) != 0)
        })
    }

    fn day_matches(&self, year: i32, month: u8, day: u8) -> bool {
        if self.months & (1 << month) == 0 {
            return false;
        }
        let by_month_day = self.days_of_month & (1 << day) != 0;
        let weekday = CivilMinute::new(year, month, day, 0, 0).weekday();
        let cron_weekday = (weekday.days_from_monday() + 1) % 7;
        let by_week_day = self.days_of_week & (1 << cron_weekday) != 0;
        match (self.day_of_month_restricted, self.day_of_week_restricted) {
            (true, true) => by_month_day || by_week_day,
            (true, false) => by_month_day,
            (false, true) => by_week_day,
            (false, false) => true,
        }
    }

    /// Whether the expression fires at `at`.
    pub fn matches(&self, at: CivilMinute) -> bool {
        self.minutes & (1 << at.minute) != 0
            && self.hours & (1 << at.hour) != 0
            && self.day_matches(at.year, at.month, at.day)
    }

    /// The first wall-clock minute strictly after `after` at which the expression fires, looking
    /// up to 30 years ahead (`None` if it never fires in that time, as `0 0 31 2 *` would not).
    pub fn next_after(&self, after: CivilMinute) -> Option<CivilMinute> {
        let (mut year, mut month, mut day) = (after.year, after.month, after.day);
        // Within the first day, start at the minute after `after`; on later days at midnight.
        let mut from = Some((after.hour, after.minute));
        for _ in 0..(366 * 30) {
            if self.day_matches(year, month, day)
                && let Some((hour, minute)) = self.first_time_of_day(from)
            {
                return Some(CivilMinute::new(year, month, day, hour, minute));
            }
            from = None;
            day += 1;
            if day > days_in_month(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
        None
    }

    /// The first (hour, minute) of a matching day, strictly after `after` when given.
    fn first_time_of_day(&self, after: Option<(u8, u8)>) -> Option<(u8, u8)> {
        (0..24u8)
            .filter(|h| self.hours & (1 << h) != 0)
            .flat_map(|h| (0..60u8).map(move |m| (h, m)))
            .filter(|(_, m)| self.minutes & (1 << m) != 0)
            .find(|time| after.is_none_or(|after| *time > after))
    }
}

impl fmt::Debug for Cron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cron({:?})", self.source)
    }
}

impl fmt::Display for Cron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> CivilMinute {
        let n: Vec<i32> = text
            .split(|c: char| !c.is_ascii_digit())
            .map(|p| p.parse().unwrap())
            .collect();
        CivilMinute::new(n[0], n[1] as u8, n[2] as u8, n[3] as u8, n[4] as u8)
    }

    fn next(expression: &str, after: &str) -> CivilMinute {
        Cron::parse(expression)
            .unwrap()
            .next_after(at(after))
            .unwrap()
    }

    #[test]
    fn weekdays_of_known_dates() {
        assert_eq!(at("1970-01-01 00:00").weekday(), Weekday::Thursday);
        assert_eq!(at("2026-11-27 00:00").weekday(), Weekday::Friday);
        assert_eq!(at("2000-02-29 00:00").weekday(), Weekday::Tuesday);
        assert_eq!(at("1969-12-31 00:00").weekday(), Weekday::Wednesday);
    }

    #[test]
    fn steps_ranges_and_lists() {
        assert_eq!(
            next("*/15 * * * *", "2026-11-27 10:14"),
            at("2026-11-27 10:15")
        );
        assert_eq!(
            next("*/15 * * * *", "2026-11-27 10:15"),
            at("2026-11-27 10:30")
        );
        assert_eq!(
            next("5/20 * * * *", "2026-11-27 10:46"),
            at("2026-11-27 11:05")
        );
        assert_eq!(
            next("0 9-17/4 * * *", "2026-11-27 13:00"),
            at("2026-11-27 17:00")
        );
        assert_eq!(
            next("30 8,20 * * *", "2026-11-27 20:30"),
            at("2026-11-28 08:30")
        );
    }

    #[test]
    fn names_and_sunday_as_seven() {
        assert_eq!(
            next("0 0 * * sun", "2026-11-27 00:00"),
            at("2026-11-29 00:00")
        );
        assert_eq!(
            next("0 0 * * 7", "2026-11-27 00:00"),
            at("2026-11-29 00:00")
        );
        assert_eq!(
            next("0 0 1 jan-mar *", "2026-11-27 00:00"),
            at("2027-01-01 00:00")
        );
        assert_eq!(next("@monthly", "2026-12-01 00:00"), at("2027-01-01 00:00"));
    }

    #[test]
    fn month_ends_and_leap_days() {
        assert_eq!(
            next("0 12 31 * *", "2026-04-01 00:00"),
            at("2026-05-31 12:00")
        );
        assert_eq!(
            next("0 0 29 2 *", "2026-03-01 00:00"),
            at("2028-02-29 00:00")
        );
        assert_eq!(
            next("59 23 28-31 2 *", "2100-02-28 23:59"),
            at("2101-02-28 23:59")
        );
    }

    #[test]
    fn day_of_month_or_day_of_week_when_both_are_given() {
        // The 13th, or any Friday: after Friday 2026-11-27 comes Friday 2026-12-04, then the 13th.
        assert_eq!(
            next("0 0 13 * fri", "2026-11-27 00:00"),
            at("2026-12-04 00:00")
        );
        assert_eq!(
            next("0 0 13 * fri", "2026-12-11 00:00"),
            at("2026-12-13 00:00")
        );
    }

    #[test]
    fn refuses_bad_expressions_with_the_reason() {
        for (text, says) in [
            ("* * * *", "has 4"),
            ("60 * * * *", "60 in the minute field"),
            ("* 24 * * *", "hour field"),
            ("* * 0 * *", "day of the month"),
            ("* * * 13 *", "month field"),
            ("* * * * 8", "day of the week"),
            ("*/0 * * * *", "positive"),
            ("5-1 * * * *", "backwards"),
            ("a * * * *", "not a number"),
            ("* * * foo *", "or a name (jan, feb, mar…)"),
            ("1,,2 * * * *", "empty item"),
            ("0 0 30 2 *", "never runs"),
            ("@fortnightly", "unknown cron shorthand"),
        ] {
            let error = Cron::parse(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
        }
    }

    #[test]
    fn keeps_the_source_text() {
        let cron = Cron::parse(" 0 9 * * mon-fri ").unwrap();
        assert_eq!(cron.to_string(), "0 9 * * mon-fri");
        assert!(cron.matches(at("2026-11-30 09:00")));
        assert!(!cron.matches(at("2026-11-29 09:00")));
    }
}
