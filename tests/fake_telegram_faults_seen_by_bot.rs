//! Every fault the fake Telegram can inject reaches a telebot `Bot` as the right `Error` variant,
//! and the next call succeeds once the fault is used up.

use std::time::Duration;
use telebot::testing::{FakeTelegram, Fault};
use telebot::{Bot, Error};

async fn setup() -> (FakeTelegram, Bot, i64) {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    (tg.clone(), tg.bot(), alice.id())
}

#[tokio::test]
async fn too_many_requests_carries_retry_after() {
    let (tg, bot, chat) = setup().await;
    tg.fault(Fault::TooManyRequests { retry_after: 3 })
        .on("sendMessage")
        .times(1);
    let err = bot.send_message(chat, "hi").await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)), "{err:?}");
    assert_eq!(err.error_code(), Some(429));
    bot.send_message(chat, "hi")
        .await
        .expect("the fault was used up");
    assert_eq!(
        tg.bot_messages_in(chat).len(),
        1,
        "only the successful send took effect"
    );
}

#[tokio::test]
async fn server_and_gateway_errors() {
    let (tg, bot, chat) = setup().await;
    tg.fault(Fault::ServerError { status: 500 })
        .on("sendMessage")
        .times(1);
    let err = bot.send_message(chat, "hi").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                error_code: 500,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_safe_to_retry());

    tg.fault(Fault::GatewayError { status: 502 })
        .on("sendMessage")
        .times(1);
    let err = bot.send_message(chat, "hi").await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 502, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn html_page_and_truncated_json_are_invalid_responses() {
    let (tg, bot, chat) = setup().await;
    tg.fault(Fault::HtmlErrorPage).on("getMe").times(1);
    let err = bot.get_me().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidResponse { excerpt, .. } if excerpt.contains("<html")),
        "{err:?}"
    );

    tg.fault(Fault::TruncatedJson).on("sendMessage").times(1);
    let err = bot.send_message(chat, "hi").await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 200, .. }),
        "{err:?}"
    );
    assert!(!err.to_string().contains(&tg.token()), "no token in {err}");
}

#[tokio::test]
async fn dropped_connection_is_a_network_error() {
    let (tg, bot, _) = setup().await;
    tg.fault(Fault::DropConnection).on("getMe").times(1);
    let err = bot.get_me().await.unwrap_err();
    assert!(matches!(err, Error::Network { .. }), "{err:?}");
    assert!(!format!("{err:?}").contains(&tg.token()));
}

#[tokio::test]
async fn delay_beyond_the_request_timeout_is_a_timeout() {
    let (tg, _, chat) = setup().await;
    let bot = Bot::builder()
        .token(tg.token())
        .api_url(tg.api_url())
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    tg.fault(Fault::Delay(Duration::from_secs(3)))
        .on("sendMessage")
        .times(1);
    let err = bot.send_message(chat, "hi").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                ambiguous: true,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn conflict_on_get_updates() {
    let (tg, bot, _) = setup().await;
    tg.fault(Fault::Conflict).on("getUpdates").times(1);
    let err = bot.get_updates().timeout(0).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { error_code: 409, description, .. } if description.starts_with("Conflict")),
        "{err:?}"
    );
}

#[tokio::test]
async fn migration_carries_the_new_chat_id() {
    let (tg, bot, _) = setup().await;
    tg.fault(Fault::MigrateToChat {
        chat_id: -1001234567,
    })
    .on("sendMessage")
    .times(1);
    let err = bot.send_message(-42, "hi").await.unwrap_err();
    assert_eq!(err.migrate_to_chat_id(), Some(-1001234567), "{err:?}");
}

#[tokio::test]
async fn real_validation_errors_come_back_as_api_errors() {
    let (tg, bot, chat) = setup().await;
    let err = bot.send_message(987654321, "hi").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { error_code: 400, description, .. } if description == "Bad Request: chat not found"),
        "{err:?}"
    );
    let err = bot.send_message(chat, "").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { description, .. } if description.contains("text is empty")),
        "{err:?}"
    );
    let err = bot.send_message(chat, "x".repeat(4097)).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { description, .. } if description.contains("too long")),
        "{err:?}"
    );
    let err = Bot::builder()
        .token("1:wrong")
        .api_url(tg.api_url())
        .build()
        .unwrap()
        .get_me()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidToken { .. }), "{err:?}");
}

#[tokio::test]
async fn typed_messages_decode_from_the_fake() {
    let (tg, bot, chat) = setup().await;
    let sent = bot.send_message(chat, "typed").await.unwrap();
    let seen = tg.expect_message_in(chat).await;
    assert_eq!(
        seen.message().unwrap(),
        sent,
        "the fake's JSON decodes into the same typed Message"
    );
    let me = bot.me().await.unwrap();
    assert_eq!(me.id, tg.bot_id());
}
