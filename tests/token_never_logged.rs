//! The bot token never shows (issue 5): every log line at TRACE level of every crate
//! (telebot's `tracing` events and spans, hyper-util's, and reqwest's `log` records), every
//! panic message and every error's Display/Debug chain is captured while the bot polls,
//! retries, fails, serves a webhook and is refused, and none holds the secret part of the
//! token.

use serde_json::json;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use telebot::handlers::TypeHandler;
use telebot::testing::{FakeTelegram, Fault};
use telebot::updates::polling::{PollingConfig, run_until};
use telebot::updates::webhook::{WebhookConfig, serve_on};
use telebot::{Application, Bot, CallbackContext, HandlerResult};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Everything written anywhere during the test.
fn captured() -> &'static Mutex<Vec<String>> {
    static LINES: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    LINES.get_or_init(Mutex::default)
}

fn keep(line: String) {
    captured().lock().unwrap().push(line);
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

/// A subscriber that enables everything and keeps every event, span and recorded field.
struct Capture {
    next_span: AtomicU64,
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!(
            "span {} {}",
            span.metadata().target(),
            span.metadata().name()
        );
        span.record(&mut Fields(&mut line));
        keep(line);
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Fields(&mut line));
        keep(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("{} {}", meta.level(), meta.target());
        event.record(&mut Fields(&mut line));
        keep(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// reqwest logs through the `log` crate.
struct LogCapture;

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        keep(format!(
            "{} {} {}",
            record.level(),
            record.target(),
            record.args()
        ));
    }
    fn flush(&self) {}
}

fn install_capture() {
    tracing::subscriber::set_global_default(Capture {
        next_span: AtomicU64::new(1),
    })
    .expect("the only subscriber of this test binary");
    log::set_logger(&LogCapture).expect("the only logger of this test binary");
    log::set_max_level(log::LevelFilter::Trace);
    std::panic::set_hook(Box::new(|info| keep(format!("panic: {info}"))));
}

/// Display and Debug of an error and of its whole source chain.
fn shown(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error}\n{error:?}\n");
    let mut source = error.source();
    while let Some(s) = source {
        let _ = writeln!(text, "{s}\n{s:?}");
        source = s.source();
    }
    text
}

fn message(chat: i64, text: &str) -> serde_json::Value {
    json!({"message": {"message_id": 1, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "U"},
        "from": {"id": chat, "is_bot": false, "first_name": "U"}, "text": text}})
}

