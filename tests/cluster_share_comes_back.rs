//! A partition whose hand-over is cut short goes on being read (issue 16). A worker that is
//! handing a partition over stops reading new entries and waits for those in hand to finish;
//! if the workers change back before they do (a worker joined, then died or left), the
//! partition is its share again and it must read new entries again. It used to stay
//! "draining" for good: the lease renewed, nothing read, its chats silent (seen as a
//! 60-second stall in `cluster_survives_kill`).
//!
//! Here one in-process worker holds every partition, each with an update in hand (a handler
//! waiting on the test); a second worker appears in the workers' list (an entry written
//! straight into Redis, as a worker that then dies leaves one) and disappears again, each
//! change seen by the worker's heartbeat; then the held handlers finish and every chat writes
//! again: every chat must be answered.

#![cfg(feature = "cluster")]

#[path = "support/cluster_member.rs"]
mod cluster_member;
#[path = "support/store.rs"]
mod store;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use telebot::api::Message;
use telebot::cluster::{Cluster, Role};
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::{Application, Bot, HandlerResult};
use tokio::sync::{Semaphore, mpsc};

const PARTITIONS: u16 = 4;
/// Chats written from; enough that every partition gets at least one (checked below).
const CHATS: usize = 24;
const BOUND: Duration = Duration::from_secs(30);

/// Answers "ok"; a "hold" first reports that it started, then waits for a permit.
async fn answer(
    bot: Bot,
    msg: Message,
    started: Arc<mpsc::UnboundedSender<i64>>,
    release: Arc<Semaphore>,
) -> HandlerResult {
    if msg.text.as_deref() == Some("hold") {
        let _ = started.send(msg.chat.id);
        release.acquire().await?.forget();
    }
    bot.send_message(msg.chat.id, "ok").await?;
    Ok(())
}

/// The score of `member` in the workers' set: when its heartbeat runs out (Redis's clock).
async fn heartbeat_of(
    conn: &mut redis::aio::MultiplexedConnection,
    key: &str,
    member: &str,
) -> f64 {
    redis::cmd("ZSCORE")
        .arg(key)
        .arg(member)
        .query_async::<Option<f64>>(conn)
        .await
        .unwrap()
        .unwrap_or(0.0)
}

/// Waits (bounded) until `holder` renews its heartbeat: it has run a round of its loop since.
async fn next_round(conn: &mut redis::aio::MultiplexedConnection, key: &str, holder: &str) {
    let before = heartbeat_of(conn, key, holder).await;
    let deadline = tokio::time::Instant::now() + BOUND;
    while heartbeat_of(conn, key, holder).await <= before {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worker ran no round"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partition_whose_share_comes_back_mid_hand_over_is_read_again() {
    let Some(redis_url) = store::redis_url() else {
        return;
    };
    let namespace = store::fresh_namespace("cluster-share-back");
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let (started_tx, mut started) = mpsc::unbounded_channel();
    let started_tx = Arc::new(started_tx);
    let release = Arc::new(Semaphore::new(0));
    {
        let release = Arc::clone(&release);
        app.add_handler(
            MessageHandler::new(telebot::filters::text(), move |bot: Bot, msg: Message| {
                answer(bot, msg, Arc::clone(&started_tx), Arc::clone(&release))
            }),
            0,
        );
    }
    let cluster = Cluster::redis(redis_url.clone())
        .namespace(namespace.clone())
        .instance("solo")
        .role(Role::Both)
        .partitions(PARTITIONS)
        .intake_lease(Duration::from_millis(1500))
        .partition_lease(Duration::from_millis(1500));
    let member = cluster_member::start(app.clone(), cluster);

    // Every chat's first update is held in its handler: each partition has one in hand.
    let users: Vec<_> = (0..CHATS).map(|n| tg.user(&format!("u{n}"))).collect();
    for user in &users {
        user.send("hold").await;
    }
    let mut holding = BTreeSet::new();
    while holding.len() < CHATS {
        let chat = tokio::time::timeout(BOUND, started.recv())
            .await
            .expect("every held handler starts")
            .unwrap();
        holding.insert(chat);
    }
    let status = app.cluster_status().await.unwrap();
    assert_eq!(
        status.owned_by("solo"),
        usize::from(PARTITIONS),
        "{status:?}"
    );
    assert!(
        status.partitions.iter().all(|p| p.pending > 0),
        "every partition has an update in hand: {status:?}"
    );

    // A second worker appears, then goes: the first hands half of the partitions over, and
    // takes them back before what it holds there finished.
    let client = redis::Client::open(redis_url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let workers = format!("telebot:{{{namespace}}}:workers");
    let members: Vec<String> = redis::cmd("ZRANGE")
        .arg(&workers)
        .arg(0)
        .arg(-1)
        .query_async(&mut conn)
        .await
        .unwrap();
    let [holder] = members.as_slice() else {
        panic!("one live worker: {members:?}");
    };
    let ghost = "ghost";
    let _: () = redis::cmd("ZADD")
        .arg(&workers)
        .arg(f64::MAX)
        .arg(ghost)
        .query_async(&mut conn)
        .await
        .unwrap();
    next_round(&mut conn, &workers, holder).await;
    let _: () = redis::cmd("ZREM")
        .arg(&workers)
        .arg(ghost)
        .query_async(&mut conn)
        .await
        .unwrap();
    next_round(&mut conn, &workers, holder).await;
    // The hand-over really was under way: nothing was released while the ghost lived, the
    // worker kept every lease (what it held had not finished).
    let status = app.cluster_status().await.unwrap();
    assert_eq!(
        status.owned_by("solo"),
        usize::from(PARTITIONS),
        "{status:?}"
    );

    release.add_permits(CHATS);
    for user in &users {
        tg.expect_message_within(user, BOUND).await;
    }
    // Every chat again: a partition left draining would read none of these, and its chats'
    // answers would time out.
    for user in &users {
        user.send("again").await;
    }
    for user in &users {
        let reply = tg.expect_message_within(user, BOUND).await;
        assert_eq!(reply.text(), "ok");
    }

    member.stop().await;
}
