//! `Defaults::block` and `Defaults::do_quote` (issue #23, PTB's `Defaults.block` and
//! `Defaults.do_quote`): handlers that do not say whether they block take the application's
//! default, and the reply shortcuts quote or not as the defaults say.

#[path = "support/app.rs"]
mod app;

use std::sync::Arc;
use std::time::Duration;
use telebot::api::Message;
use telebot::client::Defaults;
use telebot::handlers::{CommandHandler, MessageHandler};
use telebot::testing::FakeTelegram;
use telebot::{Bot, HandlerResult};
use tokio::sync::Notify;

/// `/wait` holds its handler until `/go` has run. With `block` defaulting to `false` the chat's
/// next update does not wait for `/wait` to finish, so both answer; blocking, `/go` would wait
/// behind `/wait` forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_that_do_not_say_take_the_default_block() {
    let tg = FakeTelegram::start().await;
    let released = Arc::new(Notify::new());
    let (wait, go) = (Arc::clone(&released), Arc::clone(&released));
    let app = app::builder(&tg)
        .configure_bot(|bot| {
            bot.defaults(Defaults {
                block: Some(false),
                ..Defaults::default()
            })
        })
        .build()
        .unwrap();
    app.add_handler(
        CommandHandler::new("wait", move |bot: Bot, message: Message| {
            let released = Arc::clone(&wait);
            async move {
                released.notified().await;
                bot.send_message(message.chat.id, "waited").await?;
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    app.add_handler(
        CommandHandler::new("go", move |bot: Bot, message: Message| {
            let released = Arc::clone(&go);
            async move {
                bot.send_message(message.chat.id, "went").await?;
                released.notify_one();
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    assert!(
        app.startup_report().contains("(non-blocking)"),
        "the report shows the default: {}",
        app.startup_report()
    );
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");
    ann.send("/wait").await;
    ann.send("/go").await;
    let first = tokio::time::timeout(Duration::from_secs(10), tg.expect_reply_to(&ann))
        .await
        .expect("/go ran while /wait was still running");
    let second = tokio::time::timeout(Duration::from_secs(10), tg.expect_reply_to(&ann))
        .await
        .expect("/wait finished once released");
    assert_eq!([first.text(), second.text()], ["went", "waited"]);
    running.stop().await.unwrap();
}

/// A handler's own `block(true)` wins over the default: the report says so.
#[tokio::test]
async fn a_handler_s_own_block_wins_over_the_default() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .configure_bot(|bot| {
            bot.defaults(Defaults {
                block: Some(false),
                ..Defaults::default()
            })
        })
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("start", || async {}).block(true), 0);
    let report = app.startup_report();
    assert!(
        report.contains("CommandHandler") && !report.contains("(non-blocking)"),
        "{report}"
    );
}

async fn echo_reply_parameters(defaults: Defaults) -> Option<i64> {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .configure_bot(|bot| bot.defaults(defaults))
        .build()
        .unwrap();
    app.add_handler(
        MessageHandler::new(
            telebot::filters::text(),
            |bot: Bot, message: Message| async move {
                message.reply_text(&bot, "echo").await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");
    let sent = ann.send("hello").await;
    let reply = tg.expect_reply_to(&ann).await;
    running.stop().await.unwrap();
    assert_eq!(reply.text(), "echo");
    reply
        .reply_to_message_id()
        .inspect(|id| assert_eq!(*id, sent.message_id))
}

#[tokio::test]
async fn reply_shortcuts_quote_unless_do_quote_is_false() {
    assert!(
        echo_reply_parameters(Defaults::default()).await.is_some(),
        "by default a reply shortcut replies to the message"
    );
    assert!(
        echo_reply_parameters(Defaults {
            do_quote: Some(true),
            ..Defaults::default()
        })
        .await
        .is_some()
    );
    assert_eq!(
        echo_reply_parameters(Defaults {
            do_quote: Some(false),
            ..Defaults::default()
        })
        .await,
        None,
        "do_quote = false: a plain message in the same chat"
    );
}
