//! Reads a Bot API response envelope into the method's result or a typed [`Error`].

use super::{Error, ResponseParameters};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::ops::Range;
use telebot_api::decode_json;

/// The envelope, with the `result` left as JSON text: the envelope is read by one function for
/// every method, and only the result by the method's own decoder (`Method::decode_result`).
#[derive(Deserialize)]
struct Envelope<'a> {
    ok: bool,
    #[serde(borrow, default)]
    result: Option<&'a RawValue>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<ResponseParameters>,
}

/// A successful answer: its body and where its `result` lies in it.
pub(crate) struct Answer {
    body: Bytes,
    /// Where the `result` lies, once the envelope was read in full. `None` for a body in
    /// Telegram's own layout: its result is decoded where that layout puts it (see
    /// [`result_in_place`]), and the envelope read only when that fails.
    result: Option<Range<usize>>,
}

impl Answer {
    /// Reads a body: the answer, or the typed error. A success in Telegram's own layout is not
    /// read twice: its result is decoded where it lies, and the envelope read in full only
    /// when that fails (`decode`).
    pub(crate) fn read(method: &str, status: u16, body: Bytes, token: &str) -> Result<Self, Error> {
        if result_in_place(status, &body).is_some() {
            return Ok(Answer { body, result: None });
        }
        Self::read_in_full(method, status, body, token)
    }

    /// Reads a body's whole envelope: the answer, or the typed error.
    pub(crate) fn read_in_full(
        method: &str,
        status: u16,
        body: Bytes,
        token: &str,
    ) -> Result<Self, Error> {
        let text = result_text(method, status, &body, token)?;
        let start = text.as_ptr() as usize - body.as_ptr() as usize;
        let result = start..start + text.len();
        Ok(Answer {
            body,
            result: Some(result),
        })
    }

    /// The answer with its envelope read in full: the typed error if it was not whole.
    pub(crate) fn checked(self, method: &str, token: &str) -> Result<Self, Error> {
        if self.result.is_some() {
            return Ok(self);
        }
        Self::read_in_full(method, 200, self.body, token)
    }

    /// The `result`'s JSON text, when the envelope was read in full (`checked`).
    pub(crate) fn result(&self) -> Option<&str> {
        self.result.clone().map(|range| {
            std::str::from_utf8(&self.body[range]).expect(
                "the body was read as UTF-8 text and the result is a whole JSON value in it",
            )
        })
    }

    /// Decodes the `result` with the method's decoder. A result taken from Telegram's layout
    /// that does not decode is looked for again by reading the envelope in full, so that a
    /// body that only looks like that layout gets the same error as before
    /// ([`Error::InvalidResponse`]), and a result that really does not decode an
    /// [`Error::Decode`]. The one difference: that error now comes after the call's retries,
    /// so a 200 answer in that layout that is not JSON is not repeated, even for an idempotent
    /// method (a body Telegram does not send).
    pub(crate) fn decode<R>(
        self,
        method: &str,
        token: &str,
        decode: impl Fn(&str) -> serde_json::Result<R>,
    ) -> Result<R, Error> {
        match self.result() {
            Some(text) => {
                decode(text).map_err(|error| decode_error(method, &error, &self.body, token))
            }
            None => decode_body(method, 200, &self.body, token, decode),
        }
    }
}

const EXCERPT_LEN: usize = 200;

/// The start of a body, for error messages, with the token (if any) blanked out. The whole
/// body is redacted before it is cut, so a token that spans the cut cannot leave its start.
pub(crate) fn excerpt(body: &[u8], token: &str) -> String {
    let mut text = redact(&String::from_utf8_lossy(body), token);
    if text.len() > EXCERPT_LEN {
        let mut end = EXCERPT_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Replaces every occurrence of the token with `[token]`.
pub(crate) fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_string();
    }
    text.replace(token, "[token]")
}

/// How Telegram writes a success: these bytes, the result, then `}`.
const SUCCESS_OPENING: &[u8] = br#"{"ok":true,"result":"#;

