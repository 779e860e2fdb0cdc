//! Intervals: a number and a unit, repeated (`"90s"`, `"1h30m"`, `"1d 12h"`).

use std::time::Duration;

const UNITS: &[(&str, u64)] = &[
    ("ms", 1),
    ("s", 1_000),
    ("m", 60_000),
    ("h", 3_600_000),
    ("d", 86_400_000),
    ("w", 604_800_000),
];

/// Parses an interval: one or more `<number><unit>` parts, units `ms`, `s`, `m`, `h`, `d` and `w`,
/// optionally separated by spaces. Zero is refused: a job cannot run every 0 seconds.
///
/// ```
/// use std::time::Duration;
/// use telebot_syntax::schedule::parse_interval;
///
/// assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
/// assert_eq!(parse_interval("250ms"), Ok(Duration::from_millis(250)));
/// assert!(parse_interval("10").unwrap_err().contains("unit"));
/// ```
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("the interval is empty; write it like \"10s\", \"5m\" or \"1h30m\"".into());
    }
    let mut total_ms: u64 = 0;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(format!(
                "expected a number at \"{rest}\" in the interval \"{trimmed}\"; write it like \"10s\" or \"1h30m\""
            ));
        }
        let number: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("the number in the interval \"{trimmed}\" is too large"))?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..unit_len];
        if unit.is_empty() {
            return Err(format!(
                "add a unit to {number} in the interval \"{trimmed}\": ms, s, m, h, d or w (\"{number}s\")"
            ));
        }
        let Some(&(_, scale)) = UNITS.iter().find(|(name, _)| *name == unit) else {
            return Err(format!(
                "unknown unit \"{unit}\" in the interval \"{trimmed}\"; use ms, s, m, h, d or w"
            ));
        };
        total_ms = number
            .checked_mul(scale)
            .and_then(|ms| total_ms.checked_add(ms))
            .ok_or_else(|| format!("the interval \"{trimmed}\" is too long"))?;
        rest = rest[unit_len..].trim_start();
    }
    if total_ms == 0 {
        return Err(format!(
            "the interval \"{trimmed}\" is zero; a repeating job needs a positive interval"
        ));
    }
    Ok(Duration::from_millis(total_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_parts_of_every_unit() {
        assert_eq!(parse_interval("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(
            parse_interval("1w 1d 1h 1m 1s 1ms"),
            Ok(Duration::from_millis(694_861_001))
        );
        assert_eq!(parse_interval(" 2m30s "), Ok(Duration::from_secs(150)));
    }

    #[test]
    fn refuses_what_is_not_an_interval() {
        for (text, says) in [
            ("", "empty"),
            ("10", "add a unit"),
            ("10 s", "add a unit"),
            ("s", "expected a number"),
            ("10q", "unknown unit \"q\""),
            ("0s", "zero"),
            ("0h0m", "zero"),
            ("99999999999999999999s", "too large"),
            ("18446744073709552s", "too long"),
            ("-5s", "expected a number"),
        ] {
            let error = parse_interval(text).unwrap_err();
            assert!(error.contains(says), "{text:?}: {error}");
        }
    }
}
