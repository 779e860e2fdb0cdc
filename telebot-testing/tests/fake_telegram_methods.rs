//! Bot API methods of FakeTelegram: auth, routing, encodings, validation and state changes.

#[path = "support/api.rs"]
mod api;

use api::Api;
use serde_json::{Value, json};
use telebot_testing::FakeTelegram;

fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(map) => map.values().any(has_null),
        _ => false,
    }
}

#[tokio::test]
async fn wrong_token_unknown_and_unimplemented_methods() {
    let tg = FakeTelegram::start().await;
    let (id, secret) = tg
        .token()
        .split_once(':')
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .expect("token");
    assert_eq!(secret.len(), 35);
    assert_eq!(id.parse::<i64>().ok(), Some(tg.bot_id()));

    let url = format!("{}/bot{id}:wrong/getMe", tg.api_url());
    let response = reqwest::get(url).await.expect("answer");
    assert_eq!(response.status(), 401);
    let body: Value = serde_json::from_str(&response.text().await.expect("text")).expect("json");
    assert_eq!(
        body,
        json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })
    );

    let api = Api::new(&tg);
    assert_eq!(
        api.err("noSuchMethod", json!({})).await,
        (404, "Not Found: method not found".to_owned())
    );
    assert_eq!(
        api.err("sendGame", json!({})).await,
        (
            501,
            "Not Implemented: FakeTelegram does not implement sendGame".to_owned()
        )
    );
    assert_eq!(tg.calls().len(), 2);
    assert_eq!(tg.calls()[1].method, "sendGame");
    assert_eq!(tg.calls()[1].status, Some(501));
}

#[tokio::test]
async fn get_me_describes_the_configured_bot() {
    let tg = FakeTelegram::builder()
        .username("weather_bot")
        .first_name("Weather")
        .token("123456:ABCdefGhIJKlmNoPQRsTUVwxyZ0123456789")
        .start()
        .await;
    let api = Api::new(&tg);
    let me = api.ok("getMe", json!({})).await;
    assert_eq!(me["id"], 123456);
    assert_eq!(me["is_bot"], true);
    assert_eq!(me["first_name"], "Weather");
    assert_eq!(me["username"], "weather_bot");
    assert_eq!(me["can_join_groups"], true);
    assert!(me["can_read_all_group_messages"].is_boolean());
    assert!(me["supports_inline_queries"].is_boolean());
}

#[tokio::test]
async fn send_message_validation() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let cases = [
        (json!({ "text": "hi" }), "Bad Request: chat_id is empty"),
        (
            json!({ "chat_id": 42, "text": "hi" }),
            "Bad Request: chat not found",
        ),
        (
            json!({ "chat_id": alice.id() }),
            "Bad Request: message text is empty",
        ),
        (
            json!({ "chat_id": alice.id(), "text": "   " }),
            "Bad Request: message text is empty",
        ),
        (
            json!({ "chat_id": alice.id(), "text": "x".repeat(4097) }),
            "Bad Request: message is too long",
        ),
        (
            json!({ "chat_id": alice.id(), "text": "hi", "parse_mode": "BBCode" }),
            "Bad Request: unsupported parse_mode",
        ),
        (
            json!({ "chat_id": alice.id(), "text": "hi", "reply_markup": { "inline_keyboard": [[{ "text": "t", "callback_data": "d".repeat(65) }]] } }),
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            json!({ "chat_id": alice.id(), "text": "hi", "reply_parameters": { "message_id": 999 } }),
            "Bad Request: message to be replied not found",
        ),
    ];
    for (params, expected) in cases {
        let (status, description) = api.err("sendMessage", params.clone()).await;
        assert_eq!((status, description.as_str()), (400, expected), "{params}");
    }
    assert!(tg.messages_in(&alice).is_empty());
    let longest = api
        .ok(
            "sendMessage",
            json!({ "chat_id": alice.id(), "text": "x".repeat(4096) }),
        )
        .await;
    assert_eq!(longest["text"].as_str().map(str::len), Some(4096));
    let (_, description) = api.err("getFile", json!({})).await;
    assert_eq!(description, "Bad Request: file_id is required");
}

