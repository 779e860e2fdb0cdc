//! The script API of FakeTelegram: users, groups, buttons, expectations, ordering.

#[path = "support/api.rs"]
mod api;

use std::collections::HashMap;
use std::time::Duration;

use api::Api;
use serde_json::{Value, json};
use telebot_testing::{FakeTelegram, MemberStatus};

/// Fetches and confirms every queued update.
async fn drain(api: &Api) -> Vec<Value> {
    let updates = api.ok("getUpdates", json!({ "allowed_updates": [] })).await;
    let updates = updates.as_array().cloned().unwrap_or_default();
    if let Some(last) = updates.last() {
        api.ok(
            "getUpdates",
            json!({ "offset": last["update_id"].as_i64().unwrap_or(0) + 1 }),
        )
        .await;
    }
    updates
}

#[tokio::test]
async fn start_command_reaches_the_bot_and_the_reply_is_expected() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    assert_eq!(
        tg.user("alice").id(),
        alice.id(),
        "users are stable per name"
    );
    assert_ne!(tg.user("bob").id(), alice.id());

    alice.send("/start deep").await;
    let updates = drain(&api).await;
    let message = &updates[0]["message"];
    assert_eq!(message["text"], "/start deep");
    assert_eq!(
        message["chat"],
        json!({ "id": alice.id(), "type": "private", "first_name": "Alice", "username": "alice" })
    );
    assert_eq!(message["from"]["first_name"], "Alice");
    assert_eq!(
        message["entities"],
        json!([{ "type": "bot_command", "offset": 0, "length": 6 }])
    );

    api.ok("sendMessage", json!({ "chat_id": alice.id(), "text": "Welcome!", "reply_parameters": { "message_id": message["message_id"] } }))
        .await;
    let reply = tg.expect_reply_to(&alice).await;
    assert_eq!(reply.text(), "Welcome!");
    assert!(reply.from_bot);
    assert_eq!(reply.reply_to_message_id(), message["message_id"].as_i64());
    assert_eq!(tg.messages_in(&alice).len(), 2);
}

#[tokio::test]
async fn expecting_a_reply_that_never_comes_panics_with_what_the_bot_sent() {
    let tg = FakeTelegram::builder()
        .expect_timeout(Duration::from_millis(200))
        .start()
        .await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    api.ok(
        "sendMessage",
        json!({ "chat_id": bob.id(), "text": "meant for bob" }),
    )
    .await;
    api.err("sendMessage", json!({ "chat_id": alice.id(), "text": "" }))
        .await;
    let waiting = tokio::spawn({
        let tg = tg.clone();
        async move { tg.expect_reply_to(&alice).await }
    });
    let error = waiting.await.expect_err("expectation must fail");
    let panic = error.into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("timed out"), "{message}");
    assert!(message.contains("\"meant for bob\""), "{message}");
    assert!(
        message.contains("Bad Request: message text is empty"),
        "{message}"
    );
}

#[tokio::test]
async fn expectations_consume_messages_in_order() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    for text in ["a", "b"] {
        api.ok(
            "sendMessage",
            json!({ "chat_id": alice.id(), "text": text }),
        )
        .await;
    }
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "a");
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "b");
    // A message sent later is found by a pending expectation.
    let waiting = tokio::spawn({
        let (tg, alice) = (tg.clone(), alice.clone());
        async move { tg.expect_reply_to(&alice).await }
    });
    api.ok("sendMessage", json!({ "chat_id": alice.id(), "text": "c" }))
        .await;
    assert_eq!(waiting.await.expect("expectation").text(), "c");
}

