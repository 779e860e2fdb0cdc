//! The dispatcher end to end through the fake Telegram: handler groups, the first match per
//! group, `Flow::Stop`, error handlers for errors and panics, usage replies for bad arguments.

#[path = "support/app.rs"]
mod app;

use std::sync::{Arc, Mutex};
use telebot::api::Message;
use telebot::extract::Args;
use telebot::filters;
use telebot::handlers::{CommandHandler, MessageHandler};
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, Flow, HandlerResult};

async fn reply(bot: Bot, msg: Message, text: String) -> HandlerResult {
    msg.reply_text(&bot, text).await?;
    Ok(())
}

#[tokio::test]
async fn groups_run_in_order_and_the_first_match_of_each_group_wins() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        CommandHandler::new("start", |bot: Bot, msg: Message| {
            reply(bot, msg, "start".into())
        }),
        0,
    );
    // Never runs for /start: the command handler above is first in group 0.
    app.add_handler(
        MessageHandler::new(filters::all(), |bot: Bot, msg: Message| {
            reply(bot, msg, "group 0 fallback".into())
        }),
        0,
    );
    app.add_handler(
        MessageHandler::new(filters::all(), |bot: Bot, msg: Message| {
            reply(bot, msg, "group 1".into())
        }),
        1,
    );
    let running = app::run(&tg, &app).await;

    let alice = tg.user("alice");
    alice.send("/start").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "start");
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "group 1");
    alice.send("plain").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "group 0 fallback");
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "group 1");
    running.stop().await.unwrap();
    assert_eq!(tg.bot_messages_in(&alice).len(), 4, "no other handler ran");
}

#[tokio::test]
async fn stop_skips_later_groups() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        CommandHandler::new("quiet", |bot: Bot, msg: Message| async move {
            msg.reply_text(&bot, "shh").await?;
            Ok::<_, telebot::Error>(Flow::Stop)
        }),
        0,
    );
    app.add_handler(
        MessageHandler::new(filters::all(), |bot: Bot, msg: Message| {
            reply(bot, msg, "later".into())
        }),
        5,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/quiet").await;
    alice.send("hello").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "shh");
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "later",
        "the next update reaches group 5 again"
    );
    running.stop().await.unwrap();
    assert_eq!(
        tg.bot_messages_in(&alice).len(),
        2,
        "/quiet never reached group 5"
    );
}

#[tokio::test]
async fn errors_and_panics_reach_the_error_handlers_and_the_bot_keeps_running() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    type Seen = Vec<(Option<i64>, String)>;
    let seen: Arc<Mutex<Seen>> = Arc::default();
    app.add_handler(
        CommandHandler::new("fail", |_: Message| async {
            Err::<(), _>(std::io::Error::other("disk on fire"))
        }),
        0,
    );
    app.add_handler(
        CommandHandler::new("panic", |msg: Message| async move {
            if msg.text.is_some() {
                panic!("handler exploded");
            }
        }),
        0,
    );
    app.add_handler(
        CommandHandler::new("ok", |bot: Bot, msg: Message| {
            reply(bot, msg, "still alive".into())
        }),
        0,
    );
    let log = Arc::clone(&seen);
    app.add_error_handler(move |ctx: CallbackContext| {
        let log = Arc::clone(&log);
        async move {
            let error = ctx.error().map(|e| e.to_string()).unwrap_or_default();
            log.lock()
                .unwrap()
                .push((ctx.update().map(|u| u.update_id), error.clone()));
            if let Some(chat) = ctx.update().and_then(|u| u.effective_chat()) {
                ctx.bot()
                    .send_message(chat.id, format!("error: {error}"))
                    .await?;
            }
            Ok::<_, telebot::Error>(())
        }
    });
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/fail").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "error: disk on fire"
    );
    alice.send("/panic").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "error: handler panicked: handler exploded"
    );
    alice.send("/ok").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "still alive");
    running.stop().await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter().all(|(id, _)| id.is_some()),
        "error handlers see the update"
    );
}

#[tokio::test]
async fn typed_args_parse_or_answer_with_usage() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        CommandHandler::new(
            "add",
            |bot: Bot, msg: Message, Args((a, b)): Args<(i64, i64)>| {
                reply(bot, msg, format!("{}", a + b))
            },
        ),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/add 2 40").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "42");
    alice.send("/add 2 x").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "Usage: /add <integer> <integer>\n`x` is not an integer"
    );
    alice.send(&format!("/add@{} 1 1", tg.bot_username())).await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "2",
        "/cmd@this_bot works"
    );
    alice.send("/add@some_other_bot 1 1").await;
    alice.send("/add 3 3").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "6",
        "/cmd@other_bot was ignored"
    );
    running.stop().await.unwrap();
}
