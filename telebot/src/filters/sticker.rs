//! Sticker filters by format (static, animated, video) and type (regular, mask, custom emoji).

use super::SharedFilter;
use super::custom::on_message;
use crate::api::Sticker;

fn sticker_filter(
    name: &str,
    pred: impl Fn(&Sticker) -> bool + Send + Sync + 'static,
) -> SharedFilter {
    on_message(format!("sticker::{name}"), move |m| {
        m.sticker.as_deref().is_some_and(&pred)
    })
}

/// Every sticker (the same as [`media::sticker`](super::media::sticker)).
pub fn all() -> SharedFilter {
    sticker_filter("all", |_| true)
}

/// Static stickers (`.webp` images: neither animated nor video).
pub fn is_static() -> SharedFilter {
    sticker_filter("is_static", |s| !s.is_animated && !s.is_video)
}

/// Animated stickers (`.tgs`, `is_animated`).
pub fn is_animated() -> SharedFilter {
    sticker_filter("is_animated", |s| s.is_animated)
}

/// Video stickers (`.webm`, `is_video`).
pub fn is_video() -> SharedFilter {
    sticker_filter("is_video", |s| s.is_video)
}

/// Regular stickers (type `regular`).
pub fn regular() -> SharedFilter {
    sticker_filter("regular", |s| s.kind == "regular")
}

/// Mask stickers (type `mask`).
pub fn mask() -> SharedFilter {
    sticker_filter("mask", |s| s.kind == "mask")
}

/// Custom emoji stickers (type `custom_emoji`).
pub fn custom_emoji() -> SharedFilter {
    sticker_filter("custom_emoji", |s| s.kind == "custom_emoji")
}

/// Premium stickers (with a `premium_animation`).
pub fn premium() -> SharedFilter {
    sticker_filter("premium", |s| s.premium_animation.is_some())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::json;

    fn sticker(kind: &str, animated: bool, video: bool) -> crate::Update {
        message(
            json!({"sticker": {"file_id": "f", "file_unique_id": "u", "type": kind,
            "width": 512, "height": 512, "is_animated": animated, "is_video": video}}),
        )
    }

    #[test]
    fn formats() {
        let still = sticker("regular", false, false);
        let animated = sticker("regular", true, false);
        let video = sticker("regular", false, true);
        assert!(all().matches(&still) && all().matches(&video));
        assert!(!all().matches(&message(json!({"text": "x"}))));
        assert!(is_static().matches(&still));
        assert!(!is_static().matches(&animated) && !is_static().matches(&video));
        assert!(is_animated().matches(&animated) && !is_animated().matches(&still));
        assert!(is_video().matches(&video) && !is_video().matches(&animated));
    }

    #[test]
    fn types_and_premium() {
        let mask_sticker = sticker("mask", false, false);
        let emoji = sticker("custom_emoji", false, false);
        assert!(mask().matches(&mask_sticker) && !mask().matches(&emoji));
        assert!(custom_emoji().matches(&emoji) && !custom_emoji().matches(&mask_sticker));
        assert!(regular().matches(&sticker("regular", true, false)));
        assert!(!regular().matches(&emoji));
        assert!(!premium().matches(&emoji));
        let premium_sticker = message(json!({"sticker": {"file_id": "f", "file_unique_id": "u",
            "type": "regular", "width": 1, "height": 1, "is_animated": true, "is_video": false,
            "premium_animation": {"file_id": "p", "file_unique_id": "q"}}}));
        assert!(premium().matches(&premium_sticker));
    }
}
