//! Decoding the corpus of realistic updates in `tests/corpus/updates`: every file decodes, every
//! field survives a decode/encode round trip, and unknown fields, kinds and union variants from a
//! newer Bot API decode without error and are written back as received.

use serde_json::Value;
use std::path::{Path, PathBuf};
use telebot::api::{ChatMember, MaybeInaccessibleMessage, MessageOrigin, ReactionType};
use telebot::{Update, UpdateKind};

fn corpus() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/updates");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 50,
        "the corpus shrank to {} files",
        files.len()
    );
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let json = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, json)
        })
        .collect()
}

fn decode(name: &str, json: &Value) -> Update {
    serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{name} does not decode: {e}"))
}

/// Equality of JSON where `51` and `51.0` are the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

#[test]
fn every_known_update_round_trips_without_loss() {
    let mut checked = 0;
    for (name, json) in corpus() {
        if name.starts_with("unknown_") {
            continue;
        }
        let update = decode(&name, &json);
        assert!(
            !format!("{update:?}").contains("Unknown("),
            "{name}: something decoded as Unknown although this version knows it: {update:#?}"
        );
        let encoded = serde_json::to_value(&update).unwrap();
        assert!(
            same(&encoded, &json),
            "{name} lost or changed fields:\nencoded  {encoded}\noriginal {json}"
        );
        checked += 1;
    }
    assert!(checked >= 50);
}

#[test]
fn all_update_kinds_are_in_the_corpus() {
    let mut seen = std::collections::BTreeSet::new();
    for (name, json) in corpus() {
        let update = decode(&name, &json);
        seen.insert(update.kind.name().to_string());
    }
    for kind in telebot::api::ALL_UPDATE_KINDS {
        assert!(
            seen.contains(*kind),
            "no corpus file for the update kind {kind}"
        );
    }
}

#[test]
fn unknown_update_kind_keeps_its_name_and_raw_json() {
    let (_, json) = corpus()
        .into_iter()
        .find(|(n, _)| n == "unknown_update_kind")
        .unwrap();
    let update = decode("unknown_update_kind", &json);
    let UpdateKind::Unknown(unknown) = &update.kind else {
        panic!("{update:?}")
    };
    assert_eq!(unknown.kind, "future_kind");
    assert_eq!(unknown.payload, json["future_kind"]);
    assert!(
        same(&serde_json::to_value(&update).unwrap(), &json),
        "an unknown kind re-encodes as received"
    );
}

#[test]
fn unknown_fields_and_unknown_variants_are_kept() {
    for name in ["unknown_message_fields", "unknown_reaction_type"] {
        let (_, json) = corpus().into_iter().find(|(n, _)| n == name).unwrap();
        let update = decode(name, &json);
        let encoded = serde_json::to_value(&update).unwrap();
        assert!(
            same(&encoded, &json),
            "{name} lost or changed fields:\nencoded  {encoded}\noriginal {json}"
        );
    }
    let (_, json) = corpus()
        .into_iter()
        .find(|(n, _)| n == "unknown_message_fields")
        .unwrap();
    let update = decode("unknown_message_fields", &json);
    let origin = update
        .effective_message()
        .unwrap()
        .forward_origin
        .as_ref()
        .unwrap();
    assert!(
        matches!(origin, MessageOrigin::Unknown(raw) if raw["type"] == "story_author"),
        "{origin:?}"
    );

    let (_, json) = corpus()
        .into_iter()
        .find(|(n, _)| n == "unknown_reaction_type")
        .unwrap();
    let UpdateKind::MessageReaction(reaction) = decode("unknown_reaction_type", &json).kind else {
        panic!()
    };
    assert!(
        reaction
            .new_reaction
            .iter()
            .any(|r| matches!(r, ReactionType::Unknown(raw) if raw["type"] == "sticker_pack")),
        "{reaction:?}"
    );
}

