//! Reads a Bot API response envelope into the method's result or a typed [`Error`].

use super::{Error, ResponseParameters};
use serde::Deserialize;
use serde::de::IgnoredAny;
use telebot_api::decode_json;

#[derive(Deserialize)]
struct Envelope<R> {
    ok: bool,
    #[serde(default = "none")]
    result: Option<R>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<ResponseParameters>,
}

fn none<R>() -> Option<R> {
    None
}

const EXCERPT_LEN: usize = 200;

/// The start of a body, for error messages, with the token (if any) blanked out.
pub(crate) fn excerpt(body: &[u8], token: &str) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_LEN)]).into_owned();
    redact(&text, token)
}

/// Replaces every occurrence of the token with `[token]`.
pub(crate) fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_string();
    }
    text.replace(token, "[token]")
}

pub(crate) fn parse<'de, R: Deserialize<'de>>(
    method: &str,
    status: u16,
    body: &'de [u8],
    token: &str,
) -> Result<R, Error> {
    match decode_json::<Envelope<R>>(body) {
        Ok(env) if env.ok => env.result.ok_or_else(|| Error::Decode {
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
        Err(err) => {
            if decode_json::<Envelope<IgnoredAny>>(body).is_ok() {
                Err(Error::Decode {
                    method: method.to_string(),
                    message: err.to_string(),
                    excerpt: excerpt(body, token),
                })
            } else {
                Err(Error::InvalidResponse {
                    method: method.to_string(),
                    status,
                    excerpt: excerpt(body, token),
                })
            }
        }
    }
}
