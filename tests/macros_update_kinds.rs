//! Every handler attribute handles its update kind end to end: corpus updates of each kind are
//! pushed into the fake Telegram, and each handler reports its attribute's name.

#[path = "support/app.rs"]
mod app;

use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;
use telebot::testing::FakeTelegram;
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

type Seen = UnboundedSender<&'static str>;

#[telebot::bot]
mod kinds {
    use super::Seen;
    use telebot::api::*;
    use telebot::extract::{Album, State};
    use telebot::{CallbackContext, HandlerResult, Update, UpdateKind};

    #[edited_message]
    async fn edited(State(seen): State<Seen>, _m: Message) {
        let _ = seen.send("edited_message");
    }
    #[channel_post]
    async fn post(State(seen): State<Seen>, _m: Message) {
        let _ = seen.send("channel_post");
    }
    #[business_message]
    async fn business(State(seen): State<Seen>, _m: Message) {
        let _ = seen.send("business_message");
    }
    #[callback_query]
    async fn pressed(State(seen): State<Seen>, _q: CallbackQuery) {
        let _ = seen.send("callback_query");
    }
    #[inline_query]
    async fn inline(State(seen): State<Seen>, _q: InlineQuery) {
        let _ = seen.send("inline_query");
    }
    #[chosen_inline_result]
    async fn chosen(State(seen): State<Seen>, _r: ChosenInlineResult) {
        let _ = seen.send("chosen_inline_result");
    }
    #[chat_member]
    async fn member(State(seen): State<Seen>, _c: ChatMemberUpdated) {
        let _ = seen.send("chat_member");
    }
    #[my_chat_member]
    async fn me(State(seen): State<Seen>, _c: ChatMemberUpdated) {
        let _ = seen.send("my_chat_member");
    }
    #[chat_join_request]
    async fn join(State(seen): State<Seen>, _r: ChatJoinRequest) {
        let _ = seen.send("chat_join_request");
    }
    #[message_reaction]
    async fn reaction(State(seen): State<Seen>, _r: MessageReactionUpdated) {
        let _ = seen.send("message_reaction");
    }
    #[message_reaction_count]
    async fn reaction_count(State(seen): State<Seen>, _r: MessageReactionCountUpdated) {
        let _ = seen.send("message_reaction_count");
    }
    #[poll]
    async fn poll_state(State(seen): State<Seen>, _p: Poll) {
        let _ = seen.send("poll");
    }
    #[poll_answer]
    async fn poll_vote(State(seen): State<Seen>, _a: PollAnswer) {
        let _ = seen.send("poll_answer");
    }
    #[shipping_query]
    async fn shipping(State(seen): State<Seen>, _q: ShippingQuery) {
        let _ = seen.send("shipping_query");
    }
    #[pre_checkout_query]
    async fn checkout(State(seen): State<Seen>, _q: PreCheckoutQuery) {
        let _ = seen.send("pre_checkout_query");
    }
    #[chat_boost]
    async fn boost(State(seen): State<Seen>, _b: ChatBoostUpdated) {
        let _ = seen.send("chat_boost");
    }
    #[removed_chat_boost]
    async fn unboost(State(seen): State<Seen>, _b: ChatBoostRemoved) {
        let _ = seen.send("removed_chat_boost");
    }
    #[business_connection]
    async fn connection(State(seen): State<Seen>, _c: BusinessConnection) {
        let _ = seen.send("business_connection");
    }
    #[deleted_business_messages]
    async fn deleted(State(seen): State<Seen>, _d: BusinessMessagesDeleted) {
        let _ = seen.send("deleted_business_messages");
    }
    #[purchased_paid_media]
    async fn purchased(State(seen): State<Seen>, _p: PaidMediaPurchased) {
        let _ = seen.send("purchased_paid_media");
    }
    #[managed_bot]
    async fn managed(State(seen): State<Seen>, _m: ManagedBotUpdated) {
        let _ = seen.send("managed_bot");
    }
    #[media_group]
    async fn album(State(seen): State<Seen>, Album(_parts): Album) {
        let _ = seen.send("media_group");
    }
    #[message(filter = telebot::filters::update::message(), group = 1)]
    async fn any_message(State(seen): State<Seen>, m: Message) {
        if m.media_group_id.is_none() {
            let _ = seen.send("message");
        }
    }
    /// Fails for update kinds this version does not know, for the error handler.
    #[any_update(group = 2)]
    async fn unknown(State(seen): State<Seen>, update: Update) -> HandlerResult {
        if let UpdateKind::Unknown(_) = update.kind {
            let _ = seen.send("any_update");
            return Err("an update kind from the future".into());
        }
        Ok(())
    }
    #[error_handler]
    async fn failed(State(seen): State<Seen>, ctx: CallbackContext) {
        if ctx.error().is_some() {
            let _ = seen.send("error_handler");
        }
    }
}

fn corpus(name: &str) -> Value {
    let path = format!(
        "{}/tests/corpus/updates/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut update: Value = serde_json::from_str(&text).unwrap();
    update.as_object_mut().unwrap().remove("update_id");
    update
}

#[tokio::test]
async fn every_attribute_handles_its_update_kind() {
    let (tx, mut rx) = unbounded_channel();
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .state::<Seen>(tx)
        // An update kind from a newer Bot API reaches `#[any_update]` when it is asked for.
        .allowed_updates(
            telebot::api::ALL_UPDATE_KINDS
                .iter()
                .copied()
                .chain(["future_kind"]),
        )
        .handlers(kinds::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let cases = [
        ("edited_message", &["edited_message"][..]),
        ("channel_post", &["channel_post"]),
        ("business_message", &["business_message"]),
        ("callback_query_message", &["callback_query"]),
        ("inline_query", &["inline_query"]),
        ("chosen_inline_result", &["chosen_inline_result"]),
        ("chat_member_joined_via_link", &["chat_member"]),
        ("my_chat_member_added_to_group", &["my_chat_member"]),
        ("chat_join_request", &["chat_join_request"]),
        ("message_reaction_emoji", &["message_reaction"]),
        ("message_reaction_count", &["message_reaction_count"]),
        ("poll_stopped", &["poll"]),
        ("poll_answer", &["poll_answer"]),
        ("shipping_query", &["shipping_query"]),
        ("pre_checkout_query", &["pre_checkout_query"]),
        ("chat_boost_premium", &["chat_boost"]),
        ("removed_chat_boost", &["removed_chat_boost"]),
        ("business_connection", &["business_connection"]),
        ("deleted_business_messages", &["deleted_business_messages"]),
        ("purchased_paid_media", &["purchased_paid_media"]),
        ("managed_bot", &["managed_bot"]),
        ("message_media_group_photo", &["media_group"]),
        ("message_dice", &["message"]),
        ("unknown_update_kind", &["any_update", "error_handler"]),
    ];
    for (file, expected) in cases {
        tg.push_update(corpus(file));
        let mut got = BTreeSet::new();
        while got.len() < expected.len() {
            let name = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await
                .unwrap_or_else(|_| panic!("{file}: no handler ran; got {got:?}"))
                .expect("the channel stays open");
            got.insert(name);
        }
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(got, expected, "{file}");
    }
    running.stop().await.unwrap();
}
