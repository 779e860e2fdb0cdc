//! Middleware (issue #23): update middlewares run around the handler groups in the order they
//! were added, handler middlewares inside them around each handler; an update middleware can
//! stop an update and hand values to the handlers (`Found<T>`); an error it returns reaches the
//! error handlers; the ready-made `throttle` drops a user's updates within its interval and
//! `chat_action` keeps "typing…" shown while a handler runs; tower layers wrap the bot's calls
//! inside them.

#[path = "support/app.rs"]
mod app;

use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot::api::Message;
use telebot::client::layer::{ApiCall, ApiResponse, CallService};
use telebot::extract::Found;
use telebot::filters;
use telebot::handlers::MessageHandler;
use telebot::middleware::{Next, NextHandler, chat_action, throttle};
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, ChatAction, HandlerResult};
use tower::ServiceExt;

type Log = Arc<Mutex<Vec<String>>>;

#[derive(Clone, Debug)]
struct Locale(&'static str);

fn text_of(ctx: &CallbackContext) -> String {
    ctx.update()
        .and_then(|u| u.effective_message())
        .and_then(|m| m.text.clone())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn middlewares_run_in_order_stop_updates_and_hand_values_to_handlers() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    let log: Log = Arc::default();
    let handler_log = Arc::clone(&log);
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            move |bot: Bot, msg: Message, Found(Locale(locale)): Found<Locale>| {
                let log = Arc::clone(&handler_log);
                async move {
                    let text = msg.text.unwrap_or_default();
                    log.lock().unwrap().push(format!("handler {text}"));
                    if text == "fail" {
                        return Err("the handler failed".into());
                    }
                    bot.send_message(msg.chat.id, format!("{locale}: {text}"))
                        .await?;
                    HandlerResult::Ok(())
                }
            },
        ),
        0,
    );
    for name in ["outer A", "outer B"] {
        let log = Arc::clone(&log);
        app.add_middleware(move |mut ctx: CallbackContext, next: Next| {
            let log = Arc::clone(&log);
            async move {
                let text = text_of(&ctx);
                if text == "spam" {
                    log.lock().unwrap().push(format!("{name} stopped {text}"));
                    return Ok(());
                }
                if text == "broken" {
                    return Err("the middleware failed".into());
                }
                ctx.insert(Locale("en"));
                log.lock().unwrap().push(format!("{name} before {text}"));
                next.run(ctx).await;
                log.lock().unwrap().push(format!("{name} after {text}"));
                Ok(())
            }
        });
    }
    for name in ["inner X", "inner Y"] {
        let log = Arc::clone(&log);
        app.add_handler_middleware(move |ctx: CallbackContext, next: NextHandler| {
            let log = Arc::clone(&log);
            async move {
                let text = text_of(&ctx);
                log.lock().unwrap().push(format!("{name} before {text}"));
                let outcome = next.run(ctx).await;
                log.lock().unwrap().push(format!("{name} after {text}"));
                outcome
            }
        });
    }
    let errors = Arc::clone(&log);
    app.add_error_handler(move |ctx: CallbackContext| {
        let errors = Arc::clone(&errors);
        async move {
            let error = ctx.error().map(|e| e.to_string()).unwrap_or_default();
            errors.lock().unwrap().push(format!("error: {error}"));
            HandlerResult::Ok(())
        }
    });
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    alice.send("hi").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "en: hi");
    app.wait_idle().await;
    assert_eq!(
        std::mem::take(&mut *log.lock().unwrap()),
        [
            "outer A before hi",
            "outer B before hi",
            "inner X before hi",
            "inner Y before hi",
            "handler hi",
            "inner Y after hi",
            "inner X after hi",
            "outer B after hi",
            "outer A after hi",
        ]
    );

    alice.send("spam").await;
    alice.send("broken").await;
    alice.send("fail").await;
    alice.send("after").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "en: after");
    app.wait_idle().await;
    let log = log.lock().unwrap().clone();
    assert!(log.contains(&"outer A stopped spam".to_string()), "{log:?}");
    assert!(
        !log.iter().any(|l| l.contains("handler spam")),
        "stopped: {log:?}"
    );
    assert!(
        log.contains(&"error: the middleware failed".to_string()),
        "{log:?}"
    );
    assert!(
        log.contains(&"error: the handler failed".to_string()),
        "{log:?}"
    );
    assert!(!log.iter().any(|l| l.contains("handler broken")), "{log:?}");
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttle_drops_a_users_updates_within_the_interval() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_middleware(throttle(Duration::from_secs(3600)));
    app.add_handler(
        MessageHandler::new(filters::text(), |bot: Bot, msg: Message| async move {
            bot.send_message(msg.chat.id, format!("got {}", msg.text.unwrap_or_default()))
                .await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    let running = app::run(&tg, &app).await;
    let (alice, bob) = (tg.user("alice"), tg.user("bob"));
    alice.send("first").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "got first");
    alice.send("second").await;
    bob.send("bob's").await;
    assert_eq!(tg.expect_reply_to(&bob).await.text(), "got bob's");
    app.wait_idle().await;
    let to_alice: Vec<String> = tg
        .bot_messages_in(&alice)
        .iter()
        .map(|m| m.text().to_string())
        .collect();
    assert_eq!(
        to_alice,
        ["got first"],
        "alice's second message was dropped"
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_action_shows_typing_while_the_handler_runs() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler_middleware(chat_action(ChatAction::Typing));
    let (open, opened) = tokio::sync::watch::channel(false);
    app.add_handler(
        MessageHandler::new(filters::text(), move |bot: Bot, msg: Message| {
            let mut opened = opened.clone();
            async move {
                let _ = opened.wait_for(|o| *o).await;
                bot.send_message(msg.chat.id, "done").await?;
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("slow work").await;
    tg.wait_for_calls("sendChatAction", 1).await;
    let action = &tg.calls_to("sendChatAction")[0];
    assert_eq!(action.params["action"], "typing");
    assert_eq!(action.params["chat_id"], alice.id());
    assert!(
        tg.bot_messages_in(&alice).is_empty(),
        "shown before the reply"
    );
    open.send(true).unwrap();
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "done");
    running.stop().await.unwrap();
}

/// A tower layer that logs the calls of `method` it sees, before and after the layers inside it.
fn logging_layer(
    name: &'static str,
    method: &'static str,
    log: Log,
) -> impl tower::Layer<
    CallService,
    Service = impl tower::Service<
        ApiCall,
        Response = ApiResponse,
        Error = telebot::client::layer::BoxError,
        Future = impl Send,
    > + Clone
              + Send
              + Sync,
> + Clone {
    tower::layer::layer_fn(move |inner: CallService| {
        let log = Arc::clone(&log);
        tower::service_fn(move |call: ApiCall| {
            let (inner, log) = (inner.clone(), Arc::clone(&log));
            async move {
                let seen = call.method() == method;
                if seen {
                    log.lock().unwrap().push(format!("{name} before {method}"));
                }
                let answer = inner.oneshot(call).await;
                if seen {
                    log.lock().unwrap().push(format!("{name} after {method}"));
                }
                answer
            }
        })
    })
}

/// Layers around the bot's calls (issue #23): they run inside the update and handler
/// middlewares (the handler's call passes through them), the last added outermost; a layer can
/// read the parameters, refuse a call with an error of its own, and tower's timeout layer gives
/// the client's timeout error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_layers_wrap_the_bot_s_calls_inside_the_middlewares() {
    let tg = FakeTelegram::start().await;
    let log: Log = Arc::default();
    let refuse = tower::layer::layer_fn(|inner: CallService| {
        tower::service_fn(move |call: ApiCall| {
            let inner = inner.clone();
            async move {
                let json = String::from_utf8_lossy(call.json().unwrap_or_default()).to_string();
                if call.method() == "sendMessage" && json.contains("forbidden word") {
                    return Err("the word is not sent".into());
                }
                inner.oneshot(call).await
            }
        })
    });
    let bot = tg
        .bot()
        .to_builder()
        .layer(logging_layer("call A", "sendMessage", Arc::clone(&log)))
        .layer(logging_layer("call B", "sendMessage", Arc::clone(&log)))
        .layer(refuse)
        .build()
        .unwrap();
    let app = telebot::Application::builder().bot(bot).build().unwrap();
    let handler_log = Arc::clone(&log);
    app.add_handler(
        MessageHandler::new(filters::text(), move |bot: Bot, msg: Message| {
            let log = Arc::clone(&handler_log);
            async move {
                let text = msg.text.unwrap_or_default();
                log.lock().unwrap().push(format!("handler {text}"));
                let sent = bot.send_message(msg.chat.id, format!("echo {text}")).await;
                if let Err(error) = sent {
                    log.lock().unwrap().push(format!("send failed: {error}"));
                }
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    let outer_log = Arc::clone(&log);
    app.add_middleware(move |ctx: CallbackContext, next: Next| {
        let log = Arc::clone(&outer_log);
        async move {
            log.lock().unwrap().push("outer before".into());
            next.run(ctx).await;
            log.lock().unwrap().push("outer after".into());
            Ok(())
        }
    });
    let inner_log = Arc::clone(&log);
    app.add_handler_middleware(move |ctx: CallbackContext, next: NextHandler| {
        let log = Arc::clone(&inner_log);
        async move {
            log.lock().unwrap().push("inner before".into());
            let outcome = next.run(ctx).await;
            log.lock().unwrap().push("inner after".into());
            outcome
        }
    });
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    alice.send("hi").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "echo hi");
    app.wait_idle().await;
    assert_eq!(
        std::mem::take(&mut *log.lock().unwrap()),
        [
            "outer before",
            "inner before",
            "handler hi",
            "call B before sendMessage",
            "call A before sendMessage",
            "call A after sendMessage",
            "call B after sendMessage",
            "inner after",
            "outer after",
        ]
    );

    let sends = tg.calls_to("sendMessage").len();
    alice.send("a forbidden word").await;
    app::settle(&tg, &app).await;
    let log = log.lock().unwrap().clone();
    assert!(
        log.contains(
            &"send failed: sendMessage: a layer refused the call: the word is not sent".to_string()
        ),
        "{log:?}"
    );
    assert!(
        !log.iter().any(|l| l.starts_with("call A")),
        "refused before the layers inside it: {log:?}"
    );
    assert_eq!(tg.calls_to("sendMessage").len(), sends, "nothing was sent");
    running.stop().await.unwrap();

    // tower's own timeout layer: a call slower than it fails as a timeout of the client.
    let _slow = tg
        .fault(telebot::testing::Fault::Delay(Duration::from_secs(5)))
        .on("getChat");
    let bot = tg
        .bot()
        .to_builder()
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_millis(50)))
        .build()
        .unwrap();
    let error = bot
        .get_chat(1)
        .await
        .expect_err("the layer's timeout struck");
    assert!(
        matches!(error, telebot::Error::Timeout { ref method, .. } if method == "getChat"),
        "{error:?}"
    );
}