#[tokio::test]
async fn pressing_a_button_sends_its_callback_data_and_sees_the_answer() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let keyboard = json!({ "inline_keyboard": [
        [{ "text": "Yes", "callback_data": "answer:yes" }, { "text": "No", "callback_data": "answer:no" }],
        [{ "text": "Docs", "url": "https://example.org" }],
    ]});
    api.ok(
        "sendMessage",
        json!({ "chat_id": alice.id(), "text": "Sure?", "reply_markup": keyboard }),
    )
    .await;
    let question = tg.expect_reply_to(&alice).await;
    assert_eq!(
        question.buttons()[0][1].callback_data.as_deref(),
        Some("answer:no")
    );
    assert_eq!(
        question.buttons()[1][0].url.as_deref(),
        Some("https://example.org")
    );

    let press = alice.press(&question, "Yes").await;
    let second = alice.press_nth(&question, 0, 1).await;
    let updates = drain(&api).await;
    let query = &updates[0]["callback_query"];
    assert_eq!(query["id"], press.id());
    assert_eq!(query["data"], "answer:yes");
    assert_eq!(query["from"]["id"], alice.id());
    assert_eq!(query["message"]["message_id"], question.message_id);
    assert!(query["chat_instance"].is_string());
    assert_eq!(updates[1]["callback_query"]["data"], "answer:no");

    assert!(press.answer().is_none());
    api.ok(
        "answerCallbackQuery",
        json!({ "callback_query_id": press.id(), "text": "Done", "show_alert": true }),
    )
    .await;
    let answer = press.expect_answer().await;
    assert_eq!(answer.text.as_deref(), Some("Done"));
    assert!(answer.show_alert);
    assert!(second.answer().is_none());

    let too_old =
        "Bad Request: query is too old and response timeout expired or query ID is invalid";
    let (status, description) = api
        .err(
            "answerCallbackQuery",
            json!({ "callback_query_id": press.id() }),
        )
        .await;
    assert_eq!((status, description.as_str()), (400, too_old));
    let (_, description) = api
        .err(
            "answerCallbackQuery",
            json!({ "callback_query_id": "12345" }),
        )
        .await;
    assert_eq!(description, too_old);
}

