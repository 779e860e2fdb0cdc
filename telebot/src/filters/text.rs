//! Text, caption and command filters.

use super::SharedFilter;
use super::custom::on_message;
use crate::MessageEntityType;
use crate::api::MessageEntity;

/// Messages with text (commands included; use `text() & !command()` for plain text).
pub fn text() -> SharedFilter {
    on_message("text", |m| m.text.is_some())
}

/// Messages whose text is exactly one of `texts` (case-sensitive), e.g. the labels of a reply
/// keyboard.
///
/// ```
/// use telebot::filters;
/// assert_eq!(filters::text_in(["Yes", "No"]).describe(), r#"text_in(["Yes", "No"])"#);
/// ```
pub fn text_in(texts: impl IntoIterator<Item = impl Into<String>>) -> SharedFilter {
    let texts: Vec<String> = texts.into_iter().map(Into::into).collect();
    let name = format!("text_in({texts:?})");
    on_message(name, move |m| {
        m.text.as_ref().is_some_and(|t| texts.contains(t))
    })
}

/// Messages with a caption (media with text attached).
pub fn caption() -> SharedFilter {
    on_message("caption", |m| m.caption.is_some())
}

/// Messages whose caption is exactly one of `captions` (case-sensitive).
pub fn caption_in(captions: impl IntoIterator<Item = impl Into<String>>) -> SharedFilter {
    let captions: Vec<String> = captions.into_iter().map(Into::into).collect();
    let name = format!("caption_in({captions:?})");
    on_message(name, move |m| {
        m.caption.as_ref().is_some_and(|c| captions.contains(c))
    })
}

fn is_command(entity: &MessageEntity) -> bool {
    entity.kind == MessageEntityType::BotCommand
}

/// Messages whose text starts with a command: a `bot_command` entity at offset 0, as in
/// `/start` or `/poll@my_bot question`.
pub fn command() -> SharedFilter {
    on_message("command", |m| {
        m.entities
            .iter()
            .flatten()
            .any(|e| e.offset == 0 && is_command(e))
    })
}

/// Messages with a `bot_command` entity anywhere in their text (`see /help`).
pub fn command_anywhere() -> SharedFilter {
    on_message("command_anywhere", |m| {
        m.entities.iter().flatten().any(is_command)
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::json;

    fn cmd(text: &str, offset: i64, length: i64) -> crate::Update {
        message(json!({"text": text,
            "entities": [{"type": "bot_command", "offset": offset, "length": length}]}))
    }

    #[test]
    fn text_and_text_in() {
        let hi = message(json!({"text": "hi"}));
        let photo = message(json!({"caption": "hi"}));
        assert!(text().matches(&hi));
        assert!(!text().matches(&photo));
        let f = text_in(["hi", "ho"]);
        assert!(f.matches(&hi));
        assert!(!f.matches(&message(json!({"text": "Hi"}))));
        assert!(!f.matches(&photo));
        assert!(!text_in(Vec::<String>::new()).matches(&hi));
    }

    #[test]
    fn caption_and_caption_in() {
        let photo = message(json!({"caption": "sunset"}));
        assert!(caption().matches(&photo));
        assert!(!caption().matches(&message(json!({"text": "sunset"}))));
        assert!(caption_in(["sunset"]).matches(&photo));
        assert!(!caption_in(["sunrise"]).matches(&photo));
        assert_eq!(caption_in(["a"]).describe(), r#"caption_in(["a"])"#);
    }

    #[test]
    fn command_needs_a_bot_command_at_offset_zero() {
        assert!(command().matches(&cmd("/start", 0, 6)));
        assert!(!command().matches(&cmd("see /help", 4, 5)));
        assert!(command_anywhere().matches(&cmd("see /help", 4, 5)));
        let bold = message(json!({"text": "/start",
            "entities": [{"type": "bold", "offset": 0, "length": 6}]}));
        assert!(!command().matches(&bold));
        assert!(!command_anywhere().matches(&bold));
        assert!(!command().matches(&message(json!({"text": "/start"}))));
    }
}
