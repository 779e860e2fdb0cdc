//! Telling a developer about errors in Telegram (PTB's errorhandlerbot): the error with its
//! causes and the update that led to it, as HTML with everything escaped, split into messages
//! that fit Telegram's length limit.
//!
//! ```no_run
//! # fn setup(app: &telebot::Application) {
//! const DEVELOPER_CHAT: i64 = 123456789;
//! app.add_error_handler(telebot::error_report::to_chat(DEVELOPER_CHAT));
//! # }
//! ```

use crate::api::Update;
use crate::client::Error;
use crate::context::CallbackContext;
use crate::handlers::HandlerResult;
use crate::{ChatId, ParseMode};
use futures_util::future::BoxFuture;

/// The longest text of one message, in UTF-16 code units (Telegram's 4096 characters after
/// the HTML is parsed; the escaped `&lt;` counts as one).
pub const MESSAGE_LIMIT: usize = 4096;

/// An error handler that sends each error (with its causes and the update) to `chat_id`, for
/// `Application::add_error_handler`. The error is still logged as before; a failure to send
/// the report is logged too, not raised again.
pub fn to_chat(
    chat_id: impl Into<ChatId>,
) -> impl Fn(CallbackContext) -> BoxFuture<'static, HandlerResult> + Clone + Send + Sync + 'static {
    let chat_id: ChatId = chat_id.into();
    move |ctx: CallbackContext| {
        let chat_id = chat_id.clone();
        Box::pin(async move {
            if let Err(error) = send(&ctx, chat_id).await {
                tracing::warn!(%error, "the error report could not be sent");
            }
            Ok(())
        })
    }
}

/// Sends the report of `ctx`'s error to `chat_id`, one message per part.
///
/// # Errors
/// The first send that failed.
pub async fn send(ctx: &CallbackContext, chat_id: ChatId) -> Result<(), Error> {
    let Some(error) = ctx.error() else {
        return Ok(());
    };
    for part in report(error.as_ref(), ctx.update()) {
        ctx.bot()
            .send_message(chat_id.clone(), part)
            .parse_mode(ParseMode::Html)
            .await?;
    }
    Ok(())
}

/// The report of `error` (and `update`, when there was one) as HTML messages, each within
/// [`MESSAGE_LIMIT`]: a heading, the error and its causes, then the update as JSON, each
/// block in `<pre>`; a block too long for one message continues in the next.
pub fn report(error: &(dyn std::error::Error + 'static), update: Option<&Update>) -> Vec<String> {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str("\ncaused by: ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    let mut sections = vec![("An error happened while handling an update", chain)];
    if let Some(update) = update {
        let json = serde_json::to_string_pretty(update)
            .unwrap_or_else(|e| format!("(the update could not be written as JSON: {e})"));
        sections.push(("The update", json));
    }
    let mut messages = Vec::new();
    for (title, body) in sections {
        // The heading and the <pre> tags are outside the counted text but for the title and
        // its newline.
        let room = MESSAGE_LIMIT - utf16_len(title) - 1;
        for (i, piece) in pieces(&body, room).into_iter().enumerate() {
            let heading = if i == 0 {
                title.to_string()
            } else {
                format!("{title} (continued)")
            };
            messages.push(format!(
                "<b>{}</b>\n<pre>{}</pre>",
                escape(&heading),
                escape(piece)
            ));
        }
    }
    messages
}

/// `text` cut into pieces of at most `room` UTF-16 code units, at line ends where one is near
/// (within the last quarter), else anywhere between characters.
fn pieces(text: &str, room: usize) -> Vec<&str> {
    // "(continued)" headings are longer than the first: keep room for them.
    let room = room.saturating_sub(" (continued)".len()).max(1);
    let mut out = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > room {
        let mut end = 0;
        let mut units = 0;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > room {
                break;
            }
            units += c.len_utf16();
            end = i + c.len_utf8();
        }
        let cut = match rest[..end].rfind('\n') {
            Some(newline) if newline > end * 3 / 4 => newline + 1,
            _ => end,
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest);
    }
    out
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// `&`, `<` and `>` as HTML entities, so that no text of the error or the update is read as
/// markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::{MESSAGE_LIMIT, report};

    /// The text Telegram counts: tags removed, entities read back.
    fn shown(html: &str) -> String {
        html.replace("<b>", "")
            .replace("</b>", "")
            .replace("<pre>", "")
            .replace("</pre>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn a_long_report_is_split_within_the_limit_and_loses_nothing() {
        let line = "<tag> & 👍 emoji take two UTF-16 units\n";
        let long: String = line.repeat(400);
        let error = std::io::Error::other(long.clone());
        let parts = report(&error, None);
        assert!(parts.len() > 1, "{} parts", parts.len());
        let mut body = String::new();
        for (i, part) in parts.iter().enumerate() {
            let text = shown(part);
            assert!(
                text.encode_utf16().count() <= MESSAGE_LIMIT,
                "part {i} has {} units",
                text.encode_utf16().count()
            );
            assert!(!part.contains("<tag>"), "escaped");
            let (_, rest) = text.split_once('\n').expect("a heading line");
            body.push_str(rest);
        }
        assert_eq!(body, long);
    }
}