#[tokio::test]
async fn form_encoded_parameters_with_json_fields() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let markup = r#"{"inline_keyboard":[[{"text":"Go","callback_data":"go"}]]}"#;
    let body: Value = serde_json::from_str(
        &reqwest::Client::new()
            .post(tg.method_url("sendMessage"))
            .form(&[
                ("chat_id", alice.id().to_string().as_str()),
                ("text", "[not json]"),
                ("reply_markup", markup),
            ])
            .send()
            .await
            .expect("answer")
            .text()
            .await
            .expect("text"),
    )
    .expect("json");
    assert_eq!(body["ok"], true, "{body}");
    assert_eq!(body["result"]["text"], "[not json]");
    assert_eq!(
        body["result"]["reply_markup"]["inline_keyboard"][0][0]["text"],
        "Go"
    );
    assert!(!has_null(&body));
    let call = &tg.calls()[0];
    assert_eq!(call.param_str("text"), Some("[not json]"));
    assert!(call.param("reply_markup").is_some_and(Value::is_object));
}

#[tokio::test]
async fn message_objects_have_telegram_shapes_without_nulls() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let sent = api.ok("sendMessage", json!({ "chat_id": alice.id(), "text": "hi", "entities": [{ "type": "bold", "offset": 0, "length": 2 }] })).await;
    assert!(!has_null(&sent), "{sent}");
    assert_eq!(sent["message_id"], 1);
    assert_eq!(sent["from"]["id"], tg.bot_id());
    assert_eq!(sent["from"]["is_bot"], true);
    assert_eq!(sent["chat"]["id"], alice.id());
    assert!(sent["date"].as_i64().is_some_and(|d| d > 1_600_000_000));
    assert_eq!(sent["entities"][0]["type"], "bold");
    assert!(sent.get("reply_markup").is_none());
    let second = api
        .ok(
            "sendMessage",
            json!({ "chat_id": alice.id(), "text": "again" }),
        )
        .await;
    assert_eq!(second["message_id"], 2);
}

#[tokio::test]
async fn editing_messages() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let sent = api
        .ok("sendMessage", json!({ "chat_id": alice.id(), "text": "v1", "reply_markup": { "inline_keyboard": [[{ "text": "A", "callback_data": "a" }]] } }))
        .await;
    let id = sent["message_id"].clone();
    let seen = tg.expect_reply_to(&alice).await;

    let edited = api
        .ok("editMessageText", json!({ "chat_id": alice.id(), "message_id": id, "text": "v2", "reply_markup": sent["reply_markup"] }))
        .await;
    assert_eq!(edited["text"], "v2");
    assert!(edited["edit_date"].is_i64());
    assert_eq!(tg.expect_edit(&seen).await.text(), "v2");

    let (_, description) = api
        .err("editMessageText", json!({ "chat_id": alice.id(), "message_id": id, "text": "v2", "reply_markup": sent["reply_markup"] }))
        .await;
    assert!(
        description.starts_with("Bad Request: message is not modified"),
        "{description}"
    );
    let (_, description) = api
        .err(
            "editMessageText",
            json!({ "chat_id": alice.id(), "message_id": 99, "text": "x" }),
        )
        .await;
    assert_eq!(description, "Bad Request: message to edit not found");

    let removed = api
        .ok(
            "editMessageReplyMarkup",
            json!({ "chat_id": alice.id(), "message_id": id }),
        )
        .await;
    assert!(removed.get("reply_markup").is_none());
    let (_, description) = api
        .err(
            "editMessageCaption",
            json!({ "chat_id": alice.id(), "message_id": id, "caption": "c" }),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: there is no caption in the message to edit"
    );

    let users_message = alice.send("mine").await;
    let (_, description) = api
        .err(
            "editMessageText",
            json!({ "chat_id": alice.id(), "message_id": users_message.message_id, "text": "x" }),
        )
        .await;
    assert_eq!(description, "Bad Request: message can't be edited");
}