async fn poll_through_faults(tg: &FakeTelegram) {
    let app = Application::builder()
        .bot(
            tg.bot().to_builder().retry_policy(
                telebot::client::RetryPolicy::default()
                    .backoff(Duration::from_millis(5), Duration::from_millis(20)),
            ),
        )
        .build()
        .unwrap();
    let (tx, mut done) = tokio::sync::mpsc::unbounded_channel();
    let errors = tx.clone();
    app.add_handler(
        TypeHandler::any(move |bot: Bot, ctx: CallbackContext| {
            let tx = tx.clone();
            async move {
                let msg = ctx.update().and_then(|u| u.effective_message()).unwrap();
                let text = msg.text.clone().unwrap_or_default();
                let _ = tx.send(());
                if text == "panic" {
                    panic!("a handler holding {bot:?} panicked");
                }
                bot.send_message(msg.chat.id, text).await?;
                HandlerResult::Ok(())
            }
        }),
        0,
    );
    app.add_error_handler(move |ctx: CallbackContext| {
        let errors = errors.clone();
        async move {
            if let Some(error) = ctx.error() {
                keep(shown(error.as_ref()));
                tracing::error!(error = %error, "handler failed");
            }
            let _ = errors.send(());
        }
    });
    for fault in [
        Fault::ServerError { status: 502 },
        Fault::HtmlErrorPage,
        Fault::DropConnection,
        Fault::TruncatedJson,
        Fault::Conflict,
    ] {
        tg.fault(fault).on("getUpdates").times(1);
    }
    tg.fault(Fault::TooManyRequests { retry_after: 1 })
        .on("sendMessage")
        .times(1);
    tg.fault(Fault::GatewayError { status: 502 })
        .on("sendMessage")
        .times(1);
    tg.fault(Fault::DropConnection).on("sendMessage").times(1);
    for text in ["one", "two", "three", "panic"] {
        tg.push_update(message(7, text));
    }
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = PollingConfig {
        timeout: 1,
        min_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..PollingConfig::default()
    };
    let task = tokio::spawn(async move {
        run_until(&app, config, async {
            let _ = stopped.await;
        })
        .await
    });
    // 4 handled, plus the error handler for the conflict, the panic and the ambiguous send.
    for _ in 0..7 {
        tokio::time::timeout(Duration::from_secs(10), done.recv())
            .await
            .expect("the bot went on through the faults");
    }
    assert!(tg.wait_until_idle(Duration::from_secs(10)).await);
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

async fn fail_in_every_other_way(tg: &FakeTelegram) {
    let bot = Bot::builder()
        .token(tg.token())
        .api_url(tg.api_url())
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    keep(format!("{bot:?}"));
    tg.fault(Fault::Delay(Duration::from_secs(1)))
        .on("sendMessage")
        .times(1);
    let timeout = bot.send_message(7, "late").await.unwrap_err();
    keep(shown(&timeout));
    let missing = bot
        .download_file("documents/nothing.txt")
        .await
        .unwrap_err();
    keep(shown(&missing));
    let refused = Bot::builder()
        .token(tg.token())
        .api_url("http://127.0.0.1:9")
        .build()
        .unwrap()
        .get_me()
        .await
        .unwrap_err();
    keep(shown(&refused));
}

async fn serve_a_webhook(tg: &FakeTelegram) {
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    let (tx, mut handled) = tokio::sync::mpsc::unbounded_channel();
    app.add_handler(
        TypeHandler::any(move |_: CallbackContext| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(());
            }
        }),
        0,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = WebhookConfig::new(addr, "/hook");
    config.webhook_url = Some(format!("http://{addr}/hook"));
    config.secret_token = Some("hook-secret".into());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        serve_on(&app, listener, config, async {
            let _ = stopped.await;
        })
        .await
    });
    tg.expect_call("setWebhook").await;
    let http = reqwest::Client::new();
    let forbidden = http
        .post(format!("http://{addr}/hook"))
        .body(message(7, "no secret").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
    tg.user("alice").send("through the webhook").await;
    tokio::time::timeout(Duration::from_secs(10), handled.recv())
        .await
        .expect("the update came through the webhook");
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_in_no_log_line_panic_or_error() {
    install_capture();
    let tg = FakeTelegram::start().await;
    poll_through_faults(&tg).await;
    fail_in_every_other_way(&tg).await;
    serve_a_webhook(&tg).await;

    // A token Telegram refuses, at startup.
    let refused_token = format!("{}:REFUSEDsecretPart_0123456789abcdefghij", tg.bot_id());
    let app = Application::builder()
        .bot(Bot::builder().token(&refused_token).api_url(tg.api_url()))
        .build()
        .unwrap();
    let error = run_until(&app, PollingConfig::default(), std::future::pending())
        .await
        .unwrap_err();
    keep(shown(&error));

    let lines = captured().lock().unwrap().clone();
    let secret = tg.token().split_once(':').unwrap().1.to_string();
    for needle in [secret.as_str(), "REFUSEDsecretPart"] {
        let leaks: Vec<&String> = lines.iter().filter(|l| l.contains(needle)).collect();
        assert!(
            leaks.is_empty(),
            "the token leaked in {} lines: {leaks:#?}",
            leaks.len()
        );
    }
    let from = |prefix: &str| lines.iter().filter(|l| l.contains(prefix)).count();
    assert!(
        from(" hyper_util") > 0 && from(" reqwest") > 0,
        "hyper-util's and reqwest's own TRACE lines were captured too"
    );
    assert!(from("panic: ") > 0, "the handler's panic was captured");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("span telebot::dispatch update") && l.contains("chat_id=7")),
        "updates run in spans naming their id, kind and chat"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("span telebot::dispatch handler") && l.contains("TypeHandler")),
        "handlers run in spans naming them"
    );
    eprintln!("{} lines captured, none with the token", lines.len());
}