#[test]
fn objects_report_missing_repeated_and_mistyped_fields_as_serde_does() {
    use telebot::api::{PhotoSize, User};
    let error = |json: &str| serde_json::from_str::<User>(json).unwrap_err().to_string();
    assert!(
        error(r#"{"id": 1, "is_bot": false}"#).starts_with("missing field `first_name`"),
        "{}",
        error(r#"{"id": 1, "is_bot": false}"#)
    );
    let twice = error(r#"{"id": 1, "is_bot": false, "first_name": "A", "id": 2}"#);
    assert!(twice.starts_with("duplicate field `id`"), "{twice}");
    let optional_twice = error(
        r#"{"id": 1, "is_bot": false, "first_name": "A", "username": null, "username": "a"}"#,
    );
    assert!(
        optional_twice.starts_with("duplicate field `username`"),
        "{optional_twice}"
    );
    let not_object = error(r#""ann""#);
    assert!(
        not_object.starts_with(r#"invalid type: string "ann", expected struct User"#),
        "{not_object}"
    );
    let mistyped = error(r#"{"id": "one", "is_bot": false, "first_name": "A"}"#);
    assert!(
        mistyped.starts_with(r#"invalid type: string "one", expected i64"#),
        "{mistyped}"
    );

    let user: User = serde_json::from_str(
        r#"{"id": 1, "is_bot": false, "first_name": "A", "last_name": null, "newer_field": [1]}"#,
    )
    .unwrap();
    assert_eq!(
        (user.id, user.first_name.as_str(), user.last_name),
        (1, "A", None)
    );
    // Objects decode from any serde source, not only JSON text.
    let photo: PhotoSize = serde_json::from_value(serde_json::json!(
        {"file_id": "f", "file_unique_id": "u", "width": 1, "height": 2}
    ))
    .unwrap();
    assert_eq!((photo.width, photo.height, photo.file_size), (1, 2, None));
}

#[test]
fn unions_decode_to_their_variants() {
    let by_name: std::collections::BTreeMap<String, Update> = corpus()
        .into_iter()
        .map(|(n, j)| (n.clone(), decode(&n, &j)))
        .collect();

    let UpdateKind::CallbackQuery(q) = &by_name["callback_query_inaccessible_message"].kind else {
        panic!()
    };
    assert!(matches!(
        q.message,
        Some(MaybeInaccessibleMessage::InaccessibleMessage(_))
    ));
    let UpdateKind::CallbackQuery(q) = &by_name["callback_query_message"].kind else {
        panic!()
    };
    assert!(matches!(
        q.message,
        Some(MaybeInaccessibleMessage::Message(_))
    ));

    let origin = |n: &str| {
        by_name[n]
            .effective_message()
            .unwrap()
            .forward_origin
            .clone()
            .unwrap()
    };
    assert!(matches!(
        origin("message_forward_origin_user"),
        MessageOrigin::User(_)
    ));
    assert!(matches!(
        origin("message_forward_origin_hidden_user"),
        MessageOrigin::HiddenUser(_)
    ));
    assert!(matches!(
        origin("message_forward_origin_chat"),
        MessageOrigin::Chat(_)
    ));
    assert!(matches!(
        origin("message_forward_origin_channel"),
        MessageOrigin::Channel(_)
    ));

    let mut statuses = std::collections::BTreeSet::new();
    for update in by_name.values() {
        if let UpdateKind::ChatMember(m) | UpdateKind::MyChatMember(m) = &update.kind {
            for member in [&m.old_chat_member, &m.new_chat_member] {
                statuses.insert(match member {
                    ChatMember::Owner(_) => "creator",
                    ChatMember::Administrator(_) => "administrator",
                    ChatMember::Member(_) => "member",
                    ChatMember::Restricted(_) => "restricted",
                    ChatMember::Left(_) => "left",
                    ChatMember::Banned(_) => "kicked",
                    ChatMember::Unknown(raw) => panic!("unknown member status {raw}"),
                });
            }
        }
    }
    assert_eq!(
        statuses.len(),
        6,
        "every ChatMember status appears: {statuses:?}"
    );
}

#[test]
fn a_getupdates_response_of_100_mixed_updates_decodes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/getupdates_100.json");
    let body = std::fs::read(path).unwrap();
    #[derive(serde::Deserialize)]
    struct Envelope {
        ok: bool,
        result: Vec<Update>,
    }
    let envelope: Envelope = serde_json::from_slice(&body).unwrap();
    assert!(envelope.ok);
    assert_eq!(envelope.result.len(), 100);
    let ids: Vec<i64> = envelope.result.iter().map(|u| u.update_id).collect();
    assert!(
        ids.windows(2).all(|w| w[1] == w[0] + 1),
        "update ids increase by one"
    );
    assert!(
        envelope
            .result
            .iter()
            .all(|u| !matches!(u.kind, UpdateKind::Unknown(_)))
    );
}

#[test]
fn entities_slice_by_utf16_offsets() {
    let (_, json) = corpus()
        .into_iter()
        .find(|(n, _)| n == "message_entities_emoji_edge")
        .unwrap();
    let update = decode("message_entities_emoji_edge", &json);
    let message = update.effective_message().unwrap();
    let text = message.text.as_deref().unwrap();
    let spans = message.parse_entities();
    assert_eq!(
        spans.len(),
        message.entities.as_ref().unwrap().len(),
        "every entity fits the text"
    );
    for span in &spans {
        // Re-derive each span from UTF-16 code units by hand.
        let units: Vec<u16> = text.encode_utf16().collect();
        let start = span.kind.offset as usize;
        let end = start + span.kind.length as usize;
        assert_eq!(span.text, String::from_utf16(&units[start..end]).unwrap());
    }
}

#[test]
fn allowed_update_constants_name_every_kind() {
    use telebot::api::allowed_updates;
    assert_eq!(allowed_updates::MESSAGE, "message");
    assert_eq!(allowed_updates::CHAT_MEMBER, "chat_member");
    assert_eq!(
        allowed_updates::ALL.len(),
        25,
        "Bot API 10.1 has 25 update kinds"
    );
}
