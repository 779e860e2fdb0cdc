//! Outbound retries through the fake Telegram (issue 5): a 429's `retry_after` pauses the
//! chat it was given for (or everything, for a request without a chat) and is waited out;
//! 5xx answers are repeated; a send that may have reached Telegram is never repeated unless
//! asked, while an idempotent call is.

use std::time::{Duration, Instant};
use telebot::client::{FloodScope, RetryPolicy};
use telebot::testing::{FakeTelegram, Fault};
use telebot::{Bot, ChatId, InputFile};

fn quick() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(20))
}

/// Waits until the bot has read the 429 answer and paused `scope`.
async fn until_paused(bot: &Bot, scope: FloodScope) {
    let paused = async {
        while bot.flood_wait(&scope).is_none() {
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), paused)
        .await
        .expect("the 429 paused its scope");
}

async fn setup() -> (FakeTelegram, Bot, i64, i64) {
    let tg = FakeTelegram::start().await;
    let a = tg.user("alice").id();
    let b = tg.user("bob").id();
    let bot = tg.bot().to_builder().retry_policy(quick()).build().unwrap();
    (tg, bot, a, b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_pauses_its_chat_and_is_waited_out_while_other_chats_go_on() {
    let (tg, bot, a, b) = setup().await;
    tg.fault(Fault::TooManyRequests { retry_after: 1 })
        .on("sendMessage")
        .times(1);
    let started = Instant::now();
    let first = tokio::spawn({
        let bot = bot.clone();
        async move { bot.send_message(a, "one").await }
    });
    let call = tg.expect_call("sendMessage").await;
    assert_eq!(call.status, Some(429));
    until_paused(&bot, FloodScope::Chat(ChatId::Id(a))).await;

    // Alice's chat is paused; a second send to her waits, a send to Bob does not.
    assert_eq!(bot.flood_wait(&FloodScope::Chat(ChatId::Id(b))), None);
    let second = tokio::spawn({
        let bot = bot.clone();
        async move { bot.send_message(a, "two").await }
    });
    bot.send_message(b, "to bob").await.unwrap();

    first.await.unwrap().expect("repeated after retry_after");
    second.await.unwrap().expect("sent after the pause");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retry_after was honoured"
    );
    let texts: Vec<String> = tg
        .bot_messages_in(a)
        .iter()
        .map(|m| m.text().to_string())
        .collect();
    assert_eq!(texts.len(), 2, "each delivered once: {texts:?}");
    assert_eq!(tg.bot_messages_in(b).len(), 1);
    // The fake's log, in the order the calls came: the 429 to Alice, then Bob's send, which
    // did not wait for Alice's pause, then Alice's two sends after it, and nothing else.
    let chats: Vec<i64> = tg
        .calls_to("sendMessage")
        .iter()
        .map(|c| {
            c.param("chat_id")
                .and_then(serde_json::Value::as_i64)
                .unwrap()
        })
        .collect();
    assert_eq!(
        chats,
        vec![a, b, a, a],
        "Bob's send went first while Alice's chat was paused; no request to the paused chat was wasted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_without_a_chat_pauses_every_request() {
    let (tg, bot, _, b) = setup().await;
    tg.fault(Fault::TooManyRequests { retry_after: 1 })
        .on("getMe")
        .times(1);
    let started = Instant::now();
    let me = tokio::spawn({
        let bot = bot.clone();
        async move { bot.get_me().await }
    });
    assert_eq!(tg.expect_call("getMe").await.status, Some(429));
    until_paused(&bot, FloodScope::Global).await;
    bot.send_message(b, "waits too").await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the send to another chat waited for the global pause"
    );
    me.await.unwrap().unwrap();
}

#[tokio::test]
async fn server_errors_and_proxy_pages_are_repeated_until_they_pass() {
    let (tg, bot, a, _) = setup().await;
    tg.fault(Fault::GatewayError { status: 502 })
        .on("sendMessage")
        .times(1);
    tg.fault(Fault::HtmlErrorPage).on("sendMessage").times(1);
    tg.fault(Fault::ServerError { status: 500 })
        .on("sendMessage")
        .times(1);
    bot.send_message(a, "hello").await.unwrap();
    assert_eq!(tg.calls_to("sendMessage").len(), 4);
    assert_eq!(tg.bot_messages_in(a).len(), 1);

    // An upload is sent again with the same bytes.
    tg.fault(Fault::GatewayError { status: 502 })
        .on("sendDocument")
        .times(1);
    bot.send_document(a, InputFile::memory("notes.txt", &b"retry me"[..]))
        .await
        .unwrap();
    let calls = tg.calls_to("sendDocument");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].files.len(), 1);
    assert_eq!(calls[0].files[0].bytes, calls[1].files[0].bytes);
}

