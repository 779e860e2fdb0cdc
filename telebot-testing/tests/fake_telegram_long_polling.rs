//! getUpdates against FakeTelegram: long polling, offsets, limits, allowed_updates, conflicts.

#[path = "support/api.rs"]
mod api;

use std::time::{Duration, Instant};

use api::Api;
use serde_json::{Value, json};
use telebot_testing::FakeTelegram;

fn ids(updates: &Value) -> Vec<i64> {
    updates
        .as_array()
        .expect("array of updates")
        .iter()
        .map(|u| u["update_id"].as_i64().expect("update_id"))
        .collect()
}

#[tokio::test]
async fn long_poll_returns_as_soon_as_an_update_arrives() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let started = Instant::now();
    let poll = tokio::spawn({
        let api = api.clone();
        async move { api.ok("getUpdates", json!({ "timeout": 30 })).await }
    });
    // The poll is pending on the server before the update is created.
    tg.wait_until_polling().await;
    alice.send("hello while polling").await;
    let updates = poll.await.expect("poll task");
    assert_eq!(updates.as_array().map(Vec::len), Some(1), "{updates}");
    assert_eq!(updates[0]["message"]["text"], "hello while polling");
    assert_eq!(updates[0]["message"]["from"]["id"], alice.id());
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "poll waited for its whole timeout"
    );
}

#[tokio::test]
async fn long_poll_without_updates_waits_for_the_timeout() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let started = Instant::now();
    let updates = api.ok("getUpdates", json!({ "timeout": 1 })).await;
    let waited = started.elapsed();
    assert_eq!(updates, json!([]));
    assert!(
        waited >= Duration::from_millis(900),
        "returned after {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(10),
        "returned after {waited:?}"
    );

    let started = Instant::now();
    assert_eq!(
        api.ok("getUpdates", json!({ "timeout": 0 })).await,
        json!([])
    );
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "timeout 0 must not wait"
    );
}

#[tokio::test]
async fn long_poll_is_capped_by_the_builder_setting() {
    let tg = FakeTelegram::builder()
        .max_long_poll(Duration::from_millis(300))
        .start()
        .await;
    let api = Api::new(&tg);
    let started = Instant::now();
    assert_eq!(
        api.ok("getUpdates", json!({ "timeout": 50 })).await,
        json!([])
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn offset_confirms_and_discards_earlier_updates() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    for text in ["one", "two", "three"] {
        alice.send(text).await;
    }
    let all = api.ok("getUpdates", json!({})).await;
    let all_ids = ids(&all);
    assert_eq!(all_ids.len(), 3);
    assert!(all_ids.windows(2).all(|w| w[1] == w[0] + 1), "{all_ids:?}");
    // Without an offset nothing is confirmed.
    assert_eq!(ids(&api.ok("getUpdates", json!({})).await), all_ids);
    // Confirming the first update leaves the two later ones.
    let rest = api
        .ok("getUpdates", json!({ "offset": all_ids[0] + 1 }))
        .await;
    assert_eq!(ids(&rest), all_ids[1..].to_vec());
    assert_eq!(rest[0]["message"]["text"], "two");
    // Confirming everything empties the queue.
    assert_eq!(
        api.ok("getUpdates", json!({ "offset": all_ids[2] + 1 }))
            .await,
        json!([])
    );
    assert!(tg.pending_updates().is_empty());
    // New updates continue the numbering.
    alice.send("four").await;
    let next = api
        .ok("getUpdates", json!({ "offset": all_ids[2] + 1 }))
        .await;
    assert_eq!(ids(&next), vec![all_ids[2] + 1]);
}

#[tokio::test]
async fn negative_offset_keeps_only_the_last_updates() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    for n in 0..5 {
        alice.send(&format!("m{n}")).await;
    }
    let last_two = api.ok("getUpdates", json!({ "offset": -2 })).await;
    assert_eq!(last_two.as_array().map(Vec::len), Some(2));
    assert_eq!(last_two[0]["message"]["text"], "m3");
    assert_eq!(last_two[1]["message"]["text"], "m4");
    // The earlier ones are forgotten.
    let again = api.ok("getUpdates", json!({})).await;
    assert_eq!(ids(&again), ids(&last_two));
}