/// Where the result of a success lies when the body is in Telegram's own layout
/// (`{"ok":true,"result":` + result + `}`), found without reading the body. That it is a success
/// is known only once the result decodes: a whole JSON value between these two makes the body
/// a well-formed envelope with `ok` true and this result, and nothing else does.
fn result_in_place(status: u16, body: &[u8]) -> Option<Range<usize>> {
    (status == 200 && body.starts_with(SUCCESS_OPENING) && body.ends_with(b"}"))
        .then(|| SUCCESS_OPENING.len()..body.len() - 1)
        .filter(|range| !range.is_empty())
}

/// The `result` of a body as JSON text, or the typed error.
fn result_text<'a>(
    method: &str,
    status: u16,
    body: &'a [u8],
    token: &str,
) -> Result<&'a str, Error> {
    match decode_json::<Envelope<'a>>(body) {
        Ok(env) if env.ok => env.result.map(RawValue::get).ok_or_else(|| Error::Decode {
            method: method.to_string(),
            message: "\"ok\" is true but there is no \"result\"".to_string(),
            excerpt: excerpt(body, token),
        }),
        Ok(env) => {
            let error_code = env.error_code.unwrap_or(i64::from(status));
            if error_code == 401 {
                return Err(Error::InvalidToken {
                    method: method.to_string(),
                });
            }
            Err(Error::Api {
                method: method.to_string(),
                error_code,
                description: redact(
                    &env.description
                        .unwrap_or_else(|| format!("HTTP {status} without a description")),
                    token,
                ),
                parameters: env.parameters,
            })
        }
        Err(_) => Err(Error::InvalidResponse {
            method: method.to_string(),
            status,
            excerpt: excerpt(body, token),
        }),
    }
}

/// Turns a body into its `result` decoded as `R`, or the typed error.
pub(crate) fn parse<'de, R: Deserialize<'de>>(
    method: &str,
    status: u16,
    body: &'de [u8],
    token: &str,
) -> Result<R, Error> {
    decode_body(method, status, body, token, serde_json::from_str)
}

/// A body's `result` decoded with `decode`: where Telegram's layout puts it, and when that is
/// not where it is, or does not decode, after reading the envelope in full (its error, or an
/// [`Error::Decode`] for a result that really does not decode).
fn decode_body<'a, R>(
    method: &str,
    status: u16,
    body: &'a [u8],
    token: &str,
    decode: impl Fn(&'a str) -> serde_json::Result<R>,
) -> Result<R, Error> {
    if let Some(range) = result_in_place(status, body)
        && let Ok(text) = std::str::from_utf8(&body[range])
        && let Ok(value) = decode(text)
    {
        return Ok(value);
    }
    let text = result_text(method, status, body, token)?;
    decode(text).map_err(|error| decode_error(method, &error, body, token))
}