#[tokio::test]
async fn forwarding_copying_deleting_and_reacting() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    let original = alice.send("pass it on").await;

    let forwarded = api
        .ok("forwardMessage", json!({ "chat_id": bob.id(), "from_chat_id": alice.id(), "message_id": original.message_id }))
        .await;
    assert_eq!(forwarded["text"], "pass it on");
    assert_eq!(forwarded["forward_origin"]["type"], "user");
    assert_eq!(forwarded["forward_origin"]["sender_user"]["id"], alice.id());

    let copied = api
        .ok("copyMessage", json!({ "chat_id": bob.id(), "from_chat_id": alice.id(), "message_id": original.message_id }))
        .await;
    assert_eq!(copied.as_object().map(|o| o.len()), Some(1));
    let copy = tg
        .message(&bob, copied["message_id"].as_i64().expect("id"))
        .expect("stored copy");
    assert_eq!(copy.text(), "pass it on");
    assert!(copy.raw.get("forward_origin").is_none());

    let many = api
        .ok("copyMessages", json!({ "chat_id": bob.id(), "from_chat_id": alice.id(), "message_ids": [original.message_id, 999] }))
        .await;
    assert_eq!(many.as_array().map(Vec::len), Some(1));

    api.ok("setMessageReaction", json!({ "chat_id": alice.id(), "message_id": original.message_id, "reaction": [{ "type": "emoji", "emoji": "👀" }] }))
        .await;
    assert_eq!(
        tg.bot_reaction(&original),
        vec![json!({ "type": "emoji", "emoji": "👀" })]
    );

    api.ok(
        "deleteMessage",
        json!({ "chat_id": bob.id(), "message_id": forwarded["message_id"] }),
    )
    .await;
    let (_, description) = api
        .err(
            "deleteMessage",
            json!({ "chat_id": bob.id(), "message_id": forwarded["message_id"] }),
        )
        .await;
    assert_eq!(description, "Bad Request: message to delete not found");
    let (_, description) = api
        .err("forwardMessage", json!({ "chat_id": bob.id(), "from_chat_id": bob.id(), "message_id": forwarded["message_id"] }))
        .await;
    assert_eq!(description, "Bad Request: message to forward not found");
    api.ok(
        "deleteMessages",
        json!({ "chat_id": bob.id(), "message_ids": [copied["message_id"], 12345] }),
    )
    .await;
    assert_eq!(tg.messages_in(&bob).len(), 1);

    api.ok(
        "sendChatAction",
        json!({ "chat_id": alice.id(), "action": "typing" }),
    )
    .await;
    let (_, description) = api
        .err(
            "sendChatAction",
            json!({ "chat_id": alice.id(), "action": "dancing" }),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: wrong parameter action in request"
    );
}

#[tokio::test]
async fn commands_are_kept_per_scope_and_language() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let general = json!([{ "command": "start", "description": "Start" }, { "command": "help", "description": "Help" }]);
    let german = json!([{ "command": "start", "description": "Los" }]);
    let private = json!({ "type": "all_private_chats" });
    api.ok("setMyCommands", json!({ "commands": general }))
        .await;
    api.ok(
        "setMyCommands",
        json!({ "commands": german, "language_code": "de" }),
    )
    .await;
    api.ok(
        "setMyCommands",
        json!({ "commands": [{ "command": "settings", "description": "S" }], "scope": private }),
    )
    .await;

    assert_eq!(api.ok("getMyCommands", json!({})).await, general);
    assert_eq!(
        api.ok("getMyCommands", json!({ "language_code": "de" }))
            .await,
        german
    );
    assert_eq!(
        api.ok("getMyCommands", json!({ "scope": private })).await[0]["command"],
        "settings"
    );
    assert_eq!(
        api.ok("getMyCommands", json!({ "language_code": "fr" }))
            .await,
        json!([])
    );

    api.ok("deleteMyCommands", json!({ "language_code": "de" }))
        .await;
    assert_eq!(
        api.ok("getMyCommands", json!({ "language_code": "de" }))
            .await,
        json!([])
    );
    assert_eq!(api.ok("getMyCommands", json!({})).await, general);

    let (_, description) = api
        .err(
            "setMyCommands",
            json!({ "commands": [{ "command": "Bad Command", "description": "x" }] }),
        )
        .await;
    assert_eq!(description, "Bad Request: BOT_COMMAND_INVALID");
}

