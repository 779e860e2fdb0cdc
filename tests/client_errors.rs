//! Every failure becomes the right `Error` variant, and none of them, nor `Bot`'s `Debug`,
//! shows the token.

#[path = "support/recorder.rs"]
mod recorder;

use recorder::{Answer, Recorder, TOKEN};
use serde_json::json;
use std::error::Error as _;
use std::time::Duration;
use telebot::{Bot, Error};

/// Display, Debug and the whole source chain of an error, as one string.
fn everything_shown(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n");
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    text
}

fn assert_no_token(err: &Error) {
    let shown = everything_shown(err);
    assert!(!shown.contains("SECRET"), "the token leaked: {shown}");
    assert!(!shown.contains(TOKEN));
}

#[tokio::test]
async fn api_errors_carry_code_description_and_parameters() {
    let rec = Recorder::start().await;
    let bot = rec.bot();

    rec.respond(|_| Answer::error(400, "Bad Request: chat not found", None));
    let err = bot.send_message(404, "hi").await.unwrap_err();
    match &err {
        Error::Api {
            method,
            error_code,
            description,
            parameters,
        } => {
            assert_eq!(method, "sendMessage");
            assert_eq!(*error_code, 400);
            assert_eq!(description, "Bad Request: chat not found");
            assert!(parameters.is_none());
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "Telegram refused sendMessage: Bad Request: chat not found (error 400)"
    );
    assert!(!err.is_safe_to_retry());
    assert_no_token(&err);

    rec.respond(|_| {
        Answer::error(
            429,
            "Too Many Requests: retry after 7",
            Some(json!({"retry_after": 7})),
        )
    });
    let err = bot.send_message(1, "hi").await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.error_code(), Some(429));
    assert!(err.is_safe_to_retry());
    assert_no_token(&err);

    rec.respond(|_| {
        Answer::error(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            Some(json!({"migrate_to_chat_id": -1001234})),
        )
    });
    let err = bot.send_message(-1234, "hi").await.unwrap_err();
    assert_eq!(err.migrate_to_chat_id(), Some(-1001234));
}

#[tokio::test]
async fn unauthorized_is_an_invalid_token_error() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::error(401, "Unauthorized", None));
    let err = rec.bot().get_me().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidToken { method } if method == "getMe"),
        "{err:?}"
    );
    assert_no_token(&err);
}

#[tokio::test]
async fn html_error_pages_and_truncated_json_are_invalid_responses() {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    // A proxy page that even echoes the request path, token included.
    let path = format!("/bot{TOKEN}/sendMessage");
    rec.respond(move |_| {
        Answer::Raw(
            502,
            "text/html",
            format!("<html><body><h1>502 Bad Gateway</h1>{path}</body></html>"),
        )
    });
    let err = bot.send_message(1, "hi").await.unwrap_err();
    match &err {
        Error::InvalidResponse {
            method,
            status,
            excerpt,
        } => {
            assert_eq!(method, "sendMessage");
            assert_eq!(*status, 502);
            assert!(excerpt.starts_with("<html>"), "{excerpt}");
            assert!(
                excerpt.contains("[token]"),
                "the token is blanked out: {excerpt}"
            );
        }
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
    assert!(err.is_safe_to_retry());
    assert_no_token(&err);

    rec.respond(|_| {
        Answer::Raw(
            200,
            "application/json",
            r#"{"ok":true,"result":{"message_id":1,"da"#.into(),
        )
    });
    let err = bot.send_message(1, "hi").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidResponse { status: 200, .. }),
        "{err:?}"
    );
    assert_no_token(&err);
}

#[tokio::test]
async fn a_result_of_the_wrong_shape_is_a_decode_error_with_an_excerpt() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::ok(json!({"message_id": "not a number"})));
    let err = rec.bot().send_message(1, "hi").await.unwrap_err();
    match &err {
        Error::Decode {
            method,
            message,
            excerpt,
        } => {
            assert_eq!(method, "sendMessage");
            assert!(message.contains("invalid type"), "{message}");
            assert!(excerpt.contains("not a number"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_no_token(&err);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error_without_the_url() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::Drop);
    let err = rec.bot().send_message(1, "hi").await.unwrap_err();
    assert!(matches!(&err, Error::Network { .. }), "{err:?}");
    assert_no_token(&err);

    // Nothing listens on this port any more: connection refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = Bot::builder()
        .token(TOKEN)
        .api_url(url)
        .build()
        .unwrap()
        .get_me()
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Network { .. }), "{err:?}");
    assert!(
        err.is_safe_to_retry(),
        "a refused connection never reached Telegram"
    );
    assert_no_token(&err);
}

#[tokio::test]
async fn a_slow_server_is_an_ambiguous_timeout() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::Delayed(Duration::from_secs(5), Box::new(Answer::ok(json!(true)))));
    let bot = Bot::builder()
        .token(TOKEN)
        .api_url(&rec.url)
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = bot.send_message(1, "hi").await.unwrap_err();
    match &err {
        Error::Timeout {
            method, ambiguous, ..
        } => {
            assert_eq!(method, "sendMessage");
            assert!(
                *ambiguous,
                "the request was written: Telegram may have acted on it"
            );
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(!err.is_safe_to_retry());
    assert_no_token(&err);
}

#[tokio::test]
async fn long_polls_get_their_timeout_on_top_of_the_request_timeout() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::Delayed(Duration::from_millis(600), Box::new(Answer::ok(json!([])))));
    let bot = Bot::builder()
        .token(TOKEN)
        .api_url(&rec.url)
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // The server holds the poll for 0.6 s: within 1 s of long-poll time plus 0.3 s.
    let updates = bot
        .get_updates()
        .timeout(1)
        .await
        .expect("a long poll outlives the plain request timeout");
    assert!(updates.is_empty());
}

#[test]
fn bot_debug_and_missing_token_hide_secrets() {
    let bot = Bot::new(TOKEN);
    let shown = format!("{bot:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(
        shown.contains("123456"),
        "the bot id is fine to show: {shown}"
    );
    let err = Error::MissingToken;
    assert!(err.to_string().contains("TELEGRAM_BOT_TOKEN"));
    assert!(err.to_string().contains("@BotFather"));
}

/// Issue 17: a network error says which server and why (the cause chain: connection refused),
/// never the token.
#[tokio::test]
async fn a_network_error_names_the_host_and_its_cause() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Nothing listens there any more.
    let token = "123456:NETWORK-ERROR-TOKEN-must-not-show";
    let bot = telebot::Bot::builder()
        .token(token)
        .api_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let error = bot.get_me().await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains(&format!("on 127.0.0.1:{port}")), "{text}");
    assert!(
        text.to_lowercase().contains("connection refused"),
        "the cause: {text}"
    );
    assert!(!text.contains("NETWORK-ERROR-TOKEN"), "{text}");
    eprintln!("{text}");
}
