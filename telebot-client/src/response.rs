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
    result: Range<usize>,
}

impl Answer {
    /// Reads a body: the answer, or the typed error.
    pub(crate) fn read(method: &str, status: u16, body: Bytes, token: &str) -> Result<Self, Error> {
        let text = result_text(method, status, &body, token)?;
        let start = text.as_ptr() as usize - body.as_ptr() as usize;
        let result = start..start + text.len();
        Ok(Answer { body, result })
    }

    /// The `result`'s JSON text.
    pub(crate) fn result(&self) -> &str {
        std::str::from_utf8(&self.body[self.result.clone()])
            .expect("the body was read as UTF-8 text and the result is a whole JSON value in it")
    }

    /// The error for a result that its method's decoder refused.
    pub(crate) fn decode_error(
        &self,
        method: &str,
        error: &serde_json::Error,
        token: &str,
    ) -> Error {
        Error::Decode {
            method: method.to_string(),
            message: error.to_string(),
            excerpt: excerpt(&self.body, token),
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
    let text = result_text(method, status, body, token)?;
    serde_json::from_str(text).map_err(|error| Error::Decode {
        method: method.to_string(),
        message: error.to_string(),
        excerpt: excerpt(body, token),
    })
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
