//! Days of the week: `"mon-fri"`, `"sat,sun"`, `"weekends"`.

use std::fmt;

/// A day of the week, Monday first (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Weekday {
    /// Every day, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub fn days_from_monday(self) -> u8 {
        self as u8
    }

    /// The day `n` days after Monday (`n` taken modulo 7).
    pub fn from_days_from_monday(n: u8) -> Weekday {
        Weekday::ALL[usize::from(n % 7)]
    }

    /// Three-letter English name, lower case.
    pub fn short_name(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    /// Reads `mon` or `monday`, any case.
    pub fn from_name(name: &str) -> Option<Weekday> {
        let lower = name.to_ascii_lowercase();
        Weekday::ALL.into_iter().find(|day| {
            let short = day.short_name();
            lower == short || lower == full_name(*day)
        })
    }
}

fn full_name(day: Weekday) -> &'static str {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][day as usize]
}

/// A set of weekdays.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Weekdays(u8);

impl Weekdays {
    /// Every day of the week.
    pub const ALL: Weekdays = Weekdays(0b111_1111);
    /// Monday to Friday.
    pub const WORKDAYS: Weekdays = Weekdays(0b001_1111);
    /// Saturday and Sunday.
    pub const WEEKENDS: Weekdays = Weekdays(0b110_0000);

    /// No day at all.
    pub const fn none() -> Weekdays {
        Weekdays(0)
    }

    /// The set with `day` added.
    pub const fn with(self, day: Weekday) -> Weekdays {
        Weekdays(self.0 | 1 << day as u8)
    }

    /// Whether `day` is in the set.
    pub const fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day as u8) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days in the set, Monday first.
    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        Weekday::ALL
            .into_iter()
            .filter(move |day| self.contains(*day))
    }

    /// The set as bits: bit 0 is Monday, bit 6 Sunday.
    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The set from bits as [`bits`](Self::bits) gives them; higher bits are ignored.
    pub const fn from_bits(bits: u8) -> Weekdays {
        Weekdays(bits & 0b111_1111)
    }
}

impl fmt::Debug for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Weekdays({self})")
    }
}

impl fmt::Display for Weekdays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Weekday::short_name).collect();
        f.write_str(&names.join(","))
    }
}

impl FromIterator<Weekday> for Weekdays {
    fn from_iter<I: IntoIterator<Item = Weekday>>(days: I) -> Self {
        days.into_iter().fold(Weekdays::none(), Weekdays::with)
    }
}

/// Parses a list of days and ranges of days separated by commas: `"mon-fri"`, `"sat,sun"`,
/// `"mon,wed,fri"`, `"fri-mon"` (a range may wrap past Sunday), and the words `"daily"`,
/// `"weekdays"` (Monday to Friday) and `"weekends"`.
///
/// ```
/// use telebot_syntax::schedule::{parse_weekdays, Weekday, Weekdays};
///
/// assert_eq!(parse_weekdays("mon-fri"), Ok(Weekdays::WORKDAYS));
/// assert!(parse_weekdays("sat,sun").unwrap().contains(Weekday::Sunday));
/// assert!(parse_weekdays("funday").is_err());
/// ```
pub fn parse_weekdays(text: &str) -> Result<Weekdays, String> {
    let trimmed = text.trim();
    match trimmed.to_ascii_lowercase().as_str() {
        "daily" | "every day" => return Ok(Weekdays::ALL),
        "weekdays" | "workdays" => return Ok(Weekdays::WORKDAYS),
        "weekends" => return Ok(Weekdays::WEEKENDS),
        _ => {}
    }
    let mut days = Weekdays::none();
    for item in trimmed.split(',').map(str::trim) {
        if item.is_empty() {
            return Err(format!(
                "\"{trimmed}\" has an empty day; list days like \"mon,wed,fri\" or \"mon-fri\""
            ));
        }
        let day = |name: &str| {
            Weekday::from_name(name.trim()).ok_or_else(|| {
                format!(
                    "\"{}\" is not a day of the week; use mon, tue, wed, thu, fri, sat or sun",
                    name.trim()
                )
            })
        };
        match item.split_once('-') {
            Some((first, last)) => {
                let (first, last) = (day(first)?, day(last)?);
                let mut current = first;
                loop {
                    days = days.with(current);
                    if current == last {
                        break;
                    }
                    current = Weekday::from_days_from_monday(current.days_from_monday() + 1);
                }
            }
            None => days = days.with(day(item)?),
        }
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lists_ranges_and_words() {
        assert_eq!(parse_weekdays("weekends"), Ok(Weekdays::WEEKENDS));
        assert_eq!(parse_weekdays("Daily"), Ok(Weekdays::ALL));
        assert_eq!(
            parse_weekdays("Monday, wed ,FRI").unwrap().to_string(),
            "mon,wed,fri"
        );
        assert_eq!(
            parse_weekdays("fri-mon").unwrap().to_string(),
            "mon,fri,sat,sun"
        );
        assert_eq!(parse_weekdays("sun-sun").unwrap().to_string(), "sun");
    }

    #[test]
    fn refuses_unknown_days() {
        assert!(
            parse_weekdays("mon,,tue")
                .unwrap_err()
                .contains("empty day")
        );
        assert!(
            parse_weekdays("mon-funday")
                .unwrap_err()
                .contains("\"funday\"")
        );
        assert!(parse_weekdays("").unwrap_err().contains("empty day"));
    }

    #[test]
    fn bits_round_trip() {
        let days = parse_weekdays("tue,sat").unwrap();
        assert_eq!(Weekdays::from_bits(days.bits()), days);
        assert_eq!(Weekday::from_days_from_monday(13), Weekday::Sunday);
    }
}
