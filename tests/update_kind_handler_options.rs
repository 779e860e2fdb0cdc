//! Options of the update-kind handlers (issue #23, PTB's `chat_id` / `username` arguments and
//! patterns): a join-request handler for one chat ignores another chat's requests, one for
//! a username takes only that user's; a pre-checkout handler with a pattern takes only the
//! payloads it matches and hands the match to the handler. The same options as attribute keys
//! (`#[chat_join_request(chat_id = …)]`, `#[pre_checkout_query(pattern = …)]`) do the same.

#[path = "support/app.rs"]
mod app;

use serde_json::json;
use std::sync::{Arc, Mutex};
use telebot::HandlerResult;
use telebot::api::{ChatJoinRequest, PreCheckoutQuery};
use telebot::extract::Matches;
use telebot::handlers::UpdateKindHandler;
use telebot::testing::FakeTelegram;

fn join_request(id: i64, chat: i64, user: i64, username: &str) -> serde_json::Value {
    json!({"update_id": id, "chat_join_request": {
        "chat": {"id": chat, "type": "supergroup", "title": "club"},
        "from": {"id": user, "is_bot": false, "first_name": "U", "username": username},
        "user_chat_id": user, "date": 1}})
}

fn pre_checkout(id: i64, query: &str, payload: &str) -> serde_json::Value {
    json!({"update_id": id, "pre_checkout_query": {
        "id": query, "currency": "XTR", "total_amount": 5, "invoice_payload": payload,
        "from": {"id": 7, "is_bot": false, "first_name": "Ann"}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restrictions_and_patterns_pick_the_updates_a_handler_takes() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    let taken = Arc::new(Mutex::new(Vec::<String>::new()));
    let (a, b, c) = (Arc::clone(&taken), Arc::clone(&taken), Arc::clone(&taken));
    app.add_handler(
        UpdateKindHandler::chat_join_request(move |request: ChatJoinRequest| {
            a.lock()
                .unwrap()
                .push(format!("join {} to {}", request.from.id, request.chat.id));
            async { HandlerResult::Ok(()) }
        })
        .chat_ids([-100]),
        0,
    );
    app.add_handler(
        UpdateKindHandler::chat_join_request(move |request: ChatJoinRequest| {
            b.lock().unwrap().push(format!("vip {}", request.from.id));
            async { HandlerResult::Ok(()) }
        })
        .usernames(["@VIP_user"]),
        1,
    );
    app.add_handler(
        UpdateKindHandler::pre_checkout_query(
            move |query: PreCheckoutQuery, Matches(matches): Matches| {
                let tier = matches[0].get(1).unwrap_or_default().to_string();
                c.lock().unwrap().push(format!("{} tier {tier}", query.id));
                async { HandlerResult::Ok(()) }
            },
        )
        .pattern(r"^premium-(\w+)$"),
        0,
    );
    let running = app::run(&tg, &app).await;

    for update in [
        join_request(1, -200, 11, "someone"),
        join_request(2, -100, 12, "other"),
        join_request(3, -300, 13, "vip_user"),
        pre_checkout(4, "q-donation", "donation-5"),
        pre_checkout(5, "q-gold", "premium-gold"),
    ] {
        tg.push_update(update);
    }
    app::settle(&tg, &app).await;
    let mut taken = taken.lock().unwrap().clone();
    taken.sort();
    assert_eq!(
        taken,
        ["join 12 to -100", "q-gold tier gold", "vip 13"],
        "chat -200's request and the donation were not taken"
    );
    running.stop().await.unwrap();
}

type Taken = Arc<Mutex<Vec<String>>>;

#[telebot::bot]
mod by_attributes {
    use super::Taken;
    use telebot::api::{ChatJoinRequest, ChosenInlineResult, PreCheckoutQuery};
    use telebot::extract::{Groups, State};

    #[chat_join_request(chat_id = -100)]
    async fn club(State(taken): State<Taken>, request: ChatJoinRequest) {
        taken
            .lock()
            .unwrap()
            .push(format!("join {} to {}", request.from.id, request.chat.id));
    }

    #[chat_join_request(username = ["@VIP_user", "other_vip"], group = 1)]
    async fn vip(State(taken): State<Taken>, request: ChatJoinRequest) {
        taken
            .lock()
            .unwrap()
            .push(format!("vip {}", request.from.id));
    }

    #[pre_checkout_query(pattern = r"^premium-(?<tier>\w+)$")]
    async fn premium(
        State(taken): State<Taken>,
        query: PreCheckoutQuery,
        Groups((tier,)): Groups<(String,)>,
    ) {
        taken
            .lock()
            .unwrap()
            .push(format!("{} tier {tier}", query.id));
    }

    #[chosen_inline_result(pattern = "^gif ", user_id = [7, 8])]
    async fn gif(State(taken): State<Taken>, result: ChosenInlineResult) {
        taken
            .lock()
            .unwrap()
            .push(format!("gif {} by {}", result.result_id, result.from.id));
    }
}

fn chosen(id: i64, user: i64, result: &str, query: &str) -> serde_json::Value {
    json!({"update_id": id, "chosen_inline_result": {
        "result_id": result, "query": query,
        "from": {"id": user, "is_bot": false, "first_name": "U"}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attribute_keys_restrict_like_the_builder() {
    let tg = FakeTelegram::start().await;
    let taken: Taken = Arc::default();
    let app = app::builder(&tg)
        .state::<Taken>(Arc::clone(&taken))
        .handlers(by_attributes::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    for update in [
        join_request(1, -200, 11, "someone"),
        join_request(2, -100, 12, "other"),
        join_request(3, -300, 13, "vip_user"),
        join_request(4, -300, 14, "Other_VIP"),
        pre_checkout(5, "q-donation", "donation-5"),
        pre_checkout(6, "q-gold", "premium-gold"),
        chosen(7, 7, "r1", "gif cats"),
        chosen(8, 9, "r2", "gif dogs"),
        chosen(9, 8, "r3", "sticker cats"),
    ] {
        tg.push_update(update);
    }
    app::settle(&tg, &app).await;
    let mut taken = taken.lock().unwrap().clone();
    taken.sort();
    assert_eq!(
        taken,
        [
            "gif r1 by 7",
            "join 12 to -100",
            "q-gold tier gold",
            "vip 13",
            "vip 14"
        ],
        "another chat's request, the donation, user 9's gif and a sticker query were not taken"
    );
    running.stop().await.unwrap();
}
