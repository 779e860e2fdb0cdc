//! Two bot instances sharing one Redis: 10,000 increments of one chat's counter split between
//! them end at exactly 10,000 (per-entry locks, refresh, fenced writes); and when the
//! connection to Redis is cut, handlers get a clear error through the error handlers and
//! nothing is counted twice or lost once it is back.
#![cfg(feature = "redis")]

#[path = "support/store.rs"]
mod store;

use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::{Arc, Mutex};
use store::{fresh_namespace, message_in, redis_url};
use telebot::handlers::MessageHandler;
use telebot::persistence::{Persistence, RedisPersistence};
use telebot::testing::FakeTelegram;
use telebot::{Application, CallbackContext, ChatData, HandlerResult, filters};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Default, Serialize, Deserialize)]
struct Counter(u64);

const CHAT: i64 = -4242;

fn counting_app(
    tg: &FakeTelegram,
    p: RedisPersistence,
    errors: Arc<Mutex<Vec<String>>>,
) -> Application {
    let app = Application::builder()
        .bot(tg.bot())
        .persistence(p)
        .build()
        .unwrap();
    app.add_handler(
        MessageHandler::new(filters::text(), |mut count: ChatData<Counter>| async move {
            count.0 += 1;
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_error_handler(move |ctx: CallbackContext| {
        let errors = Arc::clone(&errors);
        async move {
            errors
                .lock()
                .unwrap()
                .push(ctx.error().map(|e| e.to_string()).unwrap_or_default());
            HandlerResult::Ok(())
        }
    });
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_count_10000_increments_of_one_chat_exactly() {
    let Some(url) = redis_url() else {
        return;
    };
    let namespace = fresh_namespace("shared");
    let tg = FakeTelegram::start().await;
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut apps = Vec::new();
    for _ in 0..2 {
        let p = RedisPersistence::open(&url, &namespace)
            .await
            .unwrap()
            .lock_timeout(std::time::Duration::from_secs(300));
        let app = counting_app(&tg, p, Arc::clone(&errors));
        app.initialize().await.unwrap();
        apps.push(app);
    }
    let mut tasks = Vec::new();
    for (i, app) in apps.iter().enumerate() {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..5_000 {
                let update_id = (i as i64) * 100_000 + n;
                app.process_update(message_in(update_id, CHAT, 7, "+1"))
                    .await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert!(
        errors.lock().unwrap().is_empty(),
        "{:?}",
        errors.lock().unwrap()
    );
    let stored = RedisPersistence::open(&url, &namespace)
        .await
        .unwrap()
        .refresh_chat_data(CHAT)
        .await
        .unwrap();
    assert_eq!(stored["Counter"], json!(10_000));
    // Each instance sees the shared value, not its own half.
    for app in &apps {
        assert_eq!(
            app.with_chat_data(CHAT, |c: &mut Counter| c.0)
                .await
                .unwrap(),
            10_000
        );
    }
}

/// A TCP relay to Redis whose link can be cut (open connections closed, new ones refused).
struct Relay {
    port: u16,
    cut: tokio::sync::watch::Sender<bool>,
}

impl Relay {
    async fn start(upstream: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (cut, watch) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if *watch.borrow() {
                    let _ = client.shutdown().await;
                    continue;
                }
                let Ok(mut server) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                let mut watch = watch.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = watch.wait_for(|cut| *cut) => {}
                    }
                });
            }
        });
        Relay { port, cut }
    }
}

#[tokio::test]
async fn a_lost_connection_is_a_clear_handler_error_and_loses_nothing_once_back() {
    let Some(url) = redis_url() else {
        return;
    };
    let upstream = url
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_string();
    let relay = Relay::start(upstream).await;
    let relayed = format!("redis://127.0.0.1:{}/", relay.port);
    let namespace = fresh_namespace("outage");
    let tg = FakeTelegram::start().await;
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let p = RedisPersistence::open(&relayed, &namespace).await.unwrap();
    let app = counting_app(&tg, p, Arc::clone(&errors));
    app.initialize().await.unwrap();

    app.process_update(message_in(1, CHAT, 7, "+1")).await;
    relay.cut.send_replace(true);
    app.process_update(message_in(2, CHAT, 7, "+1")).await;
    {
        let errors = errors.lock().unwrap();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("redis") && errors[0].contains("failed after 4 attempt(s)"),
            "{}",
            errors[0]
        );
        assert!(!errors[0].contains("SECRET"), "{}", errors[0]);
    }
    relay.cut.send_replace(false);
    app.process_update(message_in(3, CHAT, 7, "+1")).await;
    assert_eq!(
        errors.lock().unwrap().len(),
        1,
        "{:?}",
        errors.lock().unwrap()
    );
    let stored = RedisPersistence::open(&url, &namespace)
        .await
        .unwrap()
        .refresh_chat_data(CHAT)
        .await
        .unwrap();
    assert_eq!(
        stored["Counter"],
        json!(2),
        "the update that failed was not counted; the others were"
    );
}
