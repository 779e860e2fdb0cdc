//! Decoding a getUpdates response of 100 mixed updates into typed `Update`s, beside decoding the
//! same bytes into `serde_json::Value`, in the same run; and encoding the decoded updates again
//! (what persistence, the cluster's update log and a re-sent object pay).
//!
//! `cargo bench --bench decode_updates`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use telebot::Update;

#[derive(serde::Deserialize)]
struct Envelope {
    #[allow(dead_code)]
    ok: bool,
    result: Vec<Update>,
}

fn body() -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/getupdates_100.json");
    std::fs::read(path).expect("tests/corpus/getupdates_100.json")
}

fn decode(c: &mut Criterion) {
    let body = body();
    let typed: Envelope = serde_json::from_slice(&body).expect("the corpus decodes");
    assert_eq!(typed.result.len(), 100);

    for (group, throughput) in [
        ("getUpdates_100_bytes", Throughput::Bytes(body.len() as u64)),
        ("getUpdates_100_updates", Throughput::Elements(100)),
    ] {
        let mut g = c.benchmark_group(group);
        g.throughput(throughput);
        // Both decode as the client does: one UTF-8 check of the body, then `from_str`.
        g.bench_function("typed_update", |b| {
            b.iter(|| {
                let text = std::str::from_utf8(black_box(&body)).unwrap();
                serde_json::from_str::<Envelope>(text).map(|e| e.result.len())
            })
        });
        g.bench_function("serde_json_value", |b| {
            b.iter(|| {
                let text = std::str::from_utf8(black_box(&body)).unwrap();
                serde_json::from_str::<serde_json::Value>(text)
                    .map(|v| v["result"].as_array().map(Vec::len))
            })
        });
        g.finish();
    }

    let mut g = c.benchmark_group("encode_100_updates");
    g.throughput(Throughput::Elements(100));
    g.bench_function("typed_update", |b| {
        b.iter(|| serde_json::to_vec(black_box(&typed.result)).map(|v| v.len()))
    });
    g.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