#[tokio::test]
async fn group_membership_messages_and_replies() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let group = tg.group("friends");
    assert!(group.id() < 0);
    api.ok(
        "getUpdates",
        json!({ "allowed_updates": ["message", "chat_member", "my_chat_member"] }),
    )
    .await;

    group.add(&alice).await;
    let hi = alice.send_in(&group, "hi all").await;
    let updates = api.ok("getUpdates", json!({})).await;
    let kinds: Vec<&str> = updates
        .as_array()
        .map(|u| {
            u.iter()
                .filter_map(|u| {
                    u.as_object()?
                        .keys()
                        .find(|k| *k != "update_id")
                        .map(String::as_str)
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(kinds, vec!["chat_member", "message", "message"]);
    assert_eq!(
        updates[0]["chat_member"]["old_chat_member"]["status"],
        "left"
    );
    assert_eq!(
        updates[0]["chat_member"]["new_chat_member"]["status"],
        "member"
    );
    assert_eq!(
        updates[1]["message"]["new_chat_members"][0]["id"],
        alice.id()
    );
    assert_eq!(updates[2]["message"]["chat"]["type"], "group");
    assert_eq!(updates[2]["message"]["chat"]["title"], "friends");
    assert_eq!(updates[2]["message"]["message_id"], hi.message_id);

    api.ok(
        "sendMessage",
        json!({ "chat_id": group.id(), "text": "hello alice" }),
    )
    .await;
    assert_eq!(tg.expect_message_in(&group).await.text(), "hello alice");

    alice.leave(&group).await;
    assert_eq!(group.status_of(&alice), MemberStatus::Left);
    let member = api
        .ok(
            "getChatMember",
            json!({ "chat_id": group.id(), "user_id": alice.id() }),
        )
        .await;
    assert_eq!(member["status"], "left");
}

#[tokio::test]
async fn edits_reactions_inline_queries_and_raw_updates() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    api.ok("getUpdates", json!({ "allowed_updates": ["message", "edited_message", "message_reaction", "inline_query", "brand_new_kind"] }))
        .await;

    let original = alice.send("helo").await;
    let edited = alice.edit(&original, "hello").await;
    assert!(edited.is_edited());
    alice.react(&original, "👍").await;
    let inline = alice.inline_query("cats").await;
    let raw_id = tg.push_update(json!({ "brand_new_kind": { "anything": [1, 2, 3] } }));

    let updates = api.ok("getUpdates", json!({})).await;
    assert_eq!(updates[1]["edited_message"]["text"], "hello");
    assert_eq!(
        updates[1]["edited_message"]["message_id"],
        original.message_id
    );
    assert!(updates[1]["edited_message"]["edit_date"].is_i64());
    assert_eq!(
        updates[2]["message_reaction"]["new_reaction"],
        json!([{ "type": "emoji", "emoji": "👍" }])
    );
    assert_eq!(updates[2]["message_reaction"]["old_reaction"], json!([]));
    assert_eq!(updates[3]["inline_query"]["query"], "cats");
    assert_eq!(
        updates[4],
        json!({ "update_id": raw_id, "brand_new_kind": { "anything": [1, 2, 3] } })
    );

    api.ok(
        "answerInlineQuery",
        json!({ "inline_query_id": inline.id(), "results": [
            { "type": "article", "id": "1", "title": "Cat", "input_message_content": { "message_text": "meow" } }
        ]}),
    )
    .await;
    let answer = inline.expect_answer().await;
    assert_eq!(answer.results.len(), 1);
    assert_eq!(answer.results[0]["title"], "Cat");
}

#[tokio::test]
async fn a_blocked_bot_gets_403_and_a_my_chat_member_update() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    alice.block_bot().await;
    let updates = drain(&api).await;
    assert_eq!(
        updates[0]["my_chat_member"]["new_chat_member"]["status"],
        "kicked"
    );
    let (status, description) = api
        .err(
            "sendMessage",
            json!({ "chat_id": alice.id(), "text": "hi" }),
        )
        .await;
    assert_eq!(
        (status, description.as_str()),
        (403, "Forbidden: bot was blocked by the user")
    );
    // Writing to the bot again unblocks it.
    alice.send("/start").await;
    api.ok(
        "sendMessage",
        json!({ "chat_id": alice.id(), "text": "welcome back" }),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_users_keep_their_own_order() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let users = [tg.user("alice"), tg.user("bob")];
    let tasks: Vec<_> = users
        .iter()
        .cloned()
        .map(|user| {
            tokio::spawn(async move {
                for n in 0..40 {
                    user.send(&format!("{} {n}", user.name())).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("sender");
    }
    let updates = api.ok("getUpdates", json!({})).await;
    let updates = updates.as_array().expect("array");
    assert_eq!(updates.len(), 80);
    let mut per_chat: HashMap<i64, Vec<(i64, i64, String)>> = HashMap::new();
    for update in updates {
        let message = &update["message"];
        per_chat
            .entry(message["chat"]["id"].as_i64().expect("chat"))
            .or_default()
            .push((
                update["update_id"].as_i64().expect("id"),
                message["message_id"].as_i64().expect("message id"),
                message["text"].as_str().expect("text").to_owned(),
            ));
    }
    for user in &users {
        let seen = &per_chat[&user.id()];
        let texts: Vec<String> = seen.iter().map(|s| s.2.clone()).collect();
        let expected: Vec<String> = (0..40).map(|n| format!("{} {n}", user.name())).collect();
        assert_eq!(texts, expected);
        assert!(
            seen.windows(2).all(|w| w[0].0 < w[1].0),
            "update ids increase"
        );
        assert!(
            seen.windows(2).all(|w| w[1].1 == w[0].1 + 1),
            "message ids increase by one"
        );
    }
}

#[tokio::test]
async fn polls_can_be_voted_on_and_stopped() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let sent = api
        .ok("sendPoll", json!({ "chat_id": alice.id(), "question": "Tea?", "options": [{ "text": "Yes" }, { "text": "No" }], "is_anonymous": false }))
        .await;
    assert_eq!(sent["poll"]["options"][1]["text"], "No");
    assert_eq!(sent["poll"]["is_anonymous"], false);
    let message = tg.expect_reply_to(&alice).await;
    alice.vote(&message, &[0]).await;
    let updates = drain(&api).await;
    assert_eq!(updates[0]["poll"]["options"][0]["voter_count"], 1);
    assert_eq!(updates[1]["poll_answer"]["option_ids"], json!([0]));
    assert_eq!(updates[1]["poll_answer"]["user"]["id"], alice.id());

    let stopped = api
        .ok(
            "stopPoll",
            json!({ "chat_id": alice.id(), "message_id": message.message_id }),
        )
        .await;
    assert_eq!(stopped["is_closed"], true);
    assert_eq!(stopped["total_voter_count"], 1);
    let (_, description) = api
        .err(
            "stopPoll",
            json!({ "chat_id": alice.id(), "message_id": message.message_id }),
        )
        .await;
    assert_eq!(description, "Bad Request: poll has already been closed");
}
