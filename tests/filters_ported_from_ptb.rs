//! The filters a PTB porter missed (issue #23): each passes the message it is named for and
//! fails one without it; the five suggested-post events each have their own filter; a filter
//! built with `custom_with` hands its value to the handler as `Found<T>` through the fake
//! Telegram.

#[path = "support/app.rs"]
mod app;

use serde_json::{Value, json};
use telebot::extract::Found;
use telebot::filters::{self, ForwardedFrom, Mentions};
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::{Bot, HandlerResult, Update};

fn message(fields: Value) -> Update {
    let mut base = json!({"message_id": 1, "date": 1, "chat": {"id": 10, "type": "private"}});
    for (k, v) in fields.as_object().unwrap() {
        base[k] = v.clone();
    }
    serde_json::from_value(json!({"update_id": 1, "message": base})).unwrap()
}

#[test]
fn each_filter_passes_its_message_and_fails_a_plain_one() {
    let plain = message(json!({"text": "hi"}));
    let user = json!({"id": 5, "is_bot": false, "first_name": "Ann", "username": "ann"});
    let cases: Vec<(&str, filters::SharedFilter, Value)> = vec![
        ("user", filters::user(), json!({"from": user})),
        (
            "effect_id",
            filters::effect_id(),
            json!({"effect_id": "5104841245755180586"}),
        ),
        (
            "passport_data",
            filters::passport_data(),
            json!({"passport_data": {"data": [], "credentials": {"data": "", "hash": "", "secret": ""}}}),
        ),
        (
            "reply_to_story",
            filters::reply_to_story(),
            json!({"reply_to_story": {"chat": {"id": 3, "type": "channel"}, "id": 7}}),
        ),
        (
            "suggested_post_info",
            filters::suggested_post_info(),
            json!({"suggested_post_info": {"state": "pending"}}),
        ),
        (
            "direct_messages",
            filters::direct_messages(),
            json!({"chat": {"id": -5, "type": "supergroup", "is_direct_messages": true}}),
        ),
        (
            "sender_chat_channel",
            filters::sender_chat_channel(),
            json!({"sender_chat": {"id": -100, "type": "channel"}}),
        ),
        (
            "sender_chat_supergroup",
            filters::sender_chat_supergroup(),
            json!({"sender_chat": {"id": -200, "type": "supergroup"}}),
        ),
        (
            "successful_payment_of",
            filters::successful_payment_of(["gold"]),
            json!({"successful_payment": {"currency": "XTR", "total_amount": 5,
                "invoice_payload": "gold", "telegram_payment_charge_id": "c", "provider_payment_charge_id": "p"}}),
        ),
        (
            "forwarded_from",
            ForwardedFrom::from_usernames(["@news"]).filter(),
            json!({"forward_origin": {"type": "channel", "date": 1, "message_id": 3,
                "chat": {"id": -300, "type": "channel", "username": "News"}}}),
        ),
        (
            "mentions by username",
            Mentions::default().with_usernames(["@Ann"]).filter(),
            json!({"text": "hey @ann", "entities": [{"type": "mention", "offset": 4, "length": 4}]}),
        ),
        (
            "mentions by id",
            Mentions::new([5]).filter(),
            json!({"text": "hey Ann", "entities": [{"type": "text_mention", "offset": 4, "length": 3, "user": user}]}),
        ),
        (
            "gift_upgrade_sent",
            filters::status_update::gift_upgrade_sent(),
            json!({"gift_upgrade_sent": {"gift": {"id": "g", "sticker": {"file_id": "s",
                "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                "is_animated": false, "is_video": false}, "star_count": 1}}}),
        ),
    ];
    for (name, filter, fields) in cases {
        let update = message(fields.clone());
        assert!(filter.matches(&update), "{name} passes {fields}");
        assert!(!filter.matches(&plain), "{name} fails a plain message");
    }
    // A payment of another payload, a mention of someone else: not passed.
    let other_payment = message(json!({"successful_payment": {"currency": "XTR",
        "total_amount": 5, "invoice_payload": "silver", "telegram_payment_charge_id": "c", "provider_payment_charge_id": "p"}}));
    assert!(!filters::successful_payment_of(["gold"]).matches(&other_payment));
    let other_mention = message(
        json!({"text": "hey @bob", "entities": [{"type": "mention", "offset": 4, "length": 4}]}),
    );
    assert!(
        !Mentions::default()
            .with_usernames(["ann"])
            .filter()
            .matches(&other_mention)
    );
}

#[test]
fn the_five_suggested_post_events_have_a_filter_each() {
    let events = [
        ("suggested_post_approved", json!({"send_date": 1})),
        (
            "suggested_post_approval_failed",
            json!({"price": {"currency": "XTR", "amount": 1}}),
        ),
        ("suggested_post_declined", json!({})),
        ("suggested_post_paid", json!({"currency": "XTR"})),
        ("suggested_post_refunded", json!({"reason": "post_deleted"})),
    ];
    let filters = [
        filters::status_update::suggested_post_approved(),
        filters::status_update::suggested_post_approval_failed(),
        filters::status_update::suggested_post_declined(),
        filters::status_update::suggested_post_paid(),
        filters::status_update::suggested_post_refunded(),
    ];
    for (i, (field, value)) in events.iter().enumerate() {
        let update = message(json!({ *field: value }));
        for (j, filter) in filters.iter().enumerate() {
            assert_eq!(
                filter.matches(&update),
                i == j,
                "{} on {field}",
                filter.describe()
            );
        }
        assert!(filters::status_update::suggested_post().matches(&update));
    }
}

#[derive(Debug, Clone)]
struct OrderNo(u32);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_hands_its_value_to_the_handler() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    let orders = filters::custom_with("order_no", |update| {
        let text = update.effective_message()?.text.as_deref()?;
        text.strip_prefix("order ")?.parse().ok().map(OrderNo)
    });
    app.add_handler(
        MessageHandler::new(
            orders,
            |bot: Bot, msg: telebot::api::Message, Found(OrderNo(n)): Found<OrderNo>| async move {
                bot.send_message(msg.chat.id, format!("tracking order {n}"))
                    .await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            |bot: Bot, msg: telebot::api::Message| async move {
                bot.send_message(msg.chat.id, "not an order").await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("order 42").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "tracking order 42");
    alice.send("order forty-two").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "not an order");
    running.stop().await.unwrap();
}
