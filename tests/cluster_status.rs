//! The cluster's status as an API (issue 16): an application running as a one-instance
//! cluster, in this process, answers a message; its status then names it as the poller and
//! the one live worker, owning every partition, with nothing left in the logs once its handler
//! and acknowledgement are done; outside a cluster the status is an error.

#![cfg(feature = "cluster")]

#[path = "support/cluster_member.rs"]
mod cluster_member;
#[path = "support/store.rs"]
mod store;

use std::time::Duration;
use telebot::api::Message;
use telebot::cluster::{Cluster, Role};
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::{Application, Bot, HandlerResult};

async fn echo(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "ok").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_names_the_poller_the_workers_and_the_owners() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    app.add_handler(MessageHandler::new(telebot::filters::text(), echo), 0);
    assert!(app.cluster_status().await.is_err(), "not in a cluster yet");
    let cluster = Cluster::redis(redis)
        .namespace(store::fresh_namespace("cluster-status"))
        .instance("solo")
        .role(Role::Both)
        .partitions(8)
        .intake_lease(Duration::from_millis(1500))
        .partition_lease(Duration::from_millis(1500));
    let member = cluster_member::start(app.clone(), cluster);
    let alice = tg.user("alice");
    alice.send("hello").await;
    tg.expect_reply_to(&alice).await;

    // The worker claims the partitions one by one: the reply can come from the first before
    // the last is claimed. Wait (bounded) until it holds them all.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        let status = app.cluster_status().await.unwrap();
        if status.owned_by("solo") == 8 || tokio::time::Instant::now() > deadline {
            break status;
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(status.intake.as_deref(), Some("solo"));
    assert_eq!(status.workers, ["solo"]);
    assert_eq!(status.partitions.len(), 8);
    assert_eq!(status.owned_by("solo"), 8, "{status:?}");
    let summary = status.summary();
    assert!(
        summary.contains("polling: solo") && summary.contains("solo (8 partitions)"),
        "{summary}"
    );

    member.stop().await;
    let after = app.cluster_status().await;
    assert!(after.is_err(), "no status once the cluster run ended");
}
