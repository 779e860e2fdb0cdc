//! A webhook server that holds up on the open internet (issue 17): a client that trickles its
//! headers a byte at a time is dropped after the header timeout, and with 1,000 idle
//! connections open a real update from Telegram is still accepted and handled.

use std::time::{Duration, Instant};
use telebot::api::Message;
use telebot::filters;
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::updates::webhook::{WebhookConfig, serve_on};
use telebot::{Application, Bot, HandlerResult};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

async fn echo(bot: Bot, msg: Message) -> HandlerResult {
    bot.send_message(msg.chat.id, "ok").await?;
    Ok(())
}

/// Serves an echo bot's webhook for `tg` (registered with it) until the sender is used.
async fn serve(
    tg: &FakeTelegram,
    header_timeout: Duration,
) -> (std::net::SocketAddr, oneshot::Sender<()>) {
    let app = Application::builder().bot(tg.bot()).build().unwrap();
    app.add_handler(MessageHandler::new(filters::text(), echo), 0);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let mut config = WebhookConfig::new(address, "/hook");
    config.secret_token = Some("holds-up-secret".into());
    config.webhook_url = Some(format!("http://{address}/hook"));
    config.header_timeout = header_timeout;
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        serve_on(&app, listener, config, async {
            let _ = stopped.await;
        })
        .await
    });
    tg.expect_call("setWebhook").await;
    (address, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_trickles_its_headers_is_dropped_after_the_timeout() {
    let tg = FakeTelegram::start().await;
    let timeout = Duration::from_millis(500);
    let (address, _stop) = serve(&tg, timeout).await;
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(b"POST /hook HTTP/1.1\r\n").await.unwrap();
    let started = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    // One header byte every 100 ms: the whole header would take 20 s.
    let trickle = tokio::spawn(async move {
        for byte in b"X-Slow: ".iter().cycle().take(200) {
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(15), reader.read_to_end(&mut answer)).await;
    let closed_after = started.elapsed();
    trickle.abort();
    assert!(
        closed_after >= timeout && closed_after < Duration::from_secs(5),
        "dropped {closed_after:?} after the first line (timeout {timeout:?})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_update_gets_through_a_thousand_idle_connections() {
    let tg = FakeTelegram::start().await;
    let (address, _stop) = serve(&tg, Duration::from_secs(30)).await;
    let mut idle = Vec::new();
    for _ in 0..1000 {
        idle.push(TcpStream::connect(address).await.unwrap());
    }
    let alice = tg.user("alice");
    alice.send("hello").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "ok");
    // The idle connections were accepted, not refused: each is still open.
    let mut open = 0;
    for stream in &idle {
        let mut byte = [0u8; 1];
        if matches!(stream.try_read(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
        {
            open += 1;
        }
    }
    assert_eq!(open, 1000, "every idle connection is still open");
}
