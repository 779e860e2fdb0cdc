//! Hostile and broken updates, on the stable toolchain (#24 item 7): a seeded, replayable,
//! time-bounded mutation test over the update corpus and over random JSON, into the update
//! decoder and into the webhook server. Nothing may panic; every refusal is an error that says
//! what is wrong; a deeply nested body and a huge one are refused without exhausting the stack
//! or memory.
//!
//! No fuzzing crate: the mutations are a small xorshift-driven loop here (no new dependency,
//! nothing to build beyond this file). Replay a failure with the `TELEBOT_TEST_SEED` printed at
//! the start; the seed fixes every case, the time budget only how many run (also printed).
//!
//! Memory is bounded by construction and checked through its limits: serde_json stops at 128
//! levels of nesting (so a nested body costs no deep stack or tree), and the webhook refuses a
//! body over `max_body_bytes` before reading it when its length is announced and as soon as
//! the limit is passed when it is not.

#[path = "support/seed.rs"]
mod seed;
#[path = "support/webhook.rs"]
mod webhook;

use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use telebot::Update;
use telebot::testing::FakeTelegram;

/// How long each randomised loop runs.
const BUDGET: Duration = Duration::from_millis(1500);

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/updates");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Pieces of JSON worth splicing in: other types, extremes, nesting, escapes.
const TOKENS: &[&str] = &[
    "null",
    "true",
    "-1",
    "0",
    "1e309",
    "-9223372036854775809",
    "18446744073709551616",
    "1.5",
    "\"\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "[]",
    "{}",
    "[[[[[[",
    "]]]]",
    "{\"a\":",
    ",",
    ":",
    "\"",
    "\"message\"",
    "\"update_id\"",
    "\"chat\"",
    "\"type\"",
    "\"private\"",
    "\"text\"",
];

/// One random change of `bytes`.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(7) {
        0 if !bytes.is_empty() => {
            let i = at.min(bytes.len() - 1);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => bytes.truncate(at),
        2 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            bytes.splice(at..at, token.iter().copied());
        }
        3 if !bytes.is_empty() => {
            let end = (at + rng.below(40)).min(bytes.len());
            bytes.drain(at.min(end)..end);
        }
        4 => {
            let end = (at + rng.below(60)).min(bytes.len());
            let copy: Vec<u8> = bytes[at.min(end)..end].to_vec();
            let to = rng.below(bytes.len() + 1);
            bytes.splice(to..to, copy);
        }
        5 => bytes.insert(at, rng.below(256) as u8),
        _ => {
            let value = random_value(rng, 0);
            let text = value.to_string();
            let end = (at + rng.below(30)).min(bytes.len());
            bytes.splice(at.min(end)..end, text.bytes());
        }
    }
}

/// Random JSON, shallow, biased towards the shapes of updates.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let leaf = depth > 4 || rng.chance(40);
    if leaf {
        return match rng.below(6) {
            0 => Value::Null,
            1 => json!(rng.chance(50)),
            2 => json!(rng.next() as i64),
            3 => json!((rng.next() % 1000) as f64 / 7.0),
            4 => json!(TOKENS[rng.below(TOKENS.len())]),
            _ => json!("x".repeat(rng.below(20))),
        };
    }
    const KEYS: &[&str] = &[
        "update_id",
        "message",
        "edited_message",
        "callback_query",
        "chat",
        "from",
        "id",
        "type",
        "text",
        "date",
        "message_id",
        "entities",
        "data",
        "photo",
        "reply_to_message",
    ];
    if rng.chance(30) {
        Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        )
    } else {
        let mut map = serde_json::Map::new();
        for _ in 0..rng.below(6) {
            map.insert(
                KEYS[rng.below(KEYS.len())].to_string(),
                random_value(rng, depth + 1),
            );
        }
        Value::Object(map)
    }
}

