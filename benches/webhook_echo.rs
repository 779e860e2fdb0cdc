//! Webhook intake (issue #20): the echo example behind telebot's built-in webhook server
//! beside teloxide's echo bot behind teloxide's webhook listener (axum), in alternating rounds
//! on one machine. This process plays Telegram on both sides: a fake Bot API the bots call
//! (`getMe`, `setWebhook`, `sendMessage`, …) and the sender of updates, which posts them over
//! keep-alive connections (40, Telegram's default `max_connections`), one update at a time per
//! connection, the next once the previous was answered, as Telegram does. Each chat's updates
//! go over one connection, in order, so each chat's replies must come back in order.
//!
//! ```sh
//! cargo bench --bench webhook_echo                       # 20,000 updates over 1,000 chats, 3 rounds
//! WEBHOOK_UPDATES=50000 WEBHOOK_ROUNDS=5 cargo bench --bench webhook_echo
//! WEBHOOK_BOTS=telebot cargo bench --bench webhook_echo   # telebot alone
//! ```
//!
//! It builds the echo example (`cargo build --release --example echo`) and the peer in
//! `benches/teloxide_webhook` (a project of its own, so teloxide never enters the workspace)
//! into the workspace's target directory. Reported per bot (medians): updates per second from
//! the first POST to the last reply, the bot's CPU per 1,000 updates in that window, and the
//! time from an update's POST to its reply's arrival (p50, p99). Every reply is checked: the
//! text it must have, in its chat's order.

#[path = "support/measure.rs"]
mod measure;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use measure::{cpu_of, median, percentile, setting};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use telebot::client::poison::MutexUnpoisoned;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

const TOKEN: &str = "123456:bench-token";
/// Telegram's default `max_connections`.
const CONNECTIONS: usize = 40;
const BOUND: Duration = Duration::from_secs(60);

/// The two bots and how to start them on `listen`, calling the fake API at `api`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Peer {
    Telebot,
    Teloxide,
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Peer::Telebot => "telebot",
            Peer::Teloxide => "teloxide",
        }
    }

    fn command(self, target: &std::path::Path, api: &str, listen: SocketAddr) -> Command {
        let url = format!("http://{listen}/hook");
        match self {
            Peer::Telebot => {
                let mut command = Command::new(target.join("release/examples/echo"));
                command
                    .env("TELEGRAM_BOT_TOKEN", TOKEN)
                    .env("TELEGRAM_API_URL", api)
                    .env("TELEBOT_WEBHOOK_LISTEN", listen.to_string())
                    .env("TELEBOT_WEBHOOK_URL", url)
                    .env("TELEBOT_SANDBOX", "0")
                    .env("RUST_LOG", "warn");
                command
            }
            Peer::Teloxide => {
                let mut command = Command::new(target.join("release/teloxide-webhook-echo"));
                command
                    .env("BOT_TOKEN", TOKEN)
                    .env("BOT_API_URL", api)
                    .env("WEBHOOK_LISTEN", listen.to_string())
                    .env("WEBHOOK_URL", url)
                    .env("RUST_LOG", "warn");
                command
            }
        }
    }
}

/// What the fake Bot API has seen in one trial.
struct Trial {
    /// When each update's POST was sent (nanoseconds since `start`; 0 before).
    sent_at: Vec<AtomicU64>,
    /// When each update's reply arrived.
    replied_at: Vec<AtomicU64>,
    start: Instant,
    chats: usize,
    /// Per chat, the highest update index replied to so far.
    last_replied: Mutex<HashMap<i64, usize>>,
    replies: AtomicUsize,
    wrong: AtomicUsize,
    out_of_order: AtomicUsize,
    done: Notify,
    /// The webhook the bot registered: its URL and secret token.
    webhook: Mutex<Option<(String, Option<String>)>>,
    webhook_set: Notify,
}