#[tokio::test]
async fn a_send_that_may_have_reached_telegram_is_not_repeated() {
    let tg = FakeTelegram::start().await;
    let a = tg.user("alice").id();
    let bot = Bot::builder()
        .token(tg.token())
        .api_url(tg.api_url())
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .to_builder()
        .retry_policy(quick())
        .build()
        .unwrap();
    // No answer in time after the request was written.
    tg.fault(Fault::Delay(Duration::from_secs(2)))
        .on("sendMessage")
        .times(1);
    let error = bot.send_message(a, "late").await.unwrap_err();
    assert!(error.is_ambiguous(), "{error:?}");
    assert!(
        error.to_string().contains("may have received it"),
        "{error}"
    );
    assert_eq!(tg.calls_to("sendMessage").len(), 1, "not repeated");

    // The message is delivered but the answer is cut off: not repeated, so delivered once.
    tg.fault(Fault::TruncatedJson).on("sendMessage").times(1);
    let error = bot.send_message(a, "once").await.unwrap_err();
    assert!(error.is_ambiguous(), "{error:?}");
    assert_eq!(texts_in(&tg, a, "once"), 1);

    // A dropped connection after the request was written: the same.
    tg.fault(Fault::DropConnection).on("sendMessage").times(1);
    let error = bot.send_message(a, "dropped").await.unwrap_err();
    assert!(error.is_ambiguous(), "{error:?}");
    assert_eq!(tg.calls_to("sendMessage").len(), 3);

    // An idempotent call is repeated after the same failure.
    tg.fault(Fault::DropConnection).on("getChat").times(1);
    bot.get_chat(a).await.unwrap();
    assert_eq!(tg.calls_to("getChat").len(), 2);

    // Opting in repeats sends too, at the price of a duplicate.
    let risky = bot
        .to_builder()
        .retry_policy(quick().retry_ambiguous(true))
        .build()
        .unwrap();
    tg.fault(Fault::TruncatedJson).on("sendMessage").times(1);
    risky.send_message(a, "dup").await.unwrap();
    assert_eq!(
        texts_in(&tg, a, "dup"),
        2,
        "the documented risk of retry_ambiguous"
    );
}

fn texts_in(tg: &FakeTelegram, chat: i64, text: &str) -> usize {
    tg.bot_messages_in(chat)
        .iter()
        .filter(|m| m.text() == text)
        .count()
}

#[tokio::test]
async fn what_cannot_succeed_is_returned_at_once() {
    let (tg, bot, a, _) = setup().await;
    tg.fault(Fault::TooManyRequests { retry_after: 600 })
        .on("sendMessage")
        .times(1);
    let error = bot.send_message(a, "later").await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(600)));
    tg.fault(Fault::Error {
        code: 403,
        description: "Forbidden: bot was blocked by the user".into(),
    })
    .on("sendMessage")
    .times(1);
    let error = bot.send_message(a, "blocked").await.unwrap_err();
    assert_eq!(error.error_code(), Some(403));
    assert_eq!(tg.calls_to("sendMessage").len(), 2, "neither was repeated");

    // Without a policy, a bot makes exactly one attempt.
    tg.fault(Fault::ServerError { status: 500 })
        .on("sendMessage")
        .times(1);
    let plain = tg.bot();
    assert!(plain.retry_policy().is_none());
    assert!(plain.send_message(a, "x").await.is_err());
    assert_eq!(tg.calls_to("sendMessage").len(), 3);
}

#[tokio::test]
async fn an_application_bot_retries_by_default() {
    let tg = FakeTelegram::start().await;
    let app = telebot::Application::builder()
        .bot(tg.bot())
        .build()
        .unwrap();
    assert_eq!(app.bot().retry_policy(), Some(&RetryPolicy::default()));
    let app = telebot::Application::builder()
        .bot(tg.bot().to_builder().retry_policy(RetryPolicy::none()))
        .build()
        .unwrap();
    assert!(!app.bot().retry_policy().unwrap().retries());
}

/// #24 item 4: after a connection broken once the request was written, a method is repeated
/// exactly when the reviewed allow-list (generated into `Method::IDEMPOTENT`) says it is safe.
/// `addStickerToSet` was repeated by the old name-prefix deny-list.
#[tokio::test]
async fn ambiguous_failures_repeat_only_the_reviewed_idempotent_methods_issue_24() {
    use telebot::api::InputSticker;
    let (tg, bot, a, _) = setup().await;
    let sticker = || InputSticker::new(InputFile::file_id("sticker"), "static", ["🙂".to_string()]);
    let once = |method: &str| {
        tg.fault(Fault::DropConnection).on(method).times(1);
    };

    once("addStickerToSet");
    let error = bot
        .add_sticker_to_set(a, "set_by_bot", sticker())
        .await
        .unwrap_err();
    assert!(error.is_ambiguous(), "{error:?}");
    once("sendMessage");
    assert!(bot.send_message(a, "hi").await.unwrap_err().is_ambiguous());
    once("forwardMessages");
    let error = bot.forward_messages(a, a, [1, 2]).await.unwrap_err();
    assert!(error.is_ambiguous(), "{error:?}");
    for method in ["addStickerToSet", "sendMessage", "forwardMessages"] {
        assert_eq!(tg.calls_to(method).len(), 1, "{method} sent twice");
    }

    once("getChat");
    let _ = bot.get_chat(a).await;
    once("editMessageText");
    let _ = bot
        .edit_message_text()
        .chat_id(a)
        .message_id(1)
        .text("new")
        .await;
    once("answerCallbackQuery");
    let _ = bot.answer_callback_query("query-1").await;
    for method in ["getChat", "editMessageText", "answerCallbackQuery"] {
        assert_eq!(tg.calls_to(method).len(), 2, "{method} not repeated");
    }

    // `Bot::call` by name follows the same list for the methods it knows.
    once("getChat");
    let _ = bot
        .call("getChat", serde_json::json!({ "chat_id": a }))
        .await;
    assert_eq!(tg.calls_to("getChat").len(), 4);
    once("sendMessage");
    let _ = bot
        .call(
            "sendMessage",
            serde_json::json!({ "chat_id": a, "text": "x" }),
        )
        .await;
    assert_eq!(tg.calls_to("sendMessage").len(), 2);
}
