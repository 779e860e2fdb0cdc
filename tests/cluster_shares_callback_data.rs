//! Callback data in a cluster (issue 16): a button whose data is too long for Telegram is
//! packed on one worker (its value cached under a key), that worker stops and hands its
//! partitions over, and the press is read on the other worker, which finds the value in Redis
//! (one entry per key, never the whole cache written over another instance's).

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/store.rs"]
mod store;

use child::Signal;
use cluster::{BOUND, Setup, read_ledger, scratch};
use telebot::testing::FakeTelegram;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_packed_on_one_worker_is_read_on_another() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis: redis.clone(),
        namespace: store::fresh_namespace("cluster-buttons"),
        dir: scratch("cluster-buttons"),
        lease_ms: 1500,
        work_us: 0,
        max_log: 10_000,
    };
    let env = [("CLUSTER_BUTTONS", "1")];
    let first = setup.spawn_with("worker", "b1", &env).await;
    let intake = setup.spawn("intake", "in").await;
    let alice = tg.user("alice");
    alice.send("/menu").await;
    let menu = tg.expect_reply_to(&alice).await;
    let data = menu
        .button("Long")
        .and_then(|b| b.callback_data)
        .expect("a callback button");
    let (_, key) = data
        .split_once('#')
        .expect("long data travels as a cache key");

    let mut second = setup.spawn_with("worker", "b2", &env).await;
    let (clean, _) = first.stop(Signal::Term, BOUND).await;
    assert!(
        clean,
        "the first worker stops cleanly, handing its partitions over"
    );
    let answer = alice.press(&menu, "Long").await.expect_answer().await;
    assert_eq!(
        answer.text.as_deref(),
        Some("a note far longer than the sixty-four bytes Telegram keeps for a button"),
        "the second worker read the value the first one packed"
    );
    // The press's ledger line is written after the answer: wait for its report.
    let line = second
        .next_line(BOUND)
        .await
        .expect("the second worker runs");
    cluster::handled_id(&line);
    let ledger = read_ledger(&setup.dir);
    let pressed_by: Vec<&str> = ledger
        .iter()
        .skip(1)
        .map(|run| run.instance.as_str())
        .collect();
    assert_eq!(
        pressed_by,
        ["b2"],
        "the press was handled by the other worker"
    );

    let client = redis::Client::open(redis.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let stored: Option<String> = redis::cmd("GET")
        .arg(format!("telebot:{{{}}}:cbd:{key}", setup.namespace))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        stored.is_some_and(|value| value.starts_with("note:")),
        "the value is stored under its own key"
    );
    for child in [intake, second] {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean);
    }
}
