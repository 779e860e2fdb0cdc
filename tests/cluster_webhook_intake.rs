//! A cluster receiving through a webhook on every intake instance (issue 16): two intake
//! processes serve the webhook (the fake Telegram delivers to one; the test posts to the other
//! as a second path of a load balancer would, including copies of updates the first received),
//! two workers handle the updates. Every update is handled exactly once (copies are skipped by
//! the log), each chat's in the order Telegram sent them; a wrong secret gets 403.

#![cfg(feature = "cluster")]

#[path = "support/child.rs"]
mod child;
#[path = "support/cluster.rs"]
mod cluster;
#[path = "support/store.rs"]
mod store;

use child::{Signal, free_port};
use cluster::{
    BOUND, Setup, assert_order_and_count, push_messages, read_ledger, scratch, until_handled,
};
use std::collections::{BTreeMap, BTreeSet};
use telebot::testing::FakeTelegram;

const SECRET: &str = "cluster-webhook-secret-0123456789";
const UPDATES: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_webhook_intakes_feed_the_workers_each_update_once() {
    let Some(redis) = store::redis_url() else {
        return;
    };
    let tg = FakeTelegram::start().await;
    let setup = Setup {
        tg: &tg,
        redis,
        namespace: store::fresh_namespace("cluster-webhook"),
        dir: scratch("cluster-webhook"),
        lease_ms: 1500,
        work_us: 0,
        max_log: 10_000,
    };
    let mut workers = vec![
        setup.spawn("worker", "w1").await,
        setup.spawn("worker", "w2").await,
    ];
    let (a, b) = (free_port(), free_port());
    let a_listen = format!("127.0.0.1:{a}");
    let a_url = format!("http://127.0.0.1:{a}/hook");
    let b_listen = format!("127.0.0.1:{b}");
    let first = setup
        .spawn_with(
            "intake",
            "hook-a",
            &[
                ("CLUSTER_WEBHOOK_LISTEN", a_listen.as_str()),
                ("CLUSTER_WEBHOOK_URL", a_url.as_str()),
                ("CLUSTER_WEBHOOK_SECRET", SECRET),
            ],
        )
        .await;
    let second = setup
        .spawn_with(
            "intake",
            "hook-b",
            &[
                ("CLUSTER_WEBHOOK_LISTEN", b_listen.as_str()),
                ("CLUSTER_WEBHOOK_SECRET", SECRET),
            ],
        )
        .await;
    let mut sent = push_messages(&tg, UPDATES, 100, 0);
    let http = reqwest::Client::new();
    let hook_b = format!("http://127.0.0.1:{b}/hook");
    let wrong = http
        .post(&hook_b)
        .header("X-Telegram-Bot-Api-Secret-Token", "guess")
        .body(r#"{"update_id":1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403, "a wrong secret is refused");
    // Updates of chats of their own posted to the second intake, and copies of every tenth
    // update Telegram sends to the first.
    let mut own: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for i in 0..200i64 {
        let (chat, id) = (5_000 + i % 20, 900_000_000 + i);
        let update = serde_json::json!({"update_id": id, "message": {"message_id": i + 1,
            "date": 1_700_000_000, "chat": {"id": chat, "type": "private", "first_name": "U"},
            "from": {"id": chat, "is_bot": false, "first_name": "U"}, "text": "hi"}});
        let answer = http
            .post(&hook_b)
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(update.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        own.entry(chat).or_default().push(id);
    }
    let pending = tg.pending_updates();
    for copy in pending.iter().step_by(10) {
        let answer = http
            .post(&hook_b)
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(copy.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "a copy is answered like the original");
    }
    let mut seen = BTreeSet::new();
    until_handled(&mut workers, &mut seen, UPDATES + 200).await;
    for child in workers.into_iter().chain([first, second]) {
        let (clean, _) = child.stop(Signal::Term, BOUND).await;
        assert!(clean);
    }
    let ledger = read_ledger(&setup.dir);
    sent.extend(own);
    let repeats = assert_order_and_count(&ledger, &sent);
    assert_eq!(repeats, 0, "copies posted to the other intake ran once");
    assert!(
        tg.pending_updates().is_empty(),
        "every update delivered to the webhook"
    );
}
