//! Times of day on a 24-hour clock: `"09:00"`, `"23:59:30"`.

use std::fmt;

/// A time of day, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
}

impl TimeOfDay {
    /// Seconds since midnight.
    pub fn seconds_from_midnight(self) -> u32 {
        u32::from(self.hour) * 3600 + u32::from(self.minute) * 60 + u32::from(self.second)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if self.second != 0 {
            write!(f, ":{:02}", self.second)?;
        }
        Ok(())
    }
}

/// Parses `HH:MM` or `HH:MM:SS` on a 24-hour clock.
///
/// ```
/// use telebot_syntax::schedule::parse_time_of_day;
///
/// let t = parse_time_of_day("09:30").unwrap();
/// assert_eq!((t.hour, t.minute, t.second), (9, 30, 0));
/// assert!(parse_time_of_day("24:00").is_err());
/// ```
pub fn parse_time_of_day(text: &str) -> Result<TimeOfDay, String> {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(format!(
            "\"{trimmed}\" is not a time of day; write it as HH:MM or HH:MM:SS on a 24-hour clock, like \"09:00\""
        ));
    }
    let field = |index: usize, name: &str, max: u8| -> Result<u8, String> {
        let part = parts.get(index).copied().unwrap_or("0");
        if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "the {name} \"{part}\" in \"{trimmed}\" is not a number of one or two digits"
            ));
        }
        let value: u8 = part
            .parse()
            .map_err(|_| format!("the {name} in \"{trimmed}\" is not a number"))?;
        if value > max {
            return Err(format!(
                "the {name} {value} in \"{trimmed}\" is out of range (0–{max})"
            ));
        }
        Ok(value)
    };
    Ok(TimeOfDay {
        hour: field(0, "hour", 23)?,
        minute: field(1, "minute", 59)?,
        second: field(2, "second", 59)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hours_minutes_and_seconds() {
        let t = parse_time_of_day("23:59:58").unwrap();
        assert_eq!(t.seconds_from_midnight(), 86_398);
        assert_eq!(t.to_string(), "23:59:58");
        assert_eq!(parse_time_of_day("7:05").unwrap().to_string(), "07:05");
    }

    #[test]
    fn refuses_times_off_the_clock() {
        for (text, says) in [
            ("9", "HH:MM"),
            ("1:2:3:4", "HH:MM"),
            ("24:00", "hour 24"),
            ("12:60", "minute 60"),
            ("12:00:61", "second 61"),
            ("ab:00", "hour \"ab\""),
            ("12:", "minute \"\""),
            ("123:00", "hour \"123\""),
        ] {
            let error = parse_time_of_day(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
        }
    }
}
