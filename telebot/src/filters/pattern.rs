//! Regex filters on the text or the caption, which record their match for the handler.

use super::{Filter, FilterData, RegexMatch, SharedFilter, message_of};
use crate::Update;
use crate::api::Message;
use ::regex::Regex;

/// What [`regex()`] and [`caption_regex`] accept: a compiled [`Regex`] or a pattern string.
pub trait IntoRegex {
    /// The compiled regex, or why the pattern is invalid.
    fn into_regex(self) -> Result<Regex, ::regex::Error>;
}

impl IntoRegex for Regex {
    fn into_regex(self) -> Result<Regex, ::regex::Error> {
        Ok(self)
    }
}

impl IntoRegex for &Regex {
    fn into_regex(self) -> Result<Regex, ::regex::Error> {
        Ok(self.clone())
    }
}

impl IntoRegex for &str {
    fn into_regex(self) -> Result<Regex, ::regex::Error> {
        Regex::new(self)
    }
}

impl IntoRegex for String {
    fn into_regex(self) -> Result<Regex, ::regex::Error> {
        Regex::new(&self)
    }
}

impl IntoRegex for &String {
    fn into_regex(self) -> Result<Regex, ::regex::Error> {
        Regex::new(self)
    }
}

#[derive(Clone, Copy)]
enum Field {
    Text,
    Caption,
}

struct RegexFilter {
    regex: Regex,
    field: Field,
}

impl RegexFilter {
    fn haystack<'m>(&self, message: &'m Message) -> Option<&'m str> {
        match self.field {
            Field::Text => message.text.as_deref(),
            Field::Caption => message.caption.as_deref(),
        }
    }
}

impl Filter for RegexFilter {
    fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        let Some(haystack) = message_of(update).and_then(|m| self.haystack(m)) else {
            return false;
        };
        match RegexMatch::search(&self.regex, haystack) {
            Some(found) => {
                data.matches.push(found);
                true
            }
            None => false,
        }
    }

    fn describe(&self) -> String {
        let name = match self.field {
            Field::Text => "regex",
            Field::Caption => "caption_regex",
        };
        format!("{name}({:?})", self.regex.as_str())
    }
}

fn build(pattern: impl IntoRegex, field: Field, function: &str) -> SharedFilter {
    match pattern.into_regex() {
        Ok(regex) => SharedFilter::new(RegexFilter { regex, field }),
        Err(err) => panic!("filters::{function}: invalid regex pattern: {err}"),
    }
}

/// Messages whose text the pattern matches somewhere (`Regex::captures`, not anchored: use
/// `^…$` for the whole text). The first match is pushed to [`FilterData::matches`] with its
/// positional and named groups.
///
/// Takes a compiled [`Regex`] or a pattern string. Meant for patterns written in the code:
/// **panics** with the pattern's error when a string is not a valid regex. For patterns
/// that come from elsewhere (configuration, users) use [`try_regex`].
///
/// ```
/// use telebot::filters::{self, FilterData};
/// let ticket = filters::regex(r"#(?<id>\d+)");
/// let update: telebot::Update = serde_json::from_str(r#"{"update_id": 1, "message": {
///     "message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"},
///     "text": "see #451"}}"#).unwrap();
/// let mut data = FilterData::default();
/// assert!(ticket.check(&update, &mut data));
/// assert_eq!(data.matches[0].name("id"), Some("451"));
/// ```
pub fn regex(pattern: impl IntoRegex) -> SharedFilter {
    build(pattern, Field::Text, "regex")
}

/// Like [`regex()`], returning the error of an invalid pattern instead of panicking.
pub fn try_regex(pattern: &str) -> Result<SharedFilter, ::regex::Error> {
    Ok(SharedFilter::new(RegexFilter {
        regex: Regex::new(pattern)?,
        field: Field::Text,
    }))
}

/// Messages whose caption the pattern matches; records the match like [`regex()`], and panics
/// like it on an invalid pattern string.
pub fn caption_regex(pattern: impl IntoRegex) -> SharedFilter {
    build(pattern, Field::Caption, "caption_regex")
}

/// Like [`caption_regex`], returning the error of an invalid pattern instead of panicking.
pub fn try_caption_regex(pattern: &str) -> Result<SharedFilter, ::regex::Error> {
    Ok(SharedFilter::new(RegexFilter {
        regex: Regex::new(pattern)?,
        field: Field::Caption,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::json;

    #[test]
    fn regex_records_positional_and_named_groups() {
        let f = regex(r"(?<verb>buy|sell) (\d+)");
        let mut data = FilterData::default();
        assert!(f.check(&message(json!({"text": "please sell 30 now"})), &mut data));
        assert_eq!(data.matches.len(), 1);
        let m = &data.matches[0];
        assert_eq!(m.get(0), Some("sell 30"));
        assert_eq!(m.get(1), Some("sell"));
        assert_eq!(m.get(2), Some("30"));
        assert_eq!(m.name("verb"), Some("sell"));
    }

    #[test]
    fn regex_fails_without_a_match_and_records_nothing() {
        let f = regex(Regex::new(r"^\d+$").unwrap());
        let mut data = FilterData::default();
        assert!(!f.check(&message(json!({"text": "12a"})), &mut data));
        assert!(!f.check(&message(json!({"caption": "12"})), &mut data));
        assert!(data.is_empty());
        assert!(f.matches(&message(json!({"text": "12"}))));
    }

    #[test]
    fn caption_regex_looks_at_the_caption_only() {
        let f = caption_regex(String::from("sun(set|rise)"));
        let mut data = FilterData::default();
        assert!(f.check(&message(json!({"caption": "a sunrise"})), &mut data));
        assert_eq!(data.matches[0].get(1), Some("rise"));
        assert!(!f.matches(&message(json!({"text": "a sunrise"}))));
    }

    #[test]
    fn invalid_patterns() {
        assert!(try_regex("(unclosed").is_err());
        assert!(try_caption_regex("[z-a]").is_err());
        let ok = try_regex("a+").unwrap();
        assert_eq!(ok.describe(), r#"regex("a+")"#);
        assert_eq!(
            try_caption_regex("b").unwrap().describe(),
            r#"caption_regex("b")"#
        );
        let panic = std::panic::catch_unwind(|| regex("(unclosed")).unwrap_err();
        let text = panic.downcast_ref::<String>().unwrap();
        assert!(
            text.starts_with("filters::regex: invalid regex pattern"),
            "{text}"
        );
    }
}
