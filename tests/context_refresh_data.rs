//! `CallbackContext::refresh_data` (PTB's `refresh_data`): a value another process wrote to
//! the store after this bot loaded it is seen after a refresh, and not without one; a value
//! changed here and not yet written keeps the change.

#[path = "support/app.rs"]
mod app;

use serde::{Deserialize, Serialize};
use serde_json::json;
use telebot::api::Message;
use telebot::handlers::CommandHandler;
use telebot::persistence::{Change, MemoryPersistence, Persistence, Store};
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, HandlerResult};

#[derive(Debug, Default, Serialize, Deserialize)]
struct Counter {
    n: i64,
}

async fn show(bot: Bot, msg: Message, n: i64) -> HandlerResult {
    bot.send_message(msg.chat.id, n.to_string()).await?;
    Ok(())
}

/// Reads the counter as this process has it.
async fn stale(ctx: CallbackContext, bot: Bot, msg: Message) -> HandlerResult {
    let n = ctx.chat_data::<Counter>().await?.n;
    show(bot, msg, n).await
}

/// Refreshes, then reads the counter.
async fn fresh(ctx: CallbackContext, bot: Bot, msg: Message) -> HandlerResult {
    ctx.refresh_data().await?;
    let n = ctx.chat_data::<Counter>().await?.n;
    show(bot, msg, n).await
}

/// Adds one here (written at the next interval, not now).
async fn bump(ctx: CallbackContext, bot: Bot, msg: Message) -> HandlerResult {
    let n = {
        let mut counter = ctx.chat_data::<Counter>().await?;
        counter.n += 1;
        counter.n
    };
    show(bot, msg, n).await
}

/// What another process writes: the chat's counter set to `n`.
async fn written_elsewhere(store: &MemoryPersistence, chat: i64, n: i64) {
    store
        .write(&[Change::Set {
            store: Store::ChatData,
            key: chat.to_string(),
            field: "counter".into(),
            value: Some(json!({ "n": n })),
            lease: None,
        }])
        .await
        .expect("the write");
}

#[tokio::test]
async fn refresh_data_sees_what_another_process_wrote() {
    let tg = FakeTelegram::start().await;
    let store = MemoryPersistence::default();
    let bot = app::builder(&tg)
        .persistence(store.clone())
        .data_type::<Counter>("counter")
        .build()
        .unwrap();
    bot.add_handler(CommandHandler::new("stale", stale), 0)
        .add_handler(CommandHandler::new("fresh", fresh), 0)
        .add_handler(CommandHandler::new("bump", bump), 0);
    let running = app::run(&tg, &bot).await;
    let alice = tg.user("alice");

    alice.send("/stale").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "0");

    written_elsewhere(&store, alice.id(), 5).await;
    alice.send("/stale").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "0",
        "without a refresh the bot keeps what it loaded"
    );
    alice.send("/fresh").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "5");

    // A change made here and not written yet wins over the store's older value.
    alice.send("/bump").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "6");
    written_elsewhere(&store, alice.id(), 100).await;
    alice.send("/fresh").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "6");

    running.stop().await.unwrap();
}