/// The error for a result that its method's decoder refused.
fn decode_error(method: &str, error: &serde_json::Error, body: &[u8], token: &str) -> Error {
    Error::Decode {
        method: method.to_string(),
        message: error.to_string(),
        excerpt: excerpt(body, token),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    /// Every run of 8 characters of the token's secret part, to scan a text for any piece of it.
    fn pieces() -> Vec<&'static str> {
        let secret = TOKEN.split_once(':').map_or(TOKEN, |(_, s)| s);
        (0..=secret.len() - 8).map(|i| &secret[i..i + 8]).collect()
    }

    #[test]
    fn a_token_across_the_excerpts_cut_leaves_no_piece_of_itself() {
        for start in EXCERPT_LEN - TOKEN.len()..EXCERPT_LEN + 2 {
            let body = format!("{}{TOKEN}{}", "x".repeat(start), "y".repeat(50));
            let text = excerpt(body.as_bytes(), TOKEN);
            assert!(text.len() <= EXCERPT_LEN, "{}", text.len());
            for piece in pieces() {
                assert!(!text.contains(piece), "{piece:?} of the token in {text:?}");
            }
        }
    }

    /// Bodies that are, or only look like, a success in Telegram's own layout.
    const BODIES: &[&[u8]] = &[
        br#"{"ok":true,"result":{"id":7,"name":"x"}}"#,
        br#"{"ok":true,"result":{"id":7,"name":"x"},"description":"after"}"#,
        br#"{"ok":true,"result":{"id":7,"name":"x"}"#,
        br#"{"ok":true,"result":{"id":7,"name":"x"}}}"#,
        br#"{"ok":true,"result":{"id":7},"result":{"id":8}}"#,
        br#"{"ok":true,"result":"not an object"}"#,
        b"{\"ok\":true,\"result\":{\"id\":7,\"name\":\"\xff\"}}",
        br#"{"ok":true,"result":}"#,
        br#"{"ok":true,"result":{"id":7,"name":"x"}} "#,
        br#"{"result":{"id":7,"name":"x"},"ok":true}"#,
        br#"{"ok":false,"error_code":400,"description":"Bad Request"}"#,
    ];

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // read through Debug
    struct Named {
        id: i64,
        name: String,
    }

    fn outcome(answer: Result<Answer, Error>) -> String {
        let decoded = answer.and_then(|a| {
            a.decode("getThing", TOKEN, |text| {
                serde_json::from_str::<Named>(text)
            })
        });
        format!("{decoded:?}")
    }

    #[test]
    fn a_result_in_telegrams_layout_decodes_as_the_whole_envelope_would() {
        for body in BODIES {
            let bytes = Bytes::from_static(body);
            let in_place = outcome(Answer::read("getThing", 200, bytes.clone(), TOKEN));
            let in_full = outcome(Answer::read_in_full("getThing", 200, bytes, TOKEN));
            assert_eq!(in_place, in_full, "{}", String::from_utf8_lossy(body));
        }
        let expected = [
            (0, "Ok(Named { id: 7"),
            (1, "Ok(Named { id: 7"),
            (2, "Err(InvalidResponse"),
            (5, "Err(Decode"),
        ];
        for (body, start) in expected {
            let bytes = Bytes::from_static(BODIES[body]);
            let got = outcome(Answer::read("getThing", 200, bytes, TOKEN));
            assert!(got.starts_with(start), "body {body}: {got}");
        }
    }

    #[test]
    fn only_telegrams_layout_skips_reading_the_envelope() {
        let read = |body: &'static [u8], status| {
            Answer::read("getThing", status, Bytes::from_static(body), TOKEN)
                .map(|answer| answer.result.is_some())
        };
        assert!(matches!(read(BODIES[0], 200), Ok(false)));
        assert!(matches!(read(BODIES[0], 201), Ok(true)));
        assert!(matches!(read(BODIES[8], 200), Ok(true)));
        assert!(matches!(read(BODIES[9], 200), Ok(true)));
    }

    #[test]
    fn a_parsed_result_in_telegrams_layout_is_the_whole_envelopes() {
        for body in BODIES {
            let in_place = parse::<Vec<serde_json::Value>>("getUpdates", 200, body, TOKEN);
            let in_full = result_text("getUpdates", 200, body, TOKEN).and_then(|text| {
                serde_json::from_str::<Vec<serde_json::Value>>(text).map_err(|e| Error::Decode {
                    method: "getUpdates".into(),
                    message: e.to_string(),
                    excerpt: excerpt(body, TOKEN),
                })
            });
            assert_eq!(format!("{in_place:?}"), format!("{in_full:?}"));
        }
        let batch = br#"{"ok":true,"result":[{"update_id":1},{"update_id":2}]}"#;
        let updates = parse::<Vec<&RawValue>>("getUpdates", 200, batch, TOKEN).unwrap();
        assert_eq!(updates[1].get(), r#"{"update_id":2}"#);
    }

    #[test]
    fn an_excerpt_is_cut_on_a_character_boundary() {
        let body = "é".repeat(EXCERPT_LEN);
        let text = excerpt(body.as_bytes(), TOKEN);
        assert!(
            text.len() <= EXCERPT_LEN && text.chars().all(|c| c == 'é'),
            "{text}"
        );
    }
}
