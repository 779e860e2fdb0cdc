//! Entity filters: messages whose text or caption contains an entity of a given type.

use super::SharedFilter;
use super::custom::on_message;
use crate::MessageEntityType;

/// Messages whose text has an entity of type `kind` (a [`MessageEntityType`] or its wire name,
/// e.g. `"url"`).
///
/// ```
/// use telebot::{MessageEntityType, filters};
/// let links = filters::entities(MessageEntityType::Url) | filters::entities("text_link");
/// assert_eq!(links.describe(), "entities(url) | entities(text_link)");
/// ```
pub fn entities(kind: impl Into<MessageEntityType>) -> SharedFilter {
    let kind = kind.into();
    on_message(format!("entities({kind})"), move |m| {
        m.entities.iter().flatten().any(|e| e.kind == kind)
    })
}

/// Messages whose caption has an entity of type `kind`.
pub fn caption_entities(kind: impl Into<MessageEntityType>) -> SharedFilter {
    let kind = kind.into();
    on_message(format!("caption_entities({kind})"), move |m| {
        m.caption_entities.iter().flatten().any(|e| e.kind == kind)
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::json;

    #[test]
    fn text_and_caption_entities_are_separate() {
        let text = message(json!({"text": "#rust",
            "entities": [{"type": "hashtag", "offset": 0, "length": 5}]}));
        let photo = message(json!({"caption": "#rust",
            "caption_entities": [{"type": "hashtag", "offset": 0, "length": 5}]}));
        assert!(entities(MessageEntityType::Hashtag).matches(&text));
        assert!(!entities(MessageEntityType::Url).matches(&text));
        assert!(!entities("hashtag").matches(&photo));
        assert!(caption_entities("hashtag").matches(&photo));
        assert!(!caption_entities(MessageEntityType::Hashtag).matches(&text));
        assert!(!caption_entities(MessageEntityType::Mention).matches(&photo));
    }

    #[test]
    fn unknown_entity_types_can_be_filtered_by_name() {
        let m = message(json!({"text": "x",
            "entities": [{"type": "future_kind", "offset": 0, "length": 1}]}));
        assert!(entities("future_kind").matches(&m));
        assert_eq!(entities("future_kind").describe(), "entities(future_kind)");
    }
}