impl Trial {
    fn new(updates: usize, chats: usize) -> Trial {
        Trial {
            sent_at: (0..updates).map(|_| AtomicU64::new(0)).collect(),
            replied_at: (0..updates).map(|_| AtomicU64::new(0)).collect(),
            start: Instant::now(),
            chats,
            last_replied: Mutex::default(),
            replies: AtomicUsize::new(0),
            wrong: AtomicUsize::new(0),
            out_of_order: AtomicUsize::new(0),
            done: Notify::new(),
            webhook: Mutex::default(),
            webhook_set: Notify::new(),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn chat_of(&self, index: usize) -> i64 {
        1_000 + (index % self.chats) as i64
    }

    /// The update at `index`: a private text message whose text names its index.
    fn update(&self, index: usize) -> String {
        let chat = self.chat_of(index);
        format!(
            r#"{{"update_id":{},"message":{{"message_id":{},"from":{{"id":{chat},"is_bot":false,"first_name":"User","username":"user{chat}","language_code":"en"}},"chat":{{"id":{chat},"type":"private","first_name":"User","username":"user{chat}"}},"date":1700000000,"text":"message {index} of the benchmark"}}}}"#,
            10_000 + index,
            index + 1,
        )
    }

    /// A `sendMessage` arrived: checks its text and its chat's order.
    fn reply(&self, chat: i64, text: &str) {
        let index = text
            .strip_prefix("message ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&i| i < self.sent_at.len() && self.chat_of(i) == chat);
        let Some(index) = index else {
            self.wrong.fetch_add(1, Ordering::Relaxed);
            return;
        };
        if self.replied_at[index].load(Ordering::Relaxed) != 0 {
            return;
        }
        {
            let mut last = self.last_replied.lock_unpoisoned();
            let previous = last.insert(chat, index);
            if previous.is_some_and(|p| p > index) {
                self.out_of_order.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.replied_at[index].store(self.now(), Ordering::Relaxed);
        if self.replies.fetch_add(1, Ordering::Relaxed) + 1 == self.sent_at.len() {
            self.done.notify_one();
        }
    }
}

fn json(body: String) -> Response<Full<Bytes>> {
    Response::builder()
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_default()
}

/// The parameters of a Bot API call, sent as JSON, as multipart form data (teloxide's
/// `setWebhook`, which may carry a certificate) or as a URL-encoded form.
async fn params(content_type: &str, body: Bytes) -> HashMap<String, serde_json::Value> {
    if let Ok(boundary) = multer::parse_boundary(content_type) {
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
        let mut form = multer::Multipart::new(stream, boundary);
        let mut fields = HashMap::new();
        while let Ok(Some(field)) = form.next_field().await {
            let name = field.name().unwrap_or_default().to_string();
            if let Ok(text) = field.text().await {
                fields.insert(name, serde_json::Value::String(text));
            }
        }
        return fields;
    }
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&body) {
        return map.into_iter().collect();
    }
    String::from_utf8_lossy(&body)
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(decode_form(v))))
        .collect()
}

fn decode_form(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The fake Bot API: answers the calls an echo bot makes.
async fn api_call(trial: Arc<Trial>, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let path = request.uri().path().to_string();
    let method = path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !path.starts_with(&format!("/bot{TOKEN}/")) {
        return Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .body(Full::new(Bytes::from_static(
                br#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#,
            )))
            .unwrap_or_default();
    }
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let bot_user = r#"{"id":123456,"is_bot":true,"first_name":"Bench","username":"bench_bot"}"#;
    let me = r#"{"id":123456,"is_bot":true,"first_name":"Bench","username":"bench_bot","can_join_groups":true,"can_read_all_group_messages":false,"supports_inline_queries":false,"can_connect_to_business":false,"has_main_web_app":false}"#;
    match method.as_str() {
        "sendmessage" => {
            let params = params(&content_type, body).await;
            let chat = params.get("chat_id").and_then(|v| match v {
                serde_json::Value::Number(n) => n.as_i64(),
                serde_json::Value::String(s) => s.parse().ok(),
                _ => None,
            });
            let text = params
                .get("text")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string();
            match chat {
                Some(chat) => trial.reply(chat, &text),
                None => {
                    trial.wrong.fetch_add(1, Ordering::Relaxed);
                }
            }
            let chat = chat.unwrap_or(0);
            let text = serde_json::Value::String(text).to_string();
            json(format!(
                r#"{{"ok":true,"result":{{"message_id":{},"from":{bot_user},"chat":{{"id":{chat},"type":"private","first_name":"User","username":"user{chat}"}},"date":1700000001,"text":{text}}}}}"#,
                trial.replies.load(Ordering::Relaxed) + 1
            ))
        }
        "getme" => json(format!(r#"{{"ok":true,"result":{me}}}"#)),
        "setwebhook" => {
            let params = params(&content_type, body).await;
            let url = params
                .get("url")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string();
            let secret = params
                .get("secret_token")
                .and_then(serde_json::Value::as_str)
                .map(str::to_string);
            *trial.webhook.lock_unpoisoned() = Some((url, secret));
            trial.webhook_set.notify_one();
            json(r#"{"ok":true,"result":true}"#.into())
        }
        "getwebhookinfo" => json(
            r#"{"ok":true,"result":{"url":"","has_custom_certificate":false,"pending_update_count":0}}"#
                .into(),
        ),
        "getmycommands" => json(r#"{"ok":true,"result":[]}"#.into()),
        _ => json(r#"{"ok":true,"result":true}"#.into()),
    }
}

/// Serves the fake Bot API until the trial's runtime ends.
async fn serve_api(listener: TcpListener, trial: Arc<Trial>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let trial = Arc::clone(&trial);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let trial = Arc::clone(&trial);
                async move { Ok::<_, std::convert::Infallible>(api_call(trial, request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// One connection of the sender: posts its updates one at a time, each after the previous
/// was answered; a refused one (the bot's chat queue full) is posted again.
async fn sender(
    trial: Arc<Trial>,
    address: SocketAddr,
    path: String,
    secret: Option<String>,
    indices: Vec<usize>,
) -> usize {
    let Ok(stream) = TcpStream::connect(address).await else {
        panic!("cannot connect to the webhook at {address}");
    };
    stream.set_nodelay(true).ok();
    let (mut send, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("an HTTP/1 connection");
    tokio::spawn(connection);
    let mut refused = 0;
    for index in indices {
        let body = Bytes::from(trial.update(index));
        loop {
            let mut request = Request::post(path.as_str())
                .header("host", address.to_string())
                .header("content-type", "application/json");
            if let Some(secret) = &secret {
                request = request.header("x-telegram-bot-api-secret-token", secret.as_str());
            }
            let request = request.body(Full::new(body.clone())).expect("a request");
            if trial.sent_at[index].load(Ordering::Relaxed) == 0 {
                trial.sent_at[index].store(trial.now(), Ordering::Relaxed);
            }
            send.ready().await.expect("the connection stays open");
            let response = send.send_request(request).await.expect("an answer");
            let status = response.status();
            let _ = response.into_body().collect().await;
            if status.is_success() {
                break;
            }
            refused += 1;
            assert!(
                status == StatusCode::SERVICE_UNAVAILABLE
                    || status == StatusCode::TOO_MANY_REQUESTS,
                "the webhook answered {status}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    refused
}

/// What one trial measured.
struct Outcome {
    per_second: f64,
    cpu_per_1000_ms: f64,
    p50_ms: f64,
    p99_ms: f64,
    refused: usize,
    wrong: usize,
    out_of_order: usize,
}

async fn trial(peer: Peer, target: &std::path::Path, updates: usize, chats: usize) -> Outcome {
    let trial = Arc::new(Trial::new(updates, chats));
    let api_listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let api = format!("http://{}", api_listener.local_addr().expect("an address"));
    let server = tokio::spawn(serve_api(api_listener, Arc::clone(&trial)));
    let listen = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let mut bot: Child = peer
        .command(target, &api, listen)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", peer.name()));
    let (url, secret) = loop {
        let set = trial.webhook_set.notified();
        if let Some(webhook) = trial.webhook.lock_unpoisoned().clone() {
            break webhook;
        }
        if tokio::time::timeout(BOUND, set).await.is_err() {
            let _ = bot.kill();
            panic!("{} did not call setWebhook", peer.name());
        }
    };
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    // The server may register before it listens: wait until it accepts.
    let deadline = Instant::now() + BOUND;
    while TcpStream::connect(listen).await.is_err() {
        assert!(Instant::now() < deadline, "{} never listened", peer.name());
        tokio::task::yield_now().await;
    }

    let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); CONNECTIONS];
    for index in 0..updates {
        lanes[(trial.chat_of(index) as usize) % CONNECTIONS].push(index);
    }
    let cpu_before = cpu_of(bot.id());
    let started = Instant::now();
    let done = trial.done.notified();
    let senders: Vec<_> = lanes
        .into_iter()
        .map(|indices| {
            tokio::spawn(sender(
                Arc::clone(&trial),
                listen,
                path.clone(),
                secret.clone(),
                indices,
            ))
        })
        .collect();
    if tokio::time::timeout(BOUND, done).await.is_err() {
        let _ = bot.kill();
        panic!(
            "{}: {} of {updates} replies within {BOUND:?}",
            peer.name(),
            trial.replies.load(Ordering::Relaxed)
        );
    }
    let took = started.elapsed();
    let cpu = cpu_of(bot.id()).saturating_sub(cpu_before);
    let mut refused = 0;
    for sender in senders {
        refused += sender.await.unwrap_or(0);
    }
    let _ = bot.kill();
    let _ = bot.wait();
    server.abort();

    let mut latencies: Vec<f64> = (0..updates)
        .map(|i| {
            let sent = trial.sent_at[i].load(Ordering::Relaxed);
            let replied = trial.replied_at[i].load(Ordering::Relaxed);
            replied.saturating_sub(sent) as f64 / 1e6
        })
        .collect();
    Outcome {
        per_second: updates as f64 / took.as_secs_f64(),
        cpu_per_1000_ms: cpu.as_secs_f64() * 1e6 / updates as f64,
        p50_ms: percentile(&mut latencies, 50.0),
        p99_ms: percentile(&mut latencies, 99.0),
        refused,
        wrong: trial.wrong.load(Ordering::Relaxed),
        out_of_order: trial.out_of_order.load(Ordering::Relaxed),
    }
}

/// The workspace's target directory.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Builds a bot in release mode; panics with cargo's output when that fails.
fn build(peer: Peer, target: &std::path::Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut command = Command::new(cargo);
    command.env("CARGO_TARGET_DIR", target).current_dir(&root);
    match peer {
        Peer::Telebot => command.args(["build", "--release", "--example", "echo"]),
        Peer::Teloxide => command.args([
            "build",
            "--release",
            "--manifest-path",
            "benches/teloxide_webhook/Cargo.toml",
        ]),
    };
    let status = command.status().expect("cargo runs");
    assert!(status.success(), "building {} failed", peer.name());
}

fn main() {
    // `cargo test --benches` runs benchmarks without `--bench`: nothing to build or measure.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let updates = setting("WEBHOOK_UPDATES", 20_000);
    let chats = setting("WEBHOOK_CHATS", 1_000);
    let rounds = setting("WEBHOOK_ROUNDS", 3);
    let peers: Vec<Peer> = std::env::var("WEBHOOK_BOTS")
        .unwrap_or_else(|_| "telebot,teloxide".into())
        .split(',')
        .filter_map(|name| match name.trim() {
            "telebot" => Some(Peer::Telebot),
            "teloxide" => Some(Peer::Teloxide),
            _ => None,
        })
        .collect();
    let target = target_dir();
    for peer in &peers {
        build(*peer, &target);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let mut results: HashMap<&str, Vec<Outcome>> = HashMap::new();
    for round in 1..=rounds {
        for peer in &peers {
            let outcome = runtime.block_on(trial(*peer, &target, updates, chats));
            eprintln!(
                "round {round} {}: {:.0} updates/s, {:.1} ms CPU per 1,000, p50 {:.2} ms, p99 {:.2} ms, {} refused, {} wrong, {} out of order",
                peer.name(),
                outcome.per_second,
                outcome.cpu_per_1000_ms,
                outcome.p50_ms,
                outcome.p99_ms,
                outcome.refused,
                outcome.wrong,
                outcome.out_of_order
            );
            assert_eq!(outcome.wrong, 0, "{} sent wrong replies", peer.name());
            results.entry(peer.name()).or_default().push(outcome);
        }
    }
    println!(
        "\n{updates} updates over {chats} chats, {CONNECTIONS} connections, medians of {rounds} alternating rounds\n"
    );
    println!(
        "| bot | updates/s | CPU ms per 1,000 updates | POST to reply p50 / p99 ms | refused (503) | out of order |"
    );
    println!("|---|---|---|---|---|---|");
    for peer in &peers {
        let runs = &results[peer.name()];
        let of = |f: fn(&Outcome) -> f64| median(runs.iter().map(f).collect());
        println!(
            "| {} | {:.0} | {:.1} | {:.2} / {:.2} | {:.0} | {:.0} |",
            peer.name(),
            of(|o| o.per_second),
            of(|o| o.cpu_per_1000_ms),
            of(|o| o.p50_ms),
            of(|o| o.p99_ms),
            of(|o| o.refused as f64),
            of(|o| o.out_of_order as f64),
        );
    }
}
