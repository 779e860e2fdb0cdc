//! What a PTB porter calls on the application (issue #23): `remove_handler` and
//! `remove_error_handler` by the id `insert_handler` / `insert_error_handler` gave, and
//! `create_task`, whose error reaches the error handlers and which a graceful stop waits for.

#[path = "support/app.rs"]
mod app;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::{CommandHandler, MessageHandler};
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, HandlerResult};

async fn special(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "special").await?;
    Ok(())
}

async fn fallback(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "fallback").await?;
    Ok(())
}

async fn fail(_: Message) -> HandlerResult {
    Err("failed on purpose".into())
}

/// An error handler that names itself in the chat of the update (or of alice, `to`).
fn reporter(
    name: &'static str,
    to: i64,
) -> impl Fn(Bot, CallbackContext) -> futures_util::future::BoxFuture<'static, HandlerResult>
+ Clone
+ Send
+ Sync
+ 'static {
    move |bot: Bot, ctx: CallbackContext| {
        let chat = ctx
            .update()
            .and_then(|u| u.effective_chat())
            .map_or(to, |c| c.id);
        let error = ctx.error().map(|e| e.to_string()).unwrap_or_default();
        Box::pin(async move {
            bot.send_message(chat, format!("{name}: {error}")).await?;
            Ok(())
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removed_handlers_and_error_handlers_no_longer_run() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let app = app::builder(&tg).build().unwrap();
    let special_id = app.insert_handler(CommandHandler::new("go", special), 0);
    app.add_handler(CommandHandler::new("fail", fail), 0);
    app.add_handler(MessageHandler::new(filters::text(), fallback), 0);
    let first = app.insert_error_handler(reporter("first", alice.id()));
    app.add_error_handler(reporter("second", alice.id()));
    let running = app::run(&tg, &app).await;

    alice.send("/go").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "special");
    alice.send("/fail").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "first: failed on purpose"
    );
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "second: failed on purpose"
    );

    assert!(app.remove_handler(special_id));
    assert!(!app.remove_handler(special_id), "removed once");
    assert!(app.remove_error_handler(first));
    alice.send("/go").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "fallback",
        "the next handler of the group takes it"
    );
    alice.send("/fail").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "second: failed on purpose"
    );
    alice.send("done").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "fallback",
        "no reply of the removed error handler came in between"
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_reports_its_error_and_a_stop_waits_for_it() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let app = app::builder(&tg).build().unwrap();
    app.add_error_handler(reporter("error", alice.id()));
    app.initialize().await.unwrap();
    app.start().await;

    app.create_task(async { Err("the task failed".into()) });
    assert_eq!(
        tg.expect_message_in(&alice).await.text(),
        "error: the task failed"
    );

    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let finished = Arc::new(AtomicBool::new(false));
    let done = Arc::clone(&finished);
    app.create_task(async move {
        let _ = released.await;
        done.store(true, Ordering::SeqCst);
        Ok(())
    });
    let stopping = tokio::spawn({
        let app = app.clone();
        async move { app.stop().await }
    });
    while app.is_running() {
        tokio::task::yield_now().await;
    }
    assert!(!stopping.is_finished(), "the stop waits for the task");
    release.send(()).unwrap();
    stopping.await.unwrap();
    assert!(
        finished.load(Ordering::SeqCst),
        "the task finished before the stop returned"
    );
}