#[tokio::test]
async fn chats_members_and_bans() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let owner = tg.user("olga");
    let group = tg.supergroup("club");
    assert!(group.id() < -1_000_000_000_000);
    group.add_creator(&owner).await;
    group.add(&alice).await;

    let chat = api.ok("getChat", json!({ "chat_id": group.id() })).await;
    assert_eq!(chat["type"], "supergroup");
    assert_eq!(chat["title"], "club");
    assert!(chat["accent_color_id"].is_i64());
    assert!(chat["max_reaction_count"].is_i64());
    assert!(chat["accepted_gift_types"].is_object());
    let private = api.ok("getChat", json!({ "chat_id": alice.id() })).await;
    assert_eq!(private["type"], "private");
    assert_eq!(private["first_name"], "Alice");

    let creator = api
        .ok(
            "getChatMember",
            json!({ "chat_id": group.id(), "user_id": owner.id() }),
        )
        .await;
    assert_eq!(creator["status"], "creator");
    assert_eq!(
        api.ok("getChatMemberCount", json!({ "chat_id": group.id() }))
            .await,
        3
    );

    // The bot must be an administrator to ban.
    let (_, description) = api
        .err(
            "banChatMember",
            json!({ "chat_id": group.id(), "user_id": alice.id() }),
        )
        .await;
    assert_eq!(
        description,
        "Bad Request: not enough rights to restrict/unrestrict chat member"
    );
    group.make_bot_admin(&owner).await;
    api.ok(
        "getUpdates",
        json!({ "allowed_updates": ["chat_member", "my_chat_member"] }),
    )
    .await;
    let pending = tg.pending_updates();
    let offset = pending
        .last()
        .map_or(0, |u| u["update_id"].as_i64().unwrap_or(0) + 1);
    api.ok(
        "banChatMember",
        json!({ "chat_id": group.id(), "user_id": alice.id() }),
    )
    .await;
    let member = api
        .ok(
            "getChatMember",
            json!({ "chat_id": group.id(), "user_id": alice.id() }),
        )
        .await;
    assert_eq!(member["status"], "kicked");
    assert!(member["until_date"].is_i64());
    let updates = api.ok("getUpdates", json!({ "offset": offset })).await;
    assert_eq!(updates.as_array().map(Vec::len), Some(1), "{updates}");
    assert_eq!(
        updates[0]["chat_member"]["old_chat_member"]["status"],
        "member"
    );
    assert_eq!(
        updates[0]["chat_member"]["new_chat_member"]["status"],
        "kicked"
    );
    assert_eq!(updates[0]["chat_member"]["from"]["id"], tg.bot_id());

    let (_, description) = api.err("getChat", json!({ "chat_id": -100999 })).await;
    assert_eq!(description, "Bad Request: chat not found");
}

#[tokio::test]
async fn migrated_groups_answer_with_the_new_chat_id() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let group = tg.group("old group");
    group.add(&alice).await;
    let supergroup = group.migrate_to_supergroup().await;
    let (status, body) = api
        .call(
            "sendMessage",
            json!({ "chat_id": group.id(), "text": "hi" }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["description"],
        "Bad Request: group chat was upgraded to a supergroup chat"
    );
    assert_eq!(body["parameters"]["migrate_to_chat_id"], supergroup.id());
    api.ok(
        "sendMessage",
        json!({ "chat_id": supergroup.id(), "text": "hi" }),
    )
    .await;
    alice.send_in(&supergroup, "still here").await;
}

#[tokio::test]
async fn channels_by_username() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let channel = tg.channel("news");
    let sent = api
        .ok(
            "sendMessage",
            json!({ "chat_id": "@news", "text": "breaking" }),
        )
        .await;
    assert_eq!(sent["chat"]["id"], channel.id());
    assert!(
        sent.get("from").is_none(),
        "channel posts are signed by the channel"
    );
    assert_eq!(sent["sender_chat"]["id"], channel.id());
    assert_eq!(tg.expect_message_in(&channel).await.text(), "breaking");
    let post = channel.post("from the channel").await;
    let updates = api.ok("getUpdates", json!({})).await;
    assert_eq!(updates[0]["channel_post"]["message_id"], post.message_id);
    assert_eq!(
        updates[0]["channel_post"]["sender_chat"]["id"],
        channel.id()
    );
}
