//! Time zones of calendar schedules, and how a wall-clock time becomes an instant when the
//! clocks change.
//!
//! A wall-clock time that does not exist on a day (the clocks jump over it in spring) runs
//! shifted by the jump, with the offset from before the change: 02:30 on a night the clocks go
//! from 02:00 to 03:00 runs at 03:30 (as RFC 5545 reads such times). A wall-clock time that
//! happens twice (the clocks go back in autumn) runs once, at the first of the two.

use super::JobError;
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

/// A time zone by name: an IANA name (`"Europe/Berlin"`, `"America/New_York"`), `"UTC"`, or a
/// fixed offset from UTC (`"+05:30"`, `"-03"`). Names come from the tz database compiled into
/// telebot, so they do not depend on the machine's files.
///
/// ```
/// let berlin = telebot::jobs::time_zone("Europe/Berlin").unwrap();
/// let india = telebot::jobs::time_zone("+05:30").unwrap();
/// assert!(telebot::jobs::time_zone("Mars/Olympus").is_err());
/// ```
pub fn time_zone(name: &str) -> Result<TimeZone, JobError> {
    let name = name.trim();
    if name.starts_with(['+', '-']) {
        return parse_offset(name).map(TimeZone::fixed).ok_or_else(|| {
            JobError::Schedule(format!(
                "\"{name}\" is not a UTC offset; write it like \"+05:30\" or \"-03\""
            ))
        });
    }
    TimeZone::get(name).map_err(|_| {
        JobError::Schedule(format!(
            "unknown time zone \"{name}\"; use an IANA name like \"Europe/Berlin\", \"UTC\" or an offset like \"+05:30\""
        ))
    })
}

/// `±HH`, `±HH:MM` or `±HH:MM:SS`.
fn parse_offset(text: &str) -> Option<Offset> {
    let (sign, rest) = match text.split_at(1) {
        ("+", rest) => (1, rest),
        ("-", rest) => (-1, rest),
        _ => return None,
    };
    let mut seconds = 0i32;
    let parts: Vec<&str> = rest.split(':').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    for (part, (scale, max)) in parts.iter().zip([(3600, 25), (60, 59), (1, 59)]) {
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: i32 = part.parse().ok()?;
        if value > max {
            return None;
        }
        seconds += value * scale;
    }
    Offset::from_seconds(sign * seconds).ok()
}

/// The name a time zone is stored and shown under, when it has one ([`time_zone`] reads it
/// back).
pub(crate) fn zone_name(tz: &TimeZone) -> Option<String> {
    if let Some(name) = tz.iana_name() {
        return Some(name.to_string());
    }
    let offset = tz.to_fixed_offset().ok()?;
    Some(if offset.is_zero() {
        "UTC".to_string()
    } else {
        offset.to_string()
    })
}

/// The instant of a wall-clock time in `tz`, with the rules of this module for times the
/// clocks skip or repeat; `None` past the supported range of dates.
pub(crate) fn instant_of(dt: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    tz.to_ambiguous_timestamp(dt).compatible().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn names_offsets_and_their_stored_form_round_trip() {
        for name in ["Europe/Berlin", "UTC", "+05:30", "-03", "+00:00:30"] {
            let tz = time_zone(name).unwrap();
            let stored = zone_name(&tz).unwrap();
            assert_eq!(time_zone(&stored).unwrap(), tz, "{name} → {stored}");
        }
        for bad in ["+5", "+05:3", "+26", "nowhere/at_all", "+05:30:00:00"] {
            assert!(time_zone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn skipped_times_shift_by_the_jump_and_repeated_times_take_the_first() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        // 2026-03-29: 02:00 CET becomes 03:00 CEST, so 02:30 runs at 03:30 CEST (01:30Z).
        let spring = instant_of(date(2026, 3, 29).at(2, 30, 0, 0), &berlin).unwrap();
        assert_eq!(spring.to_string(), "2026-03-29T01:30:00Z");
        // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice; the first is
        // 02:30 CEST (00:30Z).
        let autumn = instant_of(date(2026, 10, 25).at(2, 30, 0, 0), &berlin).unwrap();
        assert_eq!(autumn.to_string(), "2026-10-25T00:30:00Z");
    }
}
