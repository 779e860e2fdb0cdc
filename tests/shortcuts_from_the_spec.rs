//! Shortcuts generated from the spec (issue #23, item 8): on `Message`, `Chat`, `User`, the
//! queries and join requests, each fills the ids the value holds and sends the method it
//! stands for. Checked on the wire against a recording server.

#[path = "support/recorder.rs"]
mod recorder;

use recorder::{Answer, Recorder};
use serde_json::{Value, json};
use telebot::InputFile;
use telebot::api::*;

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn message_json() -> Value {
    json!({"message_id": 10, "date": 1, "chat": {"id": 42, "type": "private", "first_name": "Ann"}, "text": "ok"})
}

fn last(rec: &Recorder, method: &str) -> Value {
    let call = rec.last();
    assert_eq!(call.method, method);
    call.params()
}

#[tokio::test]
async fn message_shortcuts_fill_its_chat_topic_id_and_business_connection() {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    rec.respond(|_| Answer::ok(message_json()));
    let in_topic: Message = decode(json!({
        "message_id": 7, "date": 1, "message_thread_id": 3, "is_topic_message": true,
        "chat": {"id": -100, "type": "supergroup", "title": "Forum", "is_forum": true},
        "text": "hi"
    }));

    in_topic
        .reply_photo(&bot, InputFile::file_id("AgAC-photo"))
        .caption("look")
        .await
        .unwrap();
    assert_eq!(
        last(&rec, "sendPhoto"),
        json!({"chat_id": -100, "message_thread_id": 3, "photo": "AgAC-photo", "caption": "look",
               "reply_parameters": {"message_id": 7}})
    );

    rec.respond(|_| Answer::ok(json!(true)));
    in_topic.pin(&bot).disable_notification(true).await.unwrap();
    assert_eq!(
        last(&rec, "pinChatMessage"),
        json!({"chat_id": -100, "message_id": 7, "disable_notification": true})
    );
    in_topic
        .set_reaction(&bot)
        .reaction([ReactionType::from(ReactionTypeEmoji::new("👍"))])
        .await
        .unwrap();
    assert_eq!(
        last(&rec, "setMessageReaction"),
        json!({"chat_id": -100, "message_id": 7, "reaction": [{"type": "emoji", "emoji": "👍"}]})
    );
    in_topic.delete(&bot).await.unwrap();
    assert_eq!(
        last(&rec, "deleteMessage"),
        json!({"chat_id": -100, "message_id": 7})
    );

    let business: Message = decode(json!({
        "message_id": 8, "date": 1, "business_connection_id": "biz",
        "chat": {"id": 5, "type": "private", "first_name": "B"}, "caption": "c"
    }));
    rec.respond(|_| Answer::ok(message_json()));
    business.edit_caption(&bot).caption("new").await.unwrap();
    assert_eq!(
        last(&rec, "editMessageCaption"),
        json!({"business_connection_id": "biz", "chat_id": 5, "message_id": 8, "caption": "new"})
    );
}

#[tokio::test]
async fn chat_user_query_and_join_request_shortcuts() {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    rec.respond(|_| Answer::ok(json!(true)));
    let chat: Chat = decode(json!({"id": -200, "type": "supergroup", "title": "G"}));
    chat.ban_member(&bot, 77)
        .revoke_messages(true)
        .await
        .unwrap();
    assert_eq!(
        last(&rec, "banChatMember"),
        json!({"chat_id": -200, "user_id": 77, "revoke_messages": true})
    );
    chat.set_title(&bot, "New").await.unwrap();
    assert_eq!(
        last(&rec, "setChatTitle"),
        json!({"chat_id": -200, "title": "New"})
    );
    chat.leave(&bot).await.unwrap();
    assert_eq!(last(&rec, "leaveChat"), json!({"chat_id": -200}));

    let user: User = decode(json!({"id": 9, "is_bot": false, "first_name": "Ann"}));
    rec.respond(|_| Answer::ok(message_json()));
    user.send_message(&bot, "hello").await.unwrap();
    assert_eq!(
        last(&rec, "sendMessage"),
        json!({"chat_id": 9, "text": "hello"})
    );
    rec.respond(|_| Answer::ok(json!({"total_count": 0, "photos": []})));
    user.get_profile_photos(&bot).limit(1).await.unwrap();
    assert_eq!(
        last(&rec, "getUserProfilePhotos"),
        json!({"user_id": 9, "limit": 1})
    );

    rec.respond(|_| Answer::ok(json!(true)));
    let query: PreCheckoutQuery = decode(json!({
        "id": "pcq-1", "currency": "XTR", "total_amount": 5, "invoice_payload": "p",
        "from": {"id": 9, "is_bot": false, "first_name": "Ann"}
    }));
    query.answer(&bot, true).await.unwrap();
    assert_eq!(
        last(&rec, "answerPreCheckoutQuery"),
        json!({"pre_checkout_query_id": "pcq-1", "ok": true})
    );
    let request: ChatJoinRequest = decode(json!({
        "chat": {"id": -300, "type": "supergroup", "title": "Club"},
        "from": {"id": 11, "is_bot": false, "first_name": "U"},
        "user_chat_id": 11, "date": 1
    }));
    request.approve(&bot).await.unwrap();
    assert_eq!(
        last(&rec, "approveChatJoinRequest"),
        json!({"chat_id": -300, "user_id": 11})
    );
}
