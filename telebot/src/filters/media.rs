//! Filters on what a message carries: files (photo, video, …) and other content (location,
//! poll, dice, …).
//!
//! Stickers, documents and dice have their own modules with finer filters:
//! [`sticker`](super::sticker), [`document`](super::document) and [`dice`](super::dice).

use super::SharedFilter;
use super::custom::on_message;
use crate::api::Message;

/// Declares one presence filter per message field, and [`any`] over all of them.
macro_rules! media_filters {
    ($($(#[$doc:meta])* $name:ident => $field:ident,)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> SharedFilter {
                on_message(concat!("media::", stringify!($name)), |m| m.$field.is_some())
            }
        )*

        /// Whether the message carries any of the kinds this module has a filter for.
        fn has_any(m: &Message) -> bool {
            false $(|| m.$field.is_some())*
        }
    };
}

media_filters! {
    /// Photos (`photo`).
    photo => photo,
    /// Videos (`video`).
    video => video,
    /// Music and other audio files (`audio`).
    audio => audio,
    /// Voice messages (`voice`).
    voice => voice,
    /// Round video messages (`video_note`).
    video_note => video_note,
    /// Animations: GIFs and silent MP4s (`animation`; Telegram also sets `document` on them).
    animation => animation,
    /// Live photos (`live_photo`).
    live_photo => live_photo,
    /// Stories forwarded into the chat (`story`).
    story => story,
    /// Paid media (`paid_media`).
    paid_media => paid_media,
    /// Locations, live or static (`location`; venues carry one too).
    location => location,
    /// Venues (`venue`).
    venue => venue,
    /// Shared contacts (`contact`).
    contact => contact,
    /// Polls and quizzes (`poll`).
    poll => poll,
    /// Games (`game`).
    game => game,
    /// Invoices (`invoice`).
    invoice => invoice,
    /// Service messages about a successful payment (`successful_payment`).
    successful_payment => successful_payment,
    /// Checklists (`checklist`).
    checklist => checklist,
    /// Scheduled giveaways (`giveaway`).
    giveaway => giveaway,
    /// Giveaway results with public winners (`giveaway_winners`).
    giveaway_winners => giveaway_winners,
    /// Dice and the other animated emoji with a random value; see [`dice`](super::dice)
    /// for specific ones.
    dice => dice,
    /// Stickers; see [`sticker`](super::sticker) for specific formats and types.
    sticker => sticker,
    /// Documents (general files; animations carry one too); see [`document`](super::document)
    /// for MIME types and extensions.
    document => document,
}

/// Messages that carry any of the kinds above (files, locations, polls, games, payments, …).
pub fn any() -> SharedFilter {
    on_message("media::any", has_any)
}

/// Messages whose media is covered by a spoiler animation.
pub fn has_media_spoiler() -> SharedFilter {
    on_message("media::has_media_spoiler", |m| {
        m.has_media_spoiler == Some(true)
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::{Value, json};

    fn file(extra: Value) -> Value {
        let mut f = json!({"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1,
            "duration": 1, "length": 1});
        f.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        f
    }

    #[test]
    fn each_kind_passes_only_its_messages() {
        let chat = json!({"id": 1, "type": "channel"});
        let point = json!({"latitude": 1.0, "longitude": 2.0});
        let cases: Vec<(SharedFilter, Value)> = vec![
            (photo(), json!({"photo": [file(json!({}))]})),
            (video(), json!({"video": file(json!({}))})),
            (audio(), json!({"audio": file(json!({}))})),
            (voice(), json!({"voice": file(json!({}))})),
            (video_note(), json!({"video_note": file(json!({}))})),
            (animation(), json!({"animation": file(json!({}))})),
            (live_photo(), json!({"live_photo": file(json!({}))})),
            (story(), json!({"story": {"chat": chat, "id": 3}})),
            (
                paid_media(),
                json!({"paid_media": {"star_count": 5, "paid_media": []}}),
            ),
            (location(), json!({"location": point})),
            (
                venue(),
                json!({"venue": {"location": point, "title": "t", "address": "a"}}),
            ),
            (
                contact(),
                json!({"contact": {"phone_number": "1", "first_name": "A"}}),
            ),
            (
                game(),
                json!({"game": {"title": "t", "description": "d", "photo": []}}),
            ),
            (
                invoice(),
                json!({"invoice": {"title": "t", "description": "d",
                "start_parameter": "s", "currency": "EUR", "total_amount": 100}}),
            ),
            (
                checklist(),
                json!({"checklist": {"title": "t", "tasks": []}}),
            ),
            (
                giveaway(),
                json!({"giveaway": {"chats": [chat], "winners_selection_date": 1,
                "winner_count": 1}}),
            ),
            (dice(), json!({"dice": {"emoji": "🎲", "value": 3}})),
            (document(), json!({"document": file(json!({}))})),
        ];
        let plain = message(json!({"text": "no media"}));
        assert!(!any().matches(&plain));
        for (filter, fields) in cases {
            let with = message(fields);
            assert!(filter.matches(&with), "{}", filter.describe());
            assert!(!filter.matches(&plain), "{}", filter.describe());
            assert!(any().matches(&with), "any() on {}", filter.describe());
        }
        assert!(!photo().matches(&message(json!({"video": file(json!({}))}))));
    }

    #[test]
    fn spoiler_needs_true() {
        let photo = json!([{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]);
        let hidden = message(json!({"photo": photo, "has_media_spoiler": true}));
        let shown = message(json!({"photo": photo, "has_media_spoiler": false}));
        assert!(has_media_spoiler().matches(&hidden));
        assert!(!has_media_spoiler().matches(&shown));
        assert_eq!(has_media_spoiler().describe(), "media::has_media_spoiler");
    }
}
