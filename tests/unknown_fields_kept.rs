//! Issue #24, item 6: fields a newer Bot API adds are kept. An update decoded and encoded again
//! equals what Telegram sent, at every level of nesting (the update, its message, user, chat,
//! photo sizes, entities, keyboard, a variant of a tagged union, an inaccessible message); an
//! object a bot sends back (a received keyboard, entities) reaches Telegram with its unknown
//! fields; and a stored value holding API objects gets them back from the file and SQLite
//! stores (and Redis, when `TELEBOT_TEST_REDIS_URL` is set).

#[path = "support/app.rs"]
mod app;
#[path = "support/store.rs"]
mod store;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::future::Future;
use store::TempDir;
use telebot::api::{CallbackQuery, Message, User};
use telebot::handlers::MessageHandler;
use telebot::persistence::{FilePersistence, Persistence};
use telebot::testing::FakeTelegram;
use telebot::{Application, Bot, HandlerResult, Update, UserData, filters};

/// A message whose every level carries fields this version of the Bot API does not have.
fn message_json(user_id: i64) -> Value {
    json!({
        "message_id": 77,
        "date": 1781247200,
        "from": {
            "id": user_id, "is_bot": false, "first_name": "Ann",
            "accent_color_id": 5,
            "profile": {"badges": ["early"], "level": 3}
        },
        "chat": {"id": user_id, "type": "private", "first_name": "Ann", "verification_level": 2},
        "forward_origin": {
            "type": "user",
            "date": 1781240000,
            "sender_user": {"id": 5, "is_bot": false, "first_name": "Bo", "emoji_status": "x"},
            "hop_count": 2
        },
        "photo": [
            {"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90, "blurhash": "LEHV6n"},
            {"file_id": "p2", "file_unique_id": "u2", "width": 800, "height": 800}
        ],
        "caption": "look at this",
        "caption_entities": [{"type": "bold", "offset": 0, "length": 4, "weight": 700}],
        "reply_markup": {
            "inline_keyboard": [[
                {"text": "Open", "callback_data": "open", "tooltip": "opens it"},
                {"text": "Docs", "url": "https://example.com"}
            ]],
            "layout": {"columns": 2}
        },
        "via_surface": "desktop",
        "translation": null
    })
}

fn update_json(user_id: i64) -> Value {
    json!({
        "update_id": 900,
        "message": message_json(user_id),
        "delivery": {"attempt": 2}
    })
}

/// Decodes `json` as a `T` and encodes it again.
fn round_trip<T: serde::de::DeserializeOwned + Serialize>(json: &Value) -> Value {
    let decoded: T = serde_json::from_str(&json.to_string()).expect("decodes");
    serde_json::to_value(&decoded).expect("encodes")
}

#[test]
fn an_update_reencodes_with_its_unknown_fields_at_every_level() {
    let json = update_json(41);
    let encoded = round_trip::<Update>(&json);
    // Spot checks first, so that a failure names the level that lost its fields.
    let message = &encoded["message"];
    assert_eq!(message["via_surface"], "desktop", "the message's own");
    assert_eq!(message["translation"], Value::Null, "a null one too");
    assert_eq!(message["from"]["profile"]["level"], 3, "the user's");
    assert_eq!(message["chat"]["verification_level"], 2, "the chat's");
    assert_eq!(message["photo"][0]["blurhash"], "LEHV6n", "a photo size's");
    assert_eq!(message["caption_entities"][0]["weight"], 700, "an entity's");
    assert_eq!(
        message["reply_markup"]["layout"]["columns"], 2,
        "the keyboard's"
    );
    assert_eq!(
        message["reply_markup"]["inline_keyboard"][0][0]["tooltip"], "opens it",
        "a button's"
    );
    assert_eq!(
        message["forward_origin"]["hop_count"], 2,
        "a union variant's"
    );
    assert_eq!(
        message["forward_origin"]["sender_user"]["emoji_status"], "x",
        "inside a union variant"
    );
    assert_eq!(encoded["delivery"]["attempt"], 2, "the update's own");
    assert_eq!(encoded, json);
}

#[test]
fn a_tagged_variant_writes_its_tag_once() {
    let json = message_json(41);
    let message: Message = serde_json::from_value(json).unwrap();
    let text = serde_json::to_string(&message.forward_origin).unwrap();
    assert_eq!(text.matches("\"type\"").count(), 1, "{text}");
}

#[test]
fn an_inaccessible_message_keeps_its_unknown_fields() {
    let json = json!({
        "id": "q1",
        "from": {"id": 41, "is_bot": false, "first_name": "Ann"},
        "chat_instance": "ci",
        "data": "open",
        "message": {
            "chat": {"id": 41, "type": "private", "first_name": "Ann"},
            "message_id": 3,
            "date": 0,
            "deleted_by": "owner"
        }
    });
    assert_eq!(round_trip::<CallbackQuery>(&json), json);
}

#[test]
fn an_update_of_an_unknown_kind_keeps_its_other_fields_too() {
    let json = json!({
        "update_id": 901,
        "future_kind": {"widget_id": "w-1"},
        "trace": {"hops": 1}
    });
    assert_eq!(round_trip::<Update>(&json), json);
}

#[test]
fn every_shape_of_union_keeps_the_unknown_fields_of_its_variant() {
    use telebot::api::{InlineQueryResult, InputMessageContent, ReactionType, ReplyMarkup};
    // Variants that share a tag (cached and uncached results) are tried one after the other.
    let result = json!({
        "type": "photo", "id": "r1", "photo_url": "https://e.x/p.jpg",
        "thumbnail_url": "https://e.x/t.jpg", "glow": true
    });
    assert_eq!(round_trip::<InlineQueryResult>(&result), result);
    let cached = json!({"type": "photo", "id": "r2", "photo_file_id": "f", "glow": true});
    assert_eq!(round_trip::<InlineQueryResult>(&cached), cached);
    // A variant that is nothing but its tag.
    let paid = json!({"type": "paid", "stars": 5});
    assert_eq!(round_trip::<ReactionType>(&paid), paid);
    // Untagged unions.
    let keyboard = json!({"keyboard": [[{"text": "a", "icon": "x"}]], "shape": "round"});
    assert_eq!(round_trip::<ReplyMarkup>(&keyboard), keyboard);
    let content = json!({"message_text": "hi", "spoiler_all": true});
    assert_eq!(round_trip::<InputMessageContent>(&content), content);
}

#[test]
fn unknown_fields_are_public_and_can_be_written() {
    let mut user: User = serde_json::from_value(
        json!({"id": 1, "is_bot": false, "first_name": "A", "accent_color_id": 5}),
    )
    .unwrap();
    assert_eq!(user.unknown_fields.len(), 1);
    assert_eq!(user.unknown_fields.get("accent_color_id"), Some(&json!(5)));
    user.unknown_fields.insert("emoji_status", json!("x"));
    assert_eq!(
        user.unknown_fields.remove("accent_color_id"),
        Some(json!(5))
    );
    assert_eq!(
        serde_json::to_value(&user).unwrap(),
        json!({"id": 1, "is_bot": false, "first_name": "A", "emoji_status": "x"})
    );
    user.unknown_fields.remove("emoji_status");
    assert!(user.unknown_fields.is_empty());
    assert_eq!(
        user,
        User::new(1, false, "A"),
        "emptied, it equals a new value"
    );
}

#[test]
fn values_that_differ_only_in_unknown_fields_are_not_equal() {
    let plain: User =
        serde_json::from_value(json!({"id": 1, "is_bot": false, "first_name": "A"})).unwrap();
    let newer: User = serde_json::from_value(
        json!({"id": 1, "is_bot": false, "first_name": "A", "accent_color_id": 5}),
    )
    .unwrap();
    assert_ne!(plain, newer);
    assert_eq!(plain, User::new(1, false, "A"));
}

/// Answers every text message by sending its keyboard and caption entities back.
fn echo_markup_app(tg: &FakeTelegram) -> Application {
    let app = app::builder(tg).build().unwrap();
    app.add_handler(
        MessageHandler::new(filters::all(), |msg: Message, bot: Bot| async move {
            let mut request = bot.send_message(msg.chat.id, "again");
            if let Some(markup) = msg.reply_markup.clone() {
                request = request.reply_markup(markup);
            }
            if let Some(entities) = msg.caption_entities.clone() {
                request = request.entities(entities);
            }
            request.await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    app
}

#[tokio::test]
async fn objects_sent_back_keep_their_unknown_fields() {
    let tg = FakeTelegram::start().await;
    let ann = tg.user("ann");
    let app = echo_markup_app(&tg);
    let running = app::run(&tg, &app).await;
    tg.push_update(json!({"message": message_json(ann.id())}));
    let call = tg.expect_call("sendMessage").await;
    running.stop().await.unwrap();
    let sent = message_json(ann.id());
    assert_eq!(call.param("reply_markup"), Some(&sent["reply_markup"]));
    assert_eq!(call.param("entities"), Some(&sent["caption_entities"]));
    assert!(call.is_ok(), "{:?}", call.response);
}

/// What a bot keeps of each user: the last message they sent.
#[derive(Debug, Default, Serialize, Deserialize)]
struct LastMessage {
    message: Option<Message>,
}

fn keeping_app(tg: &FakeTelegram, persistence: impl Persistence) -> Application {
    let app = app::builder(tg).persistence(persistence).build().unwrap();
    app.add_handler(
        MessageHandler::new(
            filters::all(),
            |msg: Message, mut last: UserData<LastMessage>| async move {
                last.message = Some(msg);
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    app
}

async fn stored_objects_keep_their_unknown_fields<P, F, Fut>(open: F)
where
    P: Persistence,
    F: Fn() -> Fut,
    Fut: Future<Output = P>,
{
    let tg = FakeTelegram::start().await;
    let user = 41;
    let update: Update = serde_json::from_value(update_json(user)).unwrap();
    let app = keeping_app(&tg, open().await);
    app.initialize().await.unwrap();
    app.process_update(update).await;
    app.stop().await;
    app.shutdown().await;

    let stored = open().await.get_user_data().await.unwrap();
    let stored = &stored[&user]["LastMessage"]["message"];
    assert_eq!(stored, &message_json(user), "what the store holds");

    let app = keeping_app(&tg, open().await);
    app.initialize().await.unwrap();
    let message = app
        .with_user_data(user, |last: &mut LastMessage| last.message.clone())
        .await
        .unwrap()
        .expect("a message was kept");
    assert_eq!(message.from.as_ref().unwrap().unknown_fields.len(), 2);
    assert_eq!(
        serde_json::to_value(&message).unwrap(),
        message_json(user),
        "what a restarted bot reads"
    );
    app.stop().await;
    app.shutdown().await;
}

#[tokio::test]
async fn the_file_store_keeps_unknown_fields() {
    let dir = TempDir::new("unknown-fields-file");
    let path = dir.path().to_path_buf();
    stored_objects_keep_their_unknown_fields(|| {
        let path = path.clone();
        async move { FilePersistence::open(path).unwrap() }
    })
    .await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn the_sqlite_store_keeps_unknown_fields() {
    let dir = TempDir::new("unknown-fields-sqlite");
    let path = dir.path().join("bot.sqlite");
    stored_objects_keep_their_unknown_fields(|| {
        let path = path.clone();
        async move { telebot::persistence::SqlitePersistence::open(path).unwrap() }
    })
    .await;
}

#[cfg(feature = "redis")]
#[tokio::test]
async fn the_redis_store_keeps_unknown_fields() {
    let Some(url) = store::redis_url() else {
        return;
    };
    let namespace = store::fresh_namespace("unknown-fields");
    stored_objects_keep_their_unknown_fields(|| {
        let (url, namespace) = (url.clone(), namespace.clone());
        async move {
            telebot::persistence::RedisPersistence::open(&url, &namespace)
                .await
                .unwrap()
        }
    })
    .await;
}
