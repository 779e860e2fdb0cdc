//! The built-in webhook server through the fake Telegram: `setWebhook` with the secret, updates
//! delivered and answered; wrong or missing secrets get 403 and nothing runs; malformed bodies
//! get 400, oversized ones 413; a redelivered update runs once; 1,000 concurrent posts run once each.

use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::updates::webhook::{WebhookConfig, serve_on};
use telebot::{Application, Bot, HandlerResult};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const SECRET: &str = "s3cret-Token_1";

struct Hook {
    url: String,
    handled: Arc<AtomicUsize>,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<(), telebot::Error>>,
}

async fn start(tg: &FakeTelegram, register: bool) -> Hook {
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let handled = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&handled);
    app.add_handler(
        MessageHandler::new(filters::text(), move |bot: Bot, msg: Message| {
            let count = Arc::clone(&count);
            async move {
                count.fetch_add(1, Ordering::SeqCst);
                bot.send_message(msg.chat.id, format!("got {}", msg.text.unwrap_or_default()))
                    .await?;
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let mut config = WebhookConfig::new(listener.local_addr().unwrap(), "/hook");
    config.secret_token = Some(SECRET.to_string());
    config.max_body_bytes = 64 * 1024;
    if register {
        config.webhook_url = Some(url.clone());
    }
    let (stop, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        serve_on(&app, listener, config, async {
            let _ = rx.await;
        })
        .await
    });
    Hook {
        url,
        handled,
        stop,
        task,
    }
}

fn update(id: i64, chat: i64, text: &str) -> serde_json::Value {
    json!({"update_id": id, "message": {"message_id": id, "date": 1, "chat": {"id": chat, "type": "private"},
           "from": {"id": chat, "is_bot": false, "first_name": "A"}, "text": text}})
}

#[tokio::test]
async fn updates_arrive_through_the_webhook_with_the_secret() {
    let tg = FakeTelegram::start().await;
    let hook = start(&tg, true).await;
    let alice = tg.user("alice");
    // setWebhook happens before serving; wait for it through the fake's records.
    tg.expect_call("setWebhook").await;
    let info = tg.webhook_info();
    assert_eq!(info["url"], hook.url);
    alice.send("hello").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "got hello");
    let _ = hook.stop.send(());
    hook.task.await.unwrap().unwrap();
}

#[tokio::test]
async fn bad_secrets_and_bodies_are_rejected_and_redeliveries_run_once() {
    let tg = FakeTelegram::start().await;
    let hook = start(&tg, false).await;
    let alice = tg.user("alice");
    let http = reqwest::Client::new();
    let post = |body: String, secret: Option<&str>| {
        let mut request = http
            .post(&hook.url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        request.send()
    };
    let good = update(1, alice.id(), "one").to_string();
    assert_eq!(
        post(good.clone(), None).await.unwrap().status(),
        403,
        "no secret"
    );
    assert_eq!(
        post(good.clone(), Some("s3cret-Token_2"))
            .await
            .unwrap()
            .status(),
        403,
        "wrong secret"
    );
    assert_eq!(
        post(good.clone(), Some("s3cret-Token_"))
            .await
            .unwrap()
            .status(),
        403,
        "a prefix of the secret"
    );
    assert_eq!(
        post("{not json".into(), Some(SECRET))
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        post(json!({"no": "update"}).to_string(), Some(SECRET))
            .await
            .unwrap()
            .status(),
        400
    );
    let huge = update(2, alice.id(), &"x".repeat(100 * 1024)).to_string();
    assert_eq!(
        post(huge, Some(SECRET)).await.unwrap().status(),
        413,
        "over the size limit"
    );
    assert_eq!(
        hook.handled.load(Ordering::SeqCst),
        0,
        "nothing rejected was processed"
    );

    assert_eq!(
        post(good.clone(), Some(SECRET)).await.unwrap().status(),
        200
    );
    assert_eq!(
        post(good, Some(SECRET)).await.unwrap().status(),
        200,
        "a redelivery is acknowledged"
    );
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "got one");
    let _ = hook.stop.send(());
    hook.task.await.unwrap().unwrap();
    assert_eq!(
        hook.handled.load(Ordering::SeqCst),
        1,
        "the redelivered update ran once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_posts_are_each_processed_once() {
    let tg = FakeTelegram::start().await;
    let hook = start(&tg, false).await;
    let users: Vec<i64> = (0..20).map(|i| tg.user(&format!("u{i}")).id()).collect();
    let http = reqwest::Client::new();
    let posts = (0..1000).map(|i| {
        let request = http
            .post(&hook.url)
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(update(1000 + i, users[i as usize % users.len()], &format!("n{i}")).to_string());
        tokio::spawn(async move { request.send().await.map(|r| r.status().as_u16()) })
    });
    let posts: Vec<_> = posts.collect();
    for post in posts {
        assert_eq!(post.await.unwrap().unwrap(), 200);
    }
    let _ = hook.stop.send(());
    hook.task.await.unwrap().unwrap();
    assert_eq!(
        hook.handled.load(Ordering::SeqCst),
        1000,
        "the stop waited for every accepted update"
    );
    assert_eq!(tg.calls_to("sendMessage").len(), 1000);
}
