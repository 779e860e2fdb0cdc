//! The fake Telegram's payments (sendInvoice, the pre-checkout query, `TestUser::pay`), pins
//! and the bot's profile (name, description, short description), added for the web sandbox.

#[path = "support/api.rs"]
mod api;

use api::Api;
use serde_json::{Value, json};
use telebot_testing::FakeTelegram;

async fn invoice(api: &Api, chat: i64) -> Value {
    api.ok(
        "sendInvoice",
        json!({
            "chat_id": chat, "title": "Coffee", "description": "A cup", "payload": "coffee-1",
            "currency": "EUR", "prices": [{ "label": "Cup", "amount": 200 }, { "label": "Tip", "amount": 50 }],
        }),
    )
    .await
}

/// The pending pre-checkout query's id (the bot's view of the queue).
fn pre_checkout_id(tg: &FakeTelegram) -> String {
    tg.pending_updates()
        .iter()
        .find_map(|u| u["pre_checkout_query"]["id"].as_str().map(str::to_owned))
        .expect("a pre_checkout_query update")
}

#[tokio::test]
async fn an_invoice_paid_and_confirmed_gives_a_successful_payment() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let sent = invoice(&api, alice.id()).await;
    assert_eq!(
        sent["invoice"],
        json!({ "title": "Coffee", "description": "A cup", "start_parameter": "", "currency": "EUR", "total_amount": 250 })
    );
    let message = tg.expect_reply_to(&alice).await;
    let paying = tokio::spawn({
        let alice = alice.clone();
        async move { alice.pay(&message).await }
    });
    let query = tg.expect_pending_update("pre_checkout_query").await;
    assert_eq!(query["total_amount"], 250);
    assert_eq!(query["invoice_payload"], "coffee-1");
    assert_eq!(query["from"]["id"], alice.id());
    let id = pre_checkout_id(&tg);
    api.ok(
        "answerPreCheckoutQuery",
        json!({ "pre_checkout_query_id": id, "ok": true }),
    )
    .await;
    let paid = paying.await.expect("the payment task").expect("paid");
    assert_eq!(
        paid.raw["successful_payment"]["invoice_payload"],
        "coffee-1"
    );
    assert_eq!(paid.raw["successful_payment"]["total_amount"], 250);
    assert_eq!(paid.raw["from"]["id"], alice.id());
    // A query is answered once.
    assert_eq!(
        api.err(
            "answerPreCheckoutQuery",
            json!({ "pre_checkout_query_id": id, "ok": true })
        )
        .await,
        (400, "Bad Request: QUERY_ID_INVALID".to_owned())
    );
}

#[tokio::test]
async fn a_refused_pre_checkout_query_gives_the_bots_reason_and_no_payment() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    invoice(&api, alice.id()).await;
    let message = tg.expect_reply_to(&alice).await;
    let paying = tokio::spawn({
        let alice = alice.clone();
        async move { alice.pay(&message).await }
    });
    tg.expect_pending_update("pre_checkout_query").await;
    let id = pre_checkout_id(&tg);
    assert_eq!(
        api.err(
            "answerPreCheckoutQuery",
            json!({ "pre_checkout_query_id": id, "ok": false })
        )
        .await,
        (400, "Bad Request: ERROR_MESSAGE_EMPTY".to_owned())
    );
    api.ok(
        "answerPreCheckoutQuery",
        json!({ "pre_checkout_query_id": id, "ok": false, "error_message": "Sold out" }),
    )
    .await;
    assert_eq!(
        paying.await.expect("the payment task"),
        Err("Sold out".to_owned())
    );
    assert!(
        !tg.messages_in(&alice)
            .iter()
            .any(|m| m.raw.get("successful_payment").is_some()),
        "no payment without the bot's yes"
    );
}

#[tokio::test]
async fn invoices_are_checked_as_telegram_checks_them() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let chat = tg.user("alice").id();
    let base = json!({
        "chat_id": chat, "title": "T", "description": "D", "payload": "p",
        "currency": "EUR", "prices": [{ "label": "x", "amount": 1 }],
    });
    let with = |key: &str, value: Value| {
        let mut params = base.clone();
        params[key] = value;
        params
    };
    assert_eq!(
        api.err("sendInvoice", with("currency", json!("euro")))
            .await,
        (400, "Bad Request: CURRENCY_INVALID".to_owned())
    );
    assert_eq!(
        api.err("sendInvoice", with("prices", json!([]))).await.0,
        400
    );
    assert_eq!(
        api.err("sendInvoice", with("title", json!("t".repeat(33))))
            .await,
        (400, "Bad Request: title is too long".to_owned())
    );
    let not_pay_first = with(
        "reply_markup",
        json!({ "inline_keyboard": [[{ "text": "Visit", "url": "https://example.org" }]] }),
    );
    assert_eq!(api.err("sendInvoice", not_pay_first).await.0, 400);
    let pay_first = with(
        "reply_markup",
        json!({ "inline_keyboard": [[{ "text": "Pay", "pay": true }]] }),
    );
    api.ok("sendInvoice", pay_first).await;
}

