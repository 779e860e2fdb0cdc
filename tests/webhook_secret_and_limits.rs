//! The webhook server's startup and limits (#24 item 5): a warning when no secret is set; a
//! random secret, registered with `setWebhook` and never logged, when the server registers the
//! webhook itself without one; 413 Payload Too Large for a body over the limit, whether its
//! length is announced or not.

#[path = "support/webhook.rs"]
mod webhook;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use telebot::Application;
use telebot::testing::FakeTelegram;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use webhook::{gated, post, serve, update};

/// Keeps every event as `LEVEL message fields…`.
#[derive(Clone, Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_span: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = event.metadata().level().to_string();
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl Capture {
    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

/// Fails on the old code, which started without a word.
#[tokio::test(flavor = "current_thread")]
async fn a_webhook_without_a_secret_warns_at_startup_issue_24() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let served = serve(&app, |c, _| c.secret_token = None).await;
    // The server answers once it serves: the warning came before.
    let alice = tg.user("alice").id();
    assert_eq!(
        post(&served.url, update(1, alice, "x").to_string()).await.0,
        200
    );
    served.stop().await.unwrap();
    let warnings: Vec<String> = capture
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("WARN") && l.contains("no secret token"))
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", capture.lines());
}

/// Fails on the old code, which registered the webhook with no secret at all.
#[tokio::test(flavor = "current_thread")]
async fn a_registered_webhook_without_a_secret_gets_a_random_one_never_logged_issue_24() {
    let capture = Capture::default();
    let _default = tracing::subscriber::set_default(capture.clone());
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let handler = gated(&app);
    handler.gate.send_replace(true);
    let served = serve(&app, |c, url| {
        c.secret_token = None;
        c.webhook_url = Some(url.to_string());
    })
    .await;
    let set = tg.expect_call("setWebhook").await;
    let secret = set
        .param_str("secret_token")
        .expect("setWebhook was given a secret")
        .to_string();
    assert_eq!(secret.len(), 64, "{secret:?}");
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));

    // Telegram sends it with every update; anyone else is refused.
    let alice = tg.user("alice");
    alice.send("hello").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "got hello");
    let forged = reqwest::Client::new()
        .post(&served.url)
        .body(update(9, alice.id(), "forged").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    served.stop().await.unwrap();
    assert_eq!(handler.events.all(), ["done hello"]);

    let lines = capture.lines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("WARN") && l.contains("made up a random one")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains(&secret)),
        "the generated secret was logged"
    );

    // Another run makes up another secret.
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let served = serve(&app, |c, url| {
        c.secret_token = None;
        c.webhook_url = Some(url.to_string());
    })
    .await;
    let calls = loop {
        let calls = tg.calls_to("setWebhook");
        if calls.len() == 2 {
            break calls;
        }
        tg.expect_call("setWebhook").await;
    };
    served.stop().await.unwrap();
    assert_ne!(calls[1].param_str("secret_token"), Some(secret.as_str()));
}

/// Fails on the old code, which answered 400 to both.
#[tokio::test(flavor = "current_thread")]
async fn a_body_over_the_limit_gets_413_announced_or_streamed_issue_24() {
    let tg = FakeTelegram::start().await;
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let handler = gated(&app);
    let served = serve(&app, |c, _| c.max_body_bytes = 1024).await;
    let alice = tg.user("alice").id();

    let huge = update(1, alice, &"x".repeat(4096)).to_string();
    assert_eq!(
        post(&served.url, huge.clone()).await.0,
        413,
        "announced length"
    );

    // Chunked, with no Content-Length: found out while reading.
    let address = served
        .url
        .trim_start_matches("http://")
        .trim_end_matches("/hook");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = format!(
        "POST /hook HTTP/1.1\r\nhost: {address}\r\nx-telegram-bot-api-secret-token: {}\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
        webhook::SECRET
    );
    for chunk in huge.as_bytes().chunks(500) {
        let _ = write!(
            request,
            "{:x}\r\n{}\r\n",
            chunk.len(),
            std::str::from_utf8(chunk).unwrap()
        );
    }
    request.push_str("0\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // Within the limit, and not JSON: still 400.
    assert_eq!(post(&served.url, "{not json".into()).await.0, 400);
    served.stop().await.unwrap();
    assert!(
        handler.events.all().is_empty(),
        "nothing refused was handled"
    );
}