#[tokio::test]
async fn limit_bounds_the_batch_and_out_of_range_means_100() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    for n in 0..5 {
        alice.send(&format!("m{n}")).await;
    }
    assert_eq!(
        ids(&api.ok("getUpdates", json!({ "limit": 2 })).await).len(),
        2
    );
    assert_eq!(
        ids(&api.ok("getUpdates", json!({ "limit": 0 })).await).len(),
        5
    );
    assert_eq!(
        ids(&api.ok("getUpdates", json!({ "limit": 1000 })).await).len(),
        5
    );
}

#[tokio::test]
async fn allowed_updates_filters_and_is_remembered() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let group = tg.group("friends");

    // By default chat_member updates are not delivered: only the service message is.
    group.add(&alice).await;
    let default = api.ok("getUpdates", json!({})).await;
    assert_eq!(default.as_array().map(Vec::len), Some(1), "{default}");
    assert!(default[0]["message"]["new_chat_members"].is_array());
    let next = ids(&default)[0] + 1;

    // Asking for chat_member only.
    let bob = tg.user("bob");
    group.add(&bob).await;
    let only = api
        .ok(
            "getUpdates",
            json!({ "offset": next, "allowed_updates": ["chat_member"] }),
        )
        .await;
    assert_eq!(only.as_array().map(Vec::len), Some(1), "{only}");
    assert_eq!(
        only[0]["chat_member"]["new_chat_member"]["status"],
        "member"
    );
    assert_eq!(
        only[0]["chat_member"]["new_chat_member"]["user"]["id"],
        bob.id()
    );
    let next = ids(&only)[0] + 1;

    // Remembered when the next call does not say.
    alice.send("not wanted").await;
    let carol = tg.user("carol");
    group.add(&carol).await;
    let remembered = api.ok("getUpdates", json!({ "offset": next })).await;
    assert_eq!(remembered.as_array().map(Vec::len), Some(1), "{remembered}");
    assert_eq!(
        remembered[0]["chat_member"]["new_chat_member"]["user"]["id"],
        carol.id()
    );
    let info = api.ok("getWebhookInfo", json!({})).await;
    assert_eq!(info["allowed_updates"], json!(["chat_member"]));
}

#[tokio::test]
async fn a_newer_get_updates_terminates_the_pending_one_with_409() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let first = tokio::spawn({
        let api = api.clone();
        async move { api.call("getUpdates", json!({ "timeout": 30 })).await }
    });
    tg.wait_until_polling().await;
    let second = api.ok("getUpdates", json!({ "timeout": 0 })).await;
    assert_eq!(second, json!([]));
    let (status, body) = first.await.expect("first poll");
    assert_eq!(status, 409);
    assert_eq!(
        body["description"],
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
    );
}

#[tokio::test]
async fn get_updates_conflicts_with_a_webhook() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    api.ok("setWebhook", json!({ "url": "http://127.0.0.1:9/hook" }))
        .await;
    let (status, description) = api.err("getUpdates", json!({})).await;
    assert_eq!(status, 409);
    assert_eq!(
        description,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    );
    api.ok("deleteWebhook", json!({})).await;
    api.ok("getUpdates", json!({})).await;
}

#[tokio::test]
async fn method_names_are_case_insensitive_and_params_may_be_a_query_string() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    alice.send("a").await;
    alice.send("b").await;
    let url = format!("{}?limit=1", tg.method_url("GETUPDATES"));
    let body: Value = serde_json::from_str(
        &reqwest::get(url)
            .await
            .expect("get")
            .text()
            .await
            .expect("text"),
    )
    .expect("json");
    assert_eq!(body["ok"], true);
    assert_eq!(body["result"].as_array().map(Vec::len), Some(1));
    assert_eq!(tg.calls_to("getUpdates").len(), 1);
    assert_eq!(tg.calls()[0].method, "getUpdates");
    assert_eq!(tg.calls()[0].param_i64("limit"), Some(1));
}