#[tokio::test]
async fn pins_are_kept_per_chat_with_a_service_message() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let chat = tg.user("alice").id();
    let first = api
        .ok("sendMessage", json!({ "chat_id": chat, "text": "one" }))
        .await;
    let second = api
        .ok("sendMessage", json!({ "chat_id": chat, "text": "two" }))
        .await;
    for message in [&first, &second] {
        api.ok(
            "pinChatMessage",
            json!({ "chat_id": chat, "message_id": message["message_id"] }),
        )
        .await;
    }
    let services: Vec<String> = tg
        .messages_in(chat)
        .iter()
        .filter_map(|m| m.raw["pinned_message"]["text"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(services, ["one", "two"]);
    // Without an id, the most recent pin goes; then the other one; then there is none.
    api.ok("unpinChatMessage", json!({ "chat_id": chat })).await;
    api.ok(
        "unpinChatMessage",
        json!({ "chat_id": chat, "message_id": first["message_id"] }),
    )
    .await;
    assert_eq!(
        api.err("unpinChatMessage", json!({ "chat_id": chat }))
            .await,
        (400, "Bad Request: message to unpin not found".to_owned())
    );
    assert_eq!(
        api.err(
            "pinChatMessage",
            json!({ "chat_id": chat, "message_id": 999 })
        )
        .await,
        (400, "Bad Request: message to pin not found".to_owned())
    );
    api.ok("unpinAllChatMessages", json!({ "chat_id": chat }))
        .await;
}

#[tokio::test]
async fn the_bots_name_and_descriptions_are_kept() {
    let tg = FakeTelegram::builder().first_name("Weather").start().await;
    let api = Api::new(&tg);
    assert_eq!(
        api.ok("getMyName", json!({})).await,
        json!({ "name": "Weather" })
    );
    assert_eq!(
        api.ok("getMyDescription", json!({})).await,
        json!({ "description": "" })
    );
    api.ok("setMyName", json!({ "name": "Forecast" })).await;
    api.ok(
        "setMyDescription",
        json!({ "description": "Tells the weather." }),
    )
    .await;
    api.ok(
        "setMyShortDescription",
        json!({ "short_description": "weather" }),
    )
    .await;
    // Other languages are accepted and leave the default alone.
    api.ok(
        "setMyDescription",
        json!({ "description": "Sagt das Wetter.", "language_code": "de" }),
    )
    .await;
    assert_eq!(
        api.ok("getMyName", json!({})).await,
        json!({ "name": "Forecast" })
    );
    assert_eq!(
        api.ok("getMyDescription", json!({})).await,
        json!({ "description": "Tells the weather." })
    );
    assert_eq!(
        api.ok("getMyShortDescription", json!({})).await,
        json!({ "short_description": "weather" })
    );
    assert_eq!(
        api.err(
            "setMyShortDescription",
            json!({ "short_description": "x".repeat(121) })
        )
        .await,
        (400, "Bad Request: short description is too long".to_owned())
    );
}

/// A payment in Telegram Stars is refunded once, by its charge id and its payer: the user gets
/// a `refunded_payment` message; a second refund, another user's or a non-Stars charge is
/// refused as Telegram refuses them.
#[tokio::test]
async fn a_stars_payment_is_refunded_once() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    api.ok(
        "sendInvoice",
        json!({"chat_id": alice.id(), "title": "Stars", "description": "A sticker pack",
            "payload": "pack-1", "currency": "XTR", "prices": [{"label": "Pack", "amount": 5}]}),
    )
    .await;
    let invoice = tg.expect_reply_to(&alice).await;
    let paying = tokio::spawn({
        let alice = alice.clone();
        async move { alice.pay(&invoice).await }
    });
    tg.expect_pending_update("pre_checkout_query").await;
    let id = pre_checkout_id(&tg);
    api.ok(
        "answerPreCheckoutQuery",
        json!({"pre_checkout_query_id": id, "ok": true}),
    )
    .await;
    let paid = paying.await.expect("the payment task").expect("paid");
    let charge = paid.raw["successful_payment"]["telegram_payment_charge_id"]
        .as_str()
        .expect("a charge id")
        .to_owned();
    assert_eq!(
        api.err(
            "refundStarPayment",
            json!({"user_id": bob.id(), "telegram_payment_charge_id": charge})
        )
        .await,
        (400, "Bad Request: USER_ID_INVALID".to_owned())
    );
    assert_eq!(
        api.ok(
            "refundStarPayment",
            json!({"user_id": alice.id(), "telegram_payment_charge_id": charge})
        )
        .await,
        json!(true)
    );
    let refund = tg
        .messages_in(&alice)
        .into_iter()
        .find(|m| m.raw.get("refunded_payment").is_some())
        .expect("a refunded_payment message");
    assert_eq!(refund.raw["refunded_payment"]["total_amount"], 5);
    assert_eq!(refund.raw["refunded_payment"]["invoice_payload"], "pack-1");
    assert_eq!(
        api.err(
            "refundStarPayment",
            json!({"user_id": alice.id(), "telegram_payment_charge_id": charge})
        )
        .await,
        (400, "Bad Request: CHARGE_ALREADY_REFUNDED".to_owned())
    );
    assert_eq!(
        api.err(
            "refundStarPayment",
            json!({"user_id": alice.id(), "telegram_payment_charge_id": "nope"})
        )
        .await,
        (400, "Bad Request: CHARGE_NOT_FOUND".to_owned())
    );
}
