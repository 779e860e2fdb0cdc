//! The flood simulator: FakeTelegram enforcing Telegram's sending limits with 429s.

#[path = "support/api.rs"]
mod api;

use api::Api;
use serde_json::json;
use telebot_testing::{FakeTelegram, FloodLimits};

#[tokio::test]
async fn a_burst_into_one_chat_is_cut_at_its_window_and_other_chats_are_not_held() {
    let tg = FakeTelegram::start().await;
    tg.enforce_flood_limits(FloodLimits::telegram());
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    let mut statuses = Vec::new();
    for n in 0..5 {
        let (status, body) = api
            .call(
                "sendMessage",
                json!({ "chat_id": alice.id(), "text": n.to_string() }),
            )
            .await;
        if status == 429 {
            assert_eq!(
                body["parameters"]["retry_after"].as_u64().map(|s| s >= 1),
                Some(true)
            );
        }
        statuses.push(status);
    }
    assert_eq!(
        statuses,
        [200, 200, 200, 429, 429],
        "three in any three seconds"
    );
    assert_eq!(
        tg.bot_messages_in(&alice).len(),
        3,
        "refused calls have no effect"
    );
    api.ok("sendMessage", json!({ "chat_id": bob.id(), "text": "hi" }))
        .await;
    api.ok(
        "sendChatAction",
        json!({ "chat_id": alice.id(), "action": "typing" }),
    )
    .await;
    let stats = tg.flood_stats();
    assert_eq!(stats.accepted, 4);
    assert_eq!(stats.violations, 2);
    assert_eq!(stats.chat_violations.get(&alice.id()), Some(&2));
    assert_eq!(stats.global_violations, 0);
}

#[tokio::test]
async fn a_channel_by_username_and_by_id_is_one_chat() {
    let tg = FakeTelegram::start().await;
    tg.enforce_flood_limits(FloodLimits::telegram());
    let api = Api::new(&tg);
    let news = tg.channel("news");
    for n in 0..10 {
        api.ok(
            "sendMessage",
            json!({ "chat_id": news.id(), "text": n.to_string() }),
        )
        .await;
    }
    for n in 0..10 {
        api.ok(
            "sendMessage",
            json!({ "chat_id": "@news", "text": n.to_string() }),
        )
        .await;
    }
    let (status, body) = api
        .call("sendMessage", json!({ "chat_id": "@news", "text": "21st" }))
        .await;
    assert_eq!(status, 429, "{body}");
    assert!(
        body["parameters"]["retry_after"].as_u64().unwrap_or(0) > 50,
        "{body}"
    );
    assert_eq!(tg.flood_stats().accepted_by_chat.get(&news.id()), Some(&20));
}

#[tokio::test]
async fn without_limits_nothing_is_counted() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    for n in 0..10 {
        api.ok(
            "sendMessage",
            json!({ "chat_id": alice.id(), "text": n.to_string() }),
        )
        .await;
    }
    assert_eq!(tg.flood_stats(), Default::default());
}
