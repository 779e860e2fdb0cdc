//! Ordering and concurrency through the fake Telegram: one chat's updates are handled in
//! arrival order while different chats overlap; `concurrent_updates(1)` is fully sequential;
//! a non-blocking handler does not hold its chat up.

#[path = "support/app.rs"]
mod app;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::{CommandHandler, MessageHandler};
use telebot::testing::FakeTelegram;
use telebot::{Bot, HandlerResult};
use tokio::sync::Notify;

/// How many handlers run right now, and the most seen at once.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    max: AtomicUsize,
}

impl Gauge {
    fn enter(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
    }
    fn leave(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A deterministic "random" delay of 0–3 ms of simulated work, from the update id.
fn work_for(update_id: i64) -> Duration {
    let mut x = update_id as u64 ^ 0x9e37_79b9_7f4a_7c15;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    Duration::from_micros(x % 3000)
}

async fn echo_app(tg: &FakeTelegram, concurrent: usize, gauge: Arc<Gauge>) -> app::Running {
    let app = app::builder(tg)
        .concurrent_updates(concurrent)
        .build()
        .unwrap();
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            move |bot: Bot, msg: Message, update: telebot::Update| {
                let gauge = Arc::clone(&gauge);
                async move {
                    gauge.enter();
                    tokio::time::sleep(work_for(update.update_id)).await;
                    gauge.leave();
                    bot.send_message(msg.chat.id, msg.text.unwrap_or_default())
                        .await?;
                    Ok::<_, telebot::Error>(())
                }
            },
        ),
        0,
    );
    app::run(tg, &app).await
}

async fn send_and_check(tg: &FakeTelegram, chats: usize, per_chat: usize) {
    let users: Vec<_> = (0..chats).map(|i| tg.user(&format!("user{i}"))).collect();
    let senders = users.iter().cloned().map(|user| {
        tokio::spawn(async move {
            for n in 0..per_chat {
                user.send(&n.to_string()).await;
            }
        })
    });
    for sender in senders.collect::<Vec<_>>() {
        sender.await.unwrap();
    }
    for user in &users {
        for n in 0..per_chat {
            let reply = tg.expect_reply_to(user).await;
            assert_eq!(
                reply.text(),
                n.to_string(),
                "{}'s replies are in order",
                user.name()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_updates_over_fifty_chats_keep_per_chat_order_and_overlap() {
    let tg = FakeTelegram::start().await;
    tg.set_expect_timeout(Duration::from_secs(30));
    let gauge = Arc::new(Gauge::default());
    let running = echo_app(&tg, 256, Arc::clone(&gauge)).await;
    send_and_check(&tg, 50, 20).await;
    running.stop().await.unwrap();
    assert_eq!(
        tg.calls_to("sendMessage").len(),
        1000,
        "every update answered exactly once"
    );
    assert!(
        gauge.max.load(Ordering::SeqCst) > 1,
        "different chats were handled at the same time"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_concurrent_update_means_one_at_a_time() {
    let tg = FakeTelegram::start().await;
    let gauge = Arc::new(Gauge::default());
    let running = echo_app(&tg, 1, Arc::clone(&gauge)).await;
    send_and_check(&tg, 5, 6).await;
    running.stop().await.unwrap();
    assert_eq!(gauge.max.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_non_blocking_handler_does_not_hold_its_chat() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    let release = Arc::new(Notify::new());
    let gate = Arc::clone(&release);
    app.add_handler(
        CommandHandler::new("slow", move |bot: Bot, msg: Message| {
            let gate = Arc::clone(&gate);
            async move {
                gate.notified().await;
                bot.send_message(msg.chat.id, "slow done").await?;
                HandlerResult::Ok(())
            }
        })
        .block(false),
        0,
    );
    app.add_handler(
        CommandHandler::new("fast", |bot: Bot, msg: Message| async move {
            bot.send_message(msg.chat.id, "fast done").await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/slow").await;
    alice.send("/fast").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "fast done",
        "the chat moved on"
    );
    release.notify_one();
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "slow done");
    running.stop().await.unwrap();
}
