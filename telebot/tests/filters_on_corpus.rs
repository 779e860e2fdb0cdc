//! Every filter family on the real updates of `tests/corpus/updates`: each filter passes some
//! updates and fails others, combinators keep and drop regex data like python-telegram-bot,
//! and the run-time sets (`Chats`, `Users`, …) are seen by filters already built.
//!
//! Kinds of message the corpus lacks (audio, games, new chat titles, …) are made by editing a
//! corpus message, so they still carry realistic chats and users.

#![allow(clippy::unreadable_literal)]

use serde_json::{Map, Value, json};
use std::path::PathBuf;
use telebot::filters::{
    self, Chats, FilterData, SenderChats, SharedFilter, Users, ViaBots, chat, chat_type, dice,
    document, media, status_update, sticker, update, user,
};
use telebot::{MessageEntityType, Update};

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/updates"
    ))
}

fn raw(name: &str) -> Value {
    let path = corpus_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn load(name: &str) -> Update {
    serde_json::from_value(raw(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A corpus update whose message (its only payload) is edited by `edit`.
fn edited(name: &str, edit: impl FnOnce(&mut Map<String, Value>)) -> Update {
    let mut value = raw(name);
    let payload = value
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .find(|(k, _)| *k != "update_id")
        .map(|(_, v)| v)
        .unwrap();
    edit(payload.as_object_mut().unwrap());
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{name} edited: {e}"))
}

/// Every corpus update, by file name without `.json`.
fn corpus() -> Vec<(String, Update)> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let u = load(&n);
            (n, u)
        })
        .collect()
}

fn check(filter: &SharedFilter, update: &Update) -> bool {
    filter.check(update, &mut FilterData::default())
}

/// `filter` passes every update named in `pass` and fails every one in `fail`.
fn assert_filter(filter: &SharedFilter, pass: &[&str], fail: &[&str]) {
    assert!(!pass.is_empty() && !fail.is_empty());
    for name in pass {
        assert!(
            check(filter, &load(name)),
            "{} should pass {name}",
            filter.describe()
        );
    }
    for name in fail {
        assert!(
            !check(filter, &load(name)),
            "{} should fail {name}",
            filter.describe()
        );
    }
}

/// The corpus updates `filter` passes.
fn passing(filter: &SharedFilter) -> Vec<String> {
    corpus()
        .into_iter()
        .filter(|(_, u)| check(filter, u))
        .map(|(n, _)| n)
        .collect()
}

#[test]
fn corpus_is_there_and_message_filters_ignore_non_message_updates() {
    let all = corpus();
    assert!(all.len() >= 90, "corpus has {} updates", all.len());
    let message_filters = [
        filters::custom_message("any_message", |_| true),
        filters::text(),
        chat_type::private() | chat_type::groups() | chat_type::channel(),
        filters::languages(["e", "p", "r", "j", "z", "a"]),
    ];
    for (name, u) in &all {
        let carries_message = matches!(
            u.kind_name(),
            "message"
                | "edited_message"
                | "channel_post"
                | "edited_channel_post"
                | "business_message"
                | "edited_business_message"
                | "guest_message"
        );
        assert!(check(&filters::all(), u), "all() on {name}");
        if !carries_message {
            for f in &message_filters {
                assert!(!check(f, u), "{} passed {name}", f.describe());
            }
        }
    }
    // `!` is plain negation: it passes updates without a message, which its operand fails.
    let not_text = !filters::text();
    assert!(check(&not_text, &load("inline_query")));
    assert!(!check(
        &(update::messages() & &not_text),
        &load("inline_query")
    ));
    // Callback queries carry a message in `effective_message()` but are not message updates.
    let callback = load("callback_query_message");
    assert!(callback.effective_message().is_some());
    assert!(!check(&filters::custom_message("any", |_| true), &callback));
    assert!(check(
        &filters::custom_message("any", |_| true),
        &load("message_poll")
    ));
}

#[test]
fn text_caption_and_command() {
    assert_filter(
        &filters::text(),
        &[
            "message_group_command",
            "channel_post",
            "edited_business_message",
        ],
        &["message_photo_caption", "message_sticker", "poll_answer"],
    );
    assert_filter(
        &filters::text_in(["/start ref_anna42", "nope"]),
        &["message_start_deep_link"],
        &["message_group_command", "message_photo_caption"],
    );
    assert_filter(
        &filters::caption(),
        &[
            "message_photo_caption",
            "message_document",
            "channel_post_paid_media",
        ],
        &["message_group_command", "message_sticker"],
    );
    assert_filter(
        &filters::caption_in(["As promised 📄"]),
        &["message_document"],
        &["message_video", "message_start_deep_link"],
    );
    assert_filter(
        &filters::command(),
        &["message_start_deep_link", "message_group_command"],
        // The auto-detected entities include a /help command, but not at offset 0.
        &[
            "message_entities_auto_detected",
            "channel_post",
            "message_sticker",
        ],
    );
    assert_filter(
        &filters::command_anywhere(),
        &["message_entities_auto_detected", "message_start_deep_link"],
        &["channel_post", "message_forward_origin_user"],
    );
    let plain = filters::text() & !filters::command();
    assert_filter(
        &plain,
        &["channel_post", "message_forward_origin_user"],
        &["message_start_deep_link", "message_photo_caption"],
    );
    assert_eq!(plain.describe(), "text & !command");
}

#[test]
fn regex_records_positional_and_named_captures() {
    let start = filters::regex(r"^/start (?<payload>ref_(?<who>[a-z]+)(\d+))$");
    let mut data = FilterData::default();
    assert!(start.check(&load("message_start_deep_link"), &mut data));
    assert_eq!(data.matches.len(), 1);
    let m = &data.matches[0];
    assert_eq!(m.get(0), Some("/start ref_anna42"));
    assert_eq!(m.get(1), Some("ref_anna42"));
    assert_eq!(m.get(2), Some("anna"));
    assert_eq!(m.get(3), Some("42"));
    assert_eq!(m.len(), 4);
    assert_eq!(m.name("payload"), Some("ref_anna42"));
    assert_eq!(m.name("who"), Some("anna"));

    let mut data = FilterData::default();
    assert!(!start.check(&load("message_group_command"), &mut data));
    assert!(!start.check(&load("message_photo_caption"), &mut data));
    assert!(data.matches.is_empty());

    // Unanchored search on Cyrillic text, first match only.
    let hashtag = filters::try_regex(r"#(\w+)").unwrap();
    let mut data = FilterData::default();
    assert!(hashtag.check(&load("message_entities_auto_detected"), &mut data));
    assert_eq!(data.matches[0].get(1), Some("rust_2024"));
    // The same hashtag in a caption is not seen by `regex`, only by `caption_regex`.
    assert!(!check(&hashtag, &load("message_photo_caption")));
    let caption_tag = filters::caption_regex(r"#(?<tag>\w+)");
    let mut data = FilterData::default();
    assert!(caption_tag.check(&load("message_photo_caption"), &mut data));
    assert_eq!(data.matches[0].name("tag"), Some("warszawa"));
    assert!(!check(
        &caption_tag,
        &load("message_entities_auto_detected")
    ));
    assert!(filters::try_caption_regex("(").is_err());
}

#[test]
fn entities_and_caption_entities() {
    assert_filter(
        &filters::entities(MessageEntityType::Url),
        &["channel_post", "message_entities_auto_detected"],
        &["message_group_command", "message_photo_caption"],
    );
    assert_filter(
        &filters::entities("pre"),
        &["message_entities_formatting"],
        &["message_entities_auto_detected"],
    );
    assert_filter(
        &filters::caption_entities(MessageEntityType::Hashtag),
        &["message_photo_caption"],
        // Has a hashtag, but in its text.
        &["message_entities_auto_detected", "message_document"],
    );
}

#[test]
fn chat_types() {
    assert_filter(
        &chat_type::private(),
        &["message_start_deep_link", "business_message"],
        &["message_group_command", "channel_post"],
    );
    assert_filter(
        &chat_type::group(),
        &["message_migrate_to_chat_id"],
        &["message_migrate_from_chat_id", "message_dice"],
    );
    assert_filter(
        &chat_type::supergroup(),
        &["message_migrate_from_chat_id", "edited_message"],
        &["message_migrate_to_chat_id", "edited_channel_post"],
    );
    assert_filter(
        &chat_type::groups(),
        &["message_migrate_to_chat_id", "message_migrate_from_chat_id"],
        &["message_dice", "channel_post"],
    );
    assert_filter(
        &chat_type::channel(),
        &[
            "channel_post",
            "edited_channel_post",
            "channel_post_giveaway",
        ],
        &["message_group_command", "message_reaction_count"],
    );
    assert_filter(
        &chat::is_forum(),
        &["message_forum_topic_created", "message_forum_topic_reply"],
        &["message_group_command"],
    );
}

#[test]
fn chats_and_users_change_under_a_built_filter() {
    let rust_learners = -1001876543210;
    let chats = Chats::new([rust_learners]);
    let in_chats = filters::text() & chats.filter();
    assert!(check(&in_chats, &load("message_group_command")));
    assert!(!check(&in_chats, &load("message_forward_origin_user")));

    // The family group (-1002589034417) has no username; add it by id, drop Rust Learners.
    chats.add(-1002589034417);
    assert!(chats.remove(rust_learners));
    assert!(check(&in_chats, &load("message_forward_origin_user")));
    assert!(!check(&in_chats, &load("message_group_command")));

    // By username, with and without `@`, in any case.
    chats.add_username("@Rust_Learners");
    assert!(check(&in_chats, &load("message_group_command")));
    assert!(chats.contains_username("rust_learners"));
    assert!(chats.remove_username("RUST_LEARNERS"));
    assert!(!check(&in_chats, &load("message_group_command")));

    let users = Users::from_usernames(["DVOLKOV"]);
    let from_users = users.filter();
    assert!(check(&from_users, &load("message_group_command")));
    assert!(!check(&from_users, &load("edited_message")));
    users.add(6032158877); // priya_codes
    assert!(check(&from_users, &load("edited_message")));
    assert!(users.contains(6032158877));
    users.clear();
    assert!(!check(&from_users, &load("message_group_command")));
    assert!(!check(&from_users, &load("edited_message")));
    // Channel posts have no `from`.
    users.add_username("techdaily_news");
    assert!(!check(&from_users, &load("channel_post")));
}

#[test]
fn sender_chats_and_via_bots() {
    let channel = SenderChats::from_usernames(["techdaily_news"]);
    assert_filter(
        &channel.filter(),
        &["channel_post", "message_automatic_forward"],
        // Anonymous admin of Rust Learners: a sender chat, but another one.
        &["message_pinned_inaccessible", "message_group_command"],
    );
    channel.add(-1001876543210);
    assert!(check(
        &channel.filter(),
        &load("message_pinned_inaccessible")
    ));

    let gif = ViaBots::from_usernames(["@gif"]);
    assert_filter(
        &gif.filter(),
        &["message_animation"],
        &["message_inline_keyboard_via_bot", "message_group_command"],
    );
    gif.add(6140071195);
    assert!(check(
        &gif.filter(),
        &load("message_inline_keyboard_via_bot")
    ));
    assert_filter(
        &filters::via_bot(),
        &["message_animation", "message_inline_keyboard_via_bot"],
        &["message_group_command"],
    );
    assert_filter(
        &filters::sender_chat(),
        &["channel_post", "message_pinned_inaccessible"],
        &["message_group_command"],
    );
}

#[test]
fn user_properties_and_language() {
    assert_filter(
        &user::is_bot(),
        &["message_automatic_forward", "message_paid_media_preview"],
        &["message_group_command", "channel_post"],
    );
    assert_filter(
        &user::is_premium(),
        &["message_group_command"],
        &["edited_message", "channel_post"],
    );
    assert_filter(
        &filters::language("pt"),
        &["business_message", "message_video"],
        &["message_group_command", "channel_post"],
    );
    assert_filter(
        &filters::languages(["zh", "ja"]),
        &["message_successful_payment_stars", "message_boost_added"],
        &["message_group_command", "message_automatic_forward"],
    );
    assert!(!check(
        &filters::language("pt-pt"),
        &load("business_message")
    ));
}

#[test]
fn media_kinds_in_the_corpus() {
    let cases: &[(SharedFilter, &[&str])] = &[
        (
            media::photo(),
            &["message_media_group_photo", "message_photo_caption"],
        ),
        (media::video(), &["message_video"]),
        (media::voice(), &["message_voice"]),
        (media::animation(), &["message_animation"]),
        (media::sticker(), &["message_sticker"]),
        (
            media::document(),
            &["message_animation", "message_document"],
        ),
        (
            media::location(),
            &["message_location_live", "message_venue"],
        ),
        (media::venue(), &["message_venue"]),
        (media::contact(), &["message_contact"]),
        (media::poll(), &["message_poll", "message_quiz_poll"]),
        (media::dice(), &["message_dice"]),
        (
            media::successful_payment(),
            &[
                "message_successful_payment",
                "message_successful_payment_stars",
            ],
        ),
        (
            media::paid_media(),
            &["channel_post_paid_media", "message_paid_media_preview"],
        ),
        (media::checklist(), &["business_message_checklist"]),
        (media::giveaway(), &["channel_post_giveaway"]),
    ];
    for (filter, expected) in cases {
        assert_eq!(passing(filter), *expected, "{}", filter.describe());
    }
    assert_filter(
        &media::any(),
        &[
            "message_sticker",
            "message_contact",
            "message_poll",
            "channel_post_giveaway",
        ],
        &[
            "message_group_command",
            "message_new_chat_members",
            "poll_stopped",
        ],
    );
    let any = passing(&media::any());
    for (filter, expected) in cases {
        for name in *expected {
            assert!(
                any.contains(&name.to_string()),
                "any() misses {}",
                filter.describe()
            );
        }
    }
}

#[test]
fn media_kinds_made_from_corpus_messages() {
    let voice = |kind: &str| {
        let kind = kind.to_string();
        edited("message_voice", move |m| {
            let file = m.remove("voice").unwrap();
            let mut file = file.as_object().unwrap().clone();
            file.insert("width".into(), json!(240));
            file.insert("height".into(), json!(240));
            file.insert("length".into(), json!(240));
            m.insert(kind, Value::Object(file));
        })
    };
    let kinds: [(SharedFilter, Update); 4] = [
        (media::audio(), voice("audio")),
        (media::video_note(), voice("video_note")),
        (media::live_photo(), voice("live_photo")),
        (
            media::story(),
            edited("message_voice", |m| {
                m.remove("voice");
                m.insert(
                    "story".into(),
                    json!({"chat": {"id": -1001234567890_i64, "type": "channel"}, "id": 12}),
                );
            }),
        ),
    ];
    for (filter, update) in &kinds {
        assert!(check(filter, update), "{}", filter.describe());
        assert!(
            check(&media::any(), update),
            "any() on {}",
            filter.describe()
        );
        assert!(!check(&media::voice(), update));
        assert!(
            !check(filter, &load("message_voice")),
            "{}",
            filter.describe()
        );
    }
    let game = edited("message_dice", |m| {
        m.remove("dice");
        m.insert(
            "game".into(),
            json!({"title": "Orbit", "description": "Fly", "photo": []}),
        );
    });
    assert!(check(&media::game(), &game) && !check(&media::dice(), &game));
    assert!(!check(&media::game(), &load("message_dice")));
    let invoice = edited("message_dice", |m| {
        m.remove("dice");
        m.insert(
            "invoice".into(),
            json!({"title": "Pro", "description": "A month", "start_parameter": "pro",
                   "currency": "XTR", "total_amount": 250}),
        );
    });
    assert!(check(&media::invoice(), &invoice));
    assert!(!check(
        &media::invoice(),
        &load("message_successful_payment")
    ));
    let winners = edited("channel_post_giveaway", |m| {
        m.remove("giveaway");
        m.insert(
            "giveaway_winners".into(),
            json!({"chat": {"id": -1001234567890_i64, "type": "channel"}, "giveaway_message_id": 9,
                   "winners_selection_date": 1, "winner_count": 1, "winners": []}),
        );
    });
    assert!(check(&media::giveaway_winners(), &winners));
    assert!(!check(
        &media::giveaway_winners(),
        &load("channel_post_giveaway")
    ));

    let spoiler = edited("message_photo_caption", |m| {
        m.insert("has_media_spoiler".into(), json!(true));
    });
    assert!(check(&media::has_media_spoiler(), &spoiler));
    // The corpus photo says `"has_media_spoiler": false`.
    assert!(!check(
        &media::has_media_spoiler(),
        &load("message_photo_caption")
    ));
}

#[test]
fn stickers_documents_and_dice() {
    assert_filter(
        &sticker::is_animated(),
        &["message_sticker"],
        &["message_animation", "message_dice"],
    );
    assert_filter(
        &sticker::regular(),
        &["message_sticker"],
        &["message_photo_caption"],
    );
    let video_sticker = edited("message_sticker", |m| {
        m["sticker"]["is_animated"] = json!(false);
        m["sticker"]["is_video"] = json!(true);
        m["sticker"]["type"] = json!("custom_emoji");
    });
    assert!(check(&sticker::is_video(), &video_sticker));
    assert!(check(&sticker::custom_emoji(), &video_sticker));
    assert!(!check(&sticker::is_video(), &load("message_sticker")));
    assert!(!check(&sticker::is_static(), &load("message_sticker")));
    assert!(!check(&sticker::is_static(), &video_sticker));
    assert!(check(&sticker::all(), &video_sticker));

    assert_filter(
        &document::mime_type("application/pdf"),
        &["message_document"],
        &["message_animation", "message_voice"],
    );
    assert_filter(
        &document::mime_prefix("video/"),
        &["message_animation"],
        &["message_document", "message_video"],
    );
    assert_filter(
        &document::extension("PDF"),
        &["message_document"],
        &["message_animation"],
    );
    assert_filter(
        &document::extension("mp4"),
        &["message_animation"],
        &["message_document"],
    );
    assert_filter(
        &document::all(),
        &["message_document"],
        &["message_photo_caption"],
    );

    assert_filter(
        &dice::emoji(dice::DARTS),
        &["message_dice"],
        &["message_sticker"],
    );
    assert!(!check(&dice::emoji(dice::DICE), &load("message_dice")));
    assert!(check(&dice::values([6]), &load("message_dice")));
    assert!(!check(&dice::values([1, 2, 3]), &load("message_dice")));
    assert!(check(
        &dice::emoji_values(dice::DARTS, [5, 6]),
        &load("message_dice")
    ));
    assert!(!check(
        &dice::emoji_values(dice::BOWLING, [6]),
        &load("message_dice")
    ));
    assert_filter(&dice::all(), &["message_dice"], &["message_poll"]);
}

#[test]
fn message_properties() {
    assert_filter(
        &filters::forwarded(),
        &[
            "message_forward_origin_user",
            "message_forward_origin_hidden_user",
            "message_forward_origin_chat",
            "message_forward_origin_channel",
            "message_automatic_forward",
        ],
        &["message_group_command", "message_external_reply"],
    );
    assert_filter(
        &filters::reply(),
        &["message_reply_chain_nested", "message_reply_with_quote"],
        // A reply to a message of another chat sets `external_reply` instead.
        &["message_external_reply", "message_group_command"],
    );
    assert_filter(
        &filters::quote(),
        &["message_reply_with_quote", "message_external_reply"],
        &["message_reply_chain_nested"],
    );
    assert_filter(
        &filters::is_automatic_forward(),
        &["message_automatic_forward"],
        &["message_forward_origin_channel"],
    );
    assert_filter(
        &filters::is_topic_message(),
        &["message_forum_topic_created", "message_forum_topic_reply"],
        &["message_group_command"],
    );
    assert_filter(
        &filters::sender_boost_count(),
        &["message_boost_added"],
        &["message_group_command"],
    );
    let protected = edited("channel_post", |m| {
        m.insert("has_protected_content".into(), json!(true));
    });
    assert!(check(&filters::has_protected_content(), &protected));
    assert!(!check(
        &filters::has_protected_content(),
        &load("channel_post")
    ));
    let offline = edited("business_message", |m| {
        m.insert("is_from_offline".into(), json!(true));
    });
    assert!(check(&filters::is_from_offline(), &offline));
    assert!(!check(
        &filters::is_from_offline(),
        &load("business_message")
    ));
}

#[test]
fn status_updates() {
    let cases: &[(SharedFilter, &[&str])] = &[
        (
            status_update::new_chat_members(),
            &["message_new_chat_members", "message_new_chat_members_added"],
        ),
        (
            status_update::left_chat_member(),
            &["message_left_chat_member"],
        ),
        (
            status_update::message_auto_delete_timer_changed(),
            &["message_auto_delete_timer"],
        ),
        (
            status_update::migrate(),
            &["message_migrate_from_chat_id", "message_migrate_to_chat_id"],
        ),
        (
            status_update::pinned_message(),
            &["message_pinned_inaccessible", "message_pinned_message"],
        ),
        (
            status_update::forum_topic_created(),
            &["message_forum_topic_created"],
        ),
        (
            status_update::video_chat_started(),
            &["message_video_chat_started"],
        ),
        (status_update::web_app_data(), &["message_web_app_data"]),
        (
            status_update::write_access_allowed(),
            &["message_write_access_allowed"],
        ),
        (status_update::boost_added(), &["message_boost_added"]),
    ];
    let mut every_status = Vec::new();
    for (filter, expected) in cases {
        assert_eq!(passing(filter), *expected, "{}", filter.describe());
        every_status.extend(expected.iter().map(|n| n.to_string()));
    }
    every_status.sort();
    // `any()` passes exactly the service messages of the corpus.
    assert_eq!(passing(&status_update::any()), every_status);

    let events: [(SharedFilter, &str, Value); 6] = [
        (
            status_update::new_chat_title(),
            "new_chat_title",
            json!("Rust Learners 🦀🦀"),
        ),
        (status_update::new_chat_photo(), "new_chat_photo", json!([])),
        (
            status_update::delete_chat_photo(),
            "delete_chat_photo",
            json!(true),
        ),
        (
            status_update::chat_created(),
            "supergroup_chat_created",
            json!(true),
        ),
        (
            status_update::chat_shared(),
            "chat_shared",
            json!({"request_id": 1, "chat_id": -5}),
        ),
        (
            status_update::giveaway_completed(),
            "giveaway_completed",
            json!({"winner_count": 3}),
        ),
    ];
    for (filter, field, value) in events {
        let update = edited("message_group_command", |m| {
            m.remove("text");
            m.remove("entities");
            m.insert(field.into(), value);
        });
        assert!(check(&filter, &update), "{}", filter.describe());
        assert!(check(&status_update::any(), &update), "any() on {field}");
        assert!(
            !check(&filter, &load("message_group_command")),
            "{}",
            filter.describe()
        );
    }
}

#[test]
fn update_kinds() {
    let cases: &[(SharedFilter, &[&str])] = &[
        (update::message(), &["message_group_command"]),
        (update::edited_message(), &["edited_message"]),
        (
            update::messages(),
            &["message_group_command", "edited_message"],
        ),
        (update::channel_post(), &["channel_post"]),
        (update::edited_channel_post(), &["edited_channel_post"]),
        (
            update::channel_posts(),
            &["channel_post", "edited_channel_post"],
        ),
        (update::business_message(), &["business_message"]),
        (
            update::edited_business_message(),
            &["edited_business_message"],
        ),
        (
            update::business_messages(),
            &["business_message", "edited_business_message"],
        ),
        (update::guest_message(), &["guest_message"]),
        (
            update::edited(),
            &[
                "edited_message",
                "edited_channel_post",
                "edited_business_message",
            ],
        ),
    ];
    let names = [
        "message_group_command",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_message",
        "edited_business_message",
        "guest_message",
        "callback_query_message",
        "inline_query",
        "unknown_update_kind",
    ];
    for (filter, expected) in cases {
        for name in names {
            assert_eq!(
                check(filter, &load(name)),
                expected.contains(&name),
                "{} on {name}",
                filter.describe()
            );
        }
    }
}

#[test]
fn custom_filters() {
    let from_dmitry = filters::custom("from_dmitry", |u| {
        u.effective_user().is_some_and(|u| u.id == 5120387741)
    });
    assert_filter(
        &from_dmitry,
        &["message_group_command", "message_voice"],
        &["edited_message", "channel_post"],
    );
    let long = filters::custom_message("long", |m| m.text.as_ref().is_some_and(|t| t.len() > 100));
    assert_filter(
        &long,
        &["channel_post"],
        &["message_start_deep_link", "inline_query"],
    );
}

#[test]
fn combinators_keep_and_discard_data_like_ptb() {
    let command = load("message_start_deep_link");
    let photo = load("message_photo_caption");
    let start = filters::regex(r"^/start (\w+)");
    let tag = filters::caption_regex(r"#(\w+)");
    let mention = filters::caption_regex(r"@(\w+)");

    // `&`: both sides' matches, only when both pass.
    let mut data = FilterData::default();
    assert!((&tag & &mention).check(&photo, &mut data));
    let found: Vec<_> = data.matches.iter().map(|m| m.get(1).unwrap()).collect();
    assert_eq!(found, ["warszawa", "anna_kow"]);
    let mut data = FilterData::default();
    assert!(!(&tag & filters::caption_regex("sunrise")).check(&photo, &mut data));
    assert!(data.matches.is_empty(), "a failed & leaves no matches");

    // `|`: the first passing side's matches only.
    let mut data = FilterData::default();
    assert!((&start | &tag).check(&photo, &mut data));
    assert_eq!(data.matches.len(), 1);
    assert_eq!(data.matches[0].get(1), Some("warszawa"));
    let mut data = FilterData::default();
    assert!((&tag | &mention).check(&photo, &mut data));
    assert_eq!(data.matches.len(), 1);
    assert_eq!(data.matches[0].get(1), Some("warszawa"));

    // `!`: never any matches.
    let mut data = FilterData::default();
    assert!((!&start).check(&photo, &mut data));
    assert!(!(!&tag).check(&photo, &mut data));
    assert!(data.matches.is_empty());

    // `^`: exactly one side, keeping that side's matches.
    let mut data = FilterData::default();
    assert!((&start ^ &tag).check(&command, &mut data));
    assert_eq!(data.matches.len(), 1);
    assert_eq!(data.matches[0].get(1), Some("ref_anna42"));
    let mut data = FilterData::default();
    assert!(!(&tag ^ &mention).check(&photo, &mut data));
    assert!(data.matches.is_empty());
    assert!(!(&start ^ &tag).check(&load("message_sticker"), &mut data));

    // Short circuit: a filter that would panic is never reached.
    let boom = filters::custom("boom", |_| panic!("must not be checked"));
    assert!(!check(&(filters::media::sticker() & &boom), &command));
    assert!(check(&(filters::text() | &boom), &command));

    // A realistic handler filter.
    let referral = chat_type::private() & filters::command() & &start & !filters::forwarded();
    let mut data = FilterData::default();
    assert!(referral.check(&command, &mut data));
    assert_eq!(data.matches[0].get(1), Some("ref_anna42"));
    assert!(!check(&referral, &load("message_group_command")));
    assert_eq!(
        referral.describe(),
        r#"chat_type::private & command & regex("^/start (\\w+)") & !forwarded"#
    );
}