/// Decodes `body` as an update; a refusal must explain itself.
fn decode_checked(body: &[u8]) -> Result<(), String> {
    let outcome = std::panic::catch_unwind(|| telebot_api::decode_json::<Update>(body));
    match outcome {
        Err(_) => Err(format!(
            "the decoder panicked on {:?}",
            String::from_utf8_lossy(body)
        )),
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => {
            let message = error.to_string();
            if message.trim().is_empty() {
                return Err(format!(
                    "an empty error for {:?}",
                    String::from_utf8_lossy(body)
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn mutated_corpus_updates_and_random_json_never_panic_the_decoder() {
    let seed = seed::seed("mutated_corpus_updates_and_random_json_never_panic_the_decoder");
    let mut rng = Rng(seed);
    let corpus = corpus();
    assert!(corpus.len() >= 50);
    let start = Instant::now();
    let (mut cases, mut decoded) = (0u64, 0u64);
    while start.elapsed() < BUDGET {
        let mut body = if rng.chance(80) {
            corpus[rng.below(corpus.len())].clone()
        } else {
            json!({"update_id": rng.next() as i64 >> 1, "message": random_value(&mut rng, 1)})
                .to_string()
                .into_bytes()
        };
        for _ in 0..=rng.below(4) {
            mutate(&mut rng, &mut body);
        }
        if let Err(problem) = decode_checked(&body) {
            panic!("case {cases} of seed {seed:#x}: {problem}");
        }
        decoded += u64::from(telebot_api::decode_json::<Update>(&body).is_ok());
        cases += 1;
    }
    eprintln!("{cases} cases in {BUDGET:?}, {decoded} still decoded");
    assert!(cases > 100, "too few cases ran: {cases}");
}

#[test]
fn a_deeply_nested_body_is_refused_with_a_clear_error() {
    // At the top: not an object, refused at its first byte.
    let error = telebot_api::decode_json::<Update>("[".repeat(100_000).as_bytes()).unwrap_err();
    assert!(
        error.to_string().contains("expected a Telegram Update"),
        "{error}"
    );
    // Inside an update: refused with where it went wrong (serde_json's nesting limit where the
    // nesting is decoded, which includes an unknown field, kept as raw JSON, or the first value
    // of the wrong type), without recursing 100,000 levels deep.
    let mut limited = 0;
    for body in [
        format!(
            "{{\"update_id\":1,\"message\":{}",
            "{\"a\":".repeat(100_000)
        ),
        format!("{{\"update_id\":1,\"x\":{}}}", "[".repeat(100_000)),
        // An update kind from a newer Bot API is kept as raw JSON: decoded in full.
        format!(
            "{{\"update_id\":1,\"future_kind\":{}}}",
            "[".repeat(100_000)
        ),
        format!(
            "{{\"update_id\":1,\"message\":{{\"message_id\":1,\"date\":1,\"chat\":{{\"id\":1,\"type\":\"private\"}},\"reply_markup\":{}}}}}",
            "[".repeat(100_000)
        ),
    ] {
        let error = telebot_api::decode_json::<Update>(body.as_bytes()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("line 1 column"), "{message}");
        limited += usize::from(message.contains("recursion limit"));
    }
    assert_eq!(
        limited, 3,
        "the message's unknown field and the two unknown kinds hit the nesting limit"
    );
}

#[test]
fn a_huge_body_decodes_or_fails_without_trouble() {
    // 8 MiB of text in one field: decoded (the decoder has no size limit of its own; the
    // webhook's body limit is what bounds it, below).
    let text = "x".repeat(8 << 20);
    let body = json!({"update_id": 7, "message": {"message_id": 1, "date": 1,
        "chat": {"id": 1, "type": "private"}, "text": text}})
    .to_string();
    let update = telebot_api::decode_json::<Update>(body.as_bytes()).unwrap();
    assert_eq!(update.update_id, 7);
    // Not UTF-8: refused with a reason, whatever the size.
    let mut bad = body.into_bytes();
    bad[100] = 0xff;
    let error = telebot_api::decode_json::<Update>(&bad).unwrap_err();
    assert!(error.to_string().contains("not UTF-8"), "{error}");
}

/// The same mutations posted to a running webhook server: every answer is 200 (an update, or
/// an undecodable one with an id, reported to the error handlers), 400 (not an update) or 413
/// (too large), and the server still serves a good update at the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_webhook_bodies_get_a_clear_answer_and_the_server_goes_on() {
    let seed = seed::seed("hostile_webhook_bodies_get_a_clear_answer_and_the_server_goes_on");
    let mut rng = Rng(seed);
    let tg = FakeTelegram::start().await;
    let app = telebot::Application::builder()
        .bot(tg.bot())
        .build()
        .unwrap();
    let handler = webhook::gated(&app);
    handler.gate.send_replace(true);
    let served = webhook::serve(&app, |c, _| c.max_body_bytes = 64 * 1024).await;
    let corpus = corpus();
    let client = reqwest::Client::new();
    let start = Instant::now();
    let mut answers = std::collections::BTreeMap::<u16, u32>::new();
    let mut cases = 0u32;
    while start.elapsed() < BUDGET {
        let mut body = corpus[rng.below(corpus.len())].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut rng, &mut body);
        }
        let status = client
            .post(&served.url)
            .header("X-Telegram-Bot-Api-Secret-Token", webhook::SECRET)
            .body(body.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("case {cases} of seed {seed:#x}: no answer: {e}"))
            .status()
            .as_u16();
        assert!(
            [200, 400, 413].contains(&status),
            "case {cases} of seed {seed:#x}: {status} for {:?}",
            String::from_utf8_lossy(&body)
        );
        *answers.entry(status).or_default() += 1;
        cases += 1;
    }
    for body in ["[".repeat(100_000), "x".repeat(200 * 1024)] {
        let (status, _) = webhook::post(&served.url, body).await;
        assert!([400, 413].contains(&status), "{status}");
    }
    let alice = tg.user("alice").id();
    let good = webhook::update(9_000_000, alice, "still here").to_string();
    assert_eq!(webhook::post(&served.url, good).await.0, 200);
    served.stop().await.unwrap();
    assert!(
        handler
            .events
            .all()
            .contains(&"done still here".to_string())
    );
    eprintln!("{cases} bodies in {BUDGET:?}: {answers:?}");
}
