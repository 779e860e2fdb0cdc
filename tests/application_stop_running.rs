//! `Application::stop_running` (issue #23, PTB's `stop_running`): a handler asks the
//! application to stop; long polling stops as on SIGTERM (the update in hand is finished and
//! confirmed) and the run function returns, with nothing else asking it to.

use std::time::Duration;
use telebot::api::Message;
use telebot::handlers::CommandHandler;
use telebot::testing::FakeTelegram;
use telebot::{Application, Bot, CallbackContext, HandlerResult};

async fn shutdown(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    ctx.application().stop_running();
    bot.send_message(msg.chat.id, "stopping").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_stops_the_application_gracefully() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    app.add_handler(CommandHandler::new("shutdown", shutdown), 0);
    let running = tokio::spawn({
        let app = app.clone();
        async move { app.run_polling_until(std::future::pending()).await }
    });
    tg.wait_until_polling().await;
    let alice = tg.user("alice");
    alice.send("/shutdown").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "stopping");
    let result = tokio::time::timeout(Duration::from_secs(30), running)
        .await
        .expect("run_polling returned after stop_running")
        .unwrap();
    assert!(result.is_ok(), "{result:?}");
    assert!(!app.is_running());
    // The /shutdown update was confirmed on the way out: nothing is waiting at Telegram.
    assert!(
        tg.pending_updates().is_empty(),
        "{:?}",
        tg.pending_updates()
    );
}
