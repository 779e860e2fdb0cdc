//! Several bots in one process behind one webhook server (issue #23): two applications, each
//! with its own token (its own fake Telegram), handlers and data, on one listener; each
//! Telegram delivers to its bot's path and each bot answers with its own handler; another
//! path gets 404; two bots on one path are refused.

use std::time::Duration;
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::updates::webhook::{WebhookConfig, serve_many};
use telebot::{Application, Bot, HandlerResult};
use tokio::net::TcpListener;

fn bot_saying(tg: &FakeTelegram, prefix: &'static str) -> Application {
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    app.add_handler(
        MessageHandler::new(filters::text(), move |bot: Bot, msg: Message| async move {
            let text = msg.text.unwrap_or_default();
            bot.send_message(msg.chat.id, format!("{prefix}: {text}"))
                .await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_bots_share_one_server_each_on_its_path() {
    let (support_tg, shop_tg) = (FakeTelegram::start().await, FakeTelegram::start().await);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = |path: &str, secret: &str| {
        let mut config = WebhookConfig::new(address, path);
        config.webhook_url = Some(format!("http://{address}{path}"));
        config.secret_token = Some(secret.into());
        config
    };
    let bots = vec![
        (
            bot_saying(&support_tg, "support"),
            config("/support", "s-1"),
        ),
        (bot_saying(&shop_tg, "shop"), config("/shop", "s-2")),
    ];
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(serve_many(listener, bots, async {
        let _ = stopped.await;
    }));
    support_tg.expect_call("setWebhook").await;
    shop_tg.expect_call("setWebhook").await;

    let (ann, bob) = (support_tg.user("ann"), shop_tg.user("bob"));
    ann.send("help me").await;
    bob.send("one coffee").await;
    assert_eq!(
        support_tg.expect_reply_to(&ann).await.text(),
        "support: help me"
    );
    assert_eq!(
        shop_tg.expect_reply_to(&bob).await.text(),
        "shop: one coffee"
    );

    let elsewhere = reqwest::Client::new()
        .post(format!("http://{address}/other"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status().as_u16(), 404);

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(30), serving)
        .await
        .expect("both bots stop")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn two_bots_on_one_path_are_refused() {
    let tg = FakeTelegram::start().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let bots = vec![
        (bot_saying(&tg, "a"), WebhookConfig::new(address, "/hook")),
        (bot_saying(&tg, "b"), WebhookConfig::new(address, "/hook")),
    ];
    let error = serve_many(listener, bots, std::future::pending())
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("share the webhook path"), "{error}");
    assert!(
        tg.calls().is_empty(),
        "no bot was started: {:?}",
        tg.calls()
    );
}
