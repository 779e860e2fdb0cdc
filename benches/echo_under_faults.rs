//! Echo throughput against the fake Telegram, fault-free and with 1 % of `sendMessage` calls
//! answered 429 (`retry_after` 1) and 1 % answered with a proxy's 502 page: updates per second
//! and lost / duplicated replies, for at-least-once polling (the default) and for fast
//! acknowledgement.
//!
//! ```sh
//! cargo bench --bench echo_under_faults                  # 2000 updates over 200 chats, 3 rounds
//! ECHO_UPDATES=5000 ECHO_CHATS=500 ECHO_ROUNDS=5 cargo bench --bench echo_under_faults
//! ```
//!
//! The server and the bot share one process and its two worker threads, so the figures are
//! for comparing the scenarios with each other, not with other machines.

#[path = "support/measure.rs"]
mod measure;

use measure::{median, setting};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::MessageHandler;
use telebot::testing::{FakeTelegram, Fault};
use telebot::updates::polling::{DeliveryGuarantee, JournalConfig, PollingConfig, run_until};
use telebot::{Application, Bot, HandlerResult};
use tokio::sync::{Notify, oneshot};

#[derive(Clone, Copy, Debug)]
struct Scenario {
    name: &'static str,
    faults: bool,
    delivery: DeliveryGuarantee,
    /// Polling with an update journal (in a scratch file).
    journal: bool,
}

const SCENARIOS: [Scenario; 4] = [
    Scenario {
        name: "fault-free, at-least-once",
        faults: false,
        delivery: DeliveryGuarantee::AtLeastOnce,
        journal: false,
    },
    Scenario {
        name: "1% 429 + 1% 502, at-least-once",
        faults: true,
        delivery: DeliveryGuarantee::AtLeastOnce,
        journal: false,
    },
    Scenario {
        name: "1% 429 + 1% 502, at-least-once, journal",
        faults: true,
        delivery: DeliveryGuarantee::AtLeastOnce,
        journal: true,
    },
    Scenario {
        name: "1% 429 + 1% 502, at-most-once",
        faults: true,
        delivery: DeliveryGuarantee::AtMostOnce,
        journal: false,
    },
];

struct Outcome {
    per_second: f64,
    lost: usize,
    duplicated: usize,
    faults: u32,
}

async fn run(scenario: Scenario, updates: usize, chats: usize, seed: u64) -> Outcome {
    let tg = FakeTelegram::builder()
        .max_long_poll(Duration::from_secs(1))
        .start()
        .await;
    let users: Vec<_> = (0..chats).map(|i| tg.user(&format!("user{i}"))).collect();
    let mut expected: HashMap<i64, Vec<String>> = HashMap::new();
    for i in 0..updates {
        let user = &users[i % chats];
        let text = format!("message {i}");
        user.send(&text).await;
        expected.entry(user.id()).or_default().push(text);
    }
    let faults = scenario.faults.then(|| {
        [
            tg.fault(Fault::TooManyRequests { retry_after: 1 })
                .on("sendMessage")
                .with_probability(0.01, seed),
            tg.fault(Fault::HtmlErrorPage)
                .on("sendMessage")
                .with_probability(0.01, seed + 1),
        ]
    });

    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let all_done = Arc::new(Notify::new());
    let (counter, notify) = (Arc::clone(&done), Arc::clone(&all_done));
    app.add_handler(
        MessageHandler::new(filters::text(), move |bot: Bot, msg: Message| {
            let (counter, notify) = (Arc::clone(&counter), Arc::clone(&notify));
            async move {
                let sent = bot
                    .send_message(msg.chat.id, msg.text.unwrap_or_default())
                    .await;
                if counter.fetch_add(1, Ordering::SeqCst) + 1 == updates {
                    notify.notify_one();
                }
                sent?;
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    app.add_error_handler(|| async {});
    let journal = std::env::temp_dir().join(format!(
        "telebot-bench-journal-{}-{seed}",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&journal);
    let config = PollingConfig {
        timeout: 1,
        delivery: scenario.delivery,
        journal: scenario.journal.then(|| JournalConfig::new(&journal)),
        ..PollingConfig::default()
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let started = Instant::now();
    let polling = tokio::spawn({
        let app = app.clone();
        async move {
            run_until(&app, config, async {
                let _ = stopped.await;
            })
            .await
        }
    });
    all_done.notified().await;
    let elapsed = started.elapsed();
    let _ = stop.send(());
    let _ = polling.await;
    let _ = std::fs::remove_file(&journal);
    let _ = std::fs::remove_file(journal.with_extension("lock"));

    let (mut lost, mut duplicated) = (0, 0);
    for (chat, texts) in &expected {
        let mut sent: HashMap<String, usize> = HashMap::new();
        for message in tg.bot_messages_in(*chat) {
            *sent.entry(message.text().to_string()).or_default() += 1;
        }
        for text in texts {
            match sent.get(text).copied().unwrap_or(0) {
                0 => lost += 1,
                n => duplicated += n - 1,
            }
        }
    }
    Outcome {
        per_second: updates as f64 / elapsed.as_secs_f64(),
        lost,
        duplicated,
        faults: faults.map_or(0, |f| f.iter().map(|f| f.hits()).sum()),
    }
}

fn main() {
    let updates = setting("ECHO_UPDATES", 2000);
    let chats = setting("ECHO_CHATS", 200);
    let rounds = setting("ECHO_ROUNDS", 3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mut results: Vec<Vec<Outcome>> = SCENARIOS.iter().map(|_| Vec::new()).collect();
    runtime.block_on(async {
        for round in 0..rounds {
            for (i, scenario) in SCENARIOS.iter().enumerate() {
                let outcome = run(*scenario, updates, chats, 7 + round as u64).await;
                eprintln!(
                    "round {round}: {:<34} {:>8.0} updates/s, {} faults, {} lost, {} duplicated",
                    scenario.name,
                    outcome.per_second,
                    outcome.faults,
                    outcome.lost,
                    outcome.duplicated
                );
                results[i].push(outcome);
            }
        }
    });
    let baseline = median(results[0].iter().map(|o| o.per_second).collect());
    println!("echo, {updates} updates over {chats} chats, median of {rounds} rounds");
    println!("| scenario | updates/s | vs fault-free | faults | lost | duplicated |");
    println!("|---|---|---|---|---|---|");
    for (scenario, outcomes) in SCENARIOS.iter().zip(&results) {
        let rate = median(outcomes.iter().map(|o| o.per_second).collect());
        println!(
            "| {} | {rate:.0} | {:.2}x | {} | {} | {} |",
            scenario.name,
            rate / baseline,
            outcomes.iter().map(|o| o.faults).sum::<u32>(),
            outcomes.iter().map(|o| o.lost).sum::<usize>(),
            outcomes.iter().map(|o| o.duplicated).sum::<usize>(),
        );
    }
}
