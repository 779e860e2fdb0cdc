//! The examples ported from python-telegram-bot's (issue #18), driven through the fake
//! Telegram: deep links routed by payload, chat members tracked and greeted, errors reported.

#[path = "support/app.rs"]
mod app;
#[path = "../examples/chat_member.rs"]
#[allow(dead_code)]
mod chat_member;
#[path = "../examples/deep_linking.rs"]
#[allow(dead_code)]
mod deep_linking;
#[path = "../examples/error_handler.rs"]
#[allow(dead_code)]
mod error_handler;
#[path = "../examples/inline.rs"]
#[allow(dead_code)]
mod inline;
#[cfg(feature = "passport")]
#[path = "../examples/passport.rs"]
#[allow(dead_code)]
mod passport;
#[cfg(feature = "passport")]
#[path = "support/passport_seal.rs"]
mod passport_seal;
#[path = "../examples/payment.rs"]
#[allow(dead_code)]
mod payment;
#[path = "../examples/poll.rs"]
#[allow(dead_code)]
mod poll;
#[cfg(all(feature = "web-app", feature = "axum"))]
#[path = "../examples/web_app.rs"]
#[allow(dead_code)]
mod web_app;

use serde_json::json;
use std::time::Duration;
use telebot::handlers::HandlerSet;
use telebot::testing::FakeTelegram;

async fn running(tg: &FakeTelegram, handlers: HandlerSet) -> (telebot::Application, app::Running) {
    let app = app::builder(tg)
        .handlers(handlers)
        .build()
        .expect("the example builds");
    let running = app::run(tg, &app).await;
    (app, running)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_linking_routes_each_payload_to_its_handler() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = running(&tg, deep_linking::links::handlers()).await;
    let username = tg.bot().me().await.unwrap().username.unwrap();
    let ann = tg.user("ann");

    ann.send("/start").await;
    let first = tg.expect_reply_to(&ann).await;
    let link = format!("https://t.me/{username}?start=check-this-out");
    assert!(first.text().ends_with(&link), "{}", first.text());

    ann.send("/start check-this-out").await;
    let second = tg.expect_reply_to(&ann).await;
    assert!(second.text().starts_with("You came in through a deep link"));
    let button = second.button("Continue here").expect("the button");
    assert_eq!(
        button.url.as_deref(),
        Some(format!("https://t.me/{username}?start=using-entities-here").as_str())
    );

    ann.send("/start using-entities-here").await;
    let formatted = tg.expect_reply_to(&ann).await;
    assert!(
        formatted.text().contains("<b>formatting</b>"),
        "sent as HTML: {}",
        formatted.text()
    );

    ann.send("/start ref-4242").await;
    assert_eq!(
        tg.expect_reply_to(&ann).await.text(),
        "Welcome! You were invited by user 4242."
    );

    // A payload no pattern takes goes to the plain /start.
    ann.send("/start something-else").await;
    assert!(tg.expect_reply_to(&ann).await.text().starts_with("Hello!"));
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_plain_start_declared_before_a_payload_handler_is_refused_at_build() {
    use telebot::handlers::CommandHandler;
    let tg = FakeTelegram::start().await;
    let set = HandlerSet::new()
        .command(CommandHandler::new("start", || async {}), 0)
        .command(
            CommandHandler::new("start", || async {}).payload("^ref-"),
            0,
        );
    let Err(error) = app::builder(&tg).handlers(set).build() else {
        panic!("the payload handler would never run, and the build said nothing");
    };
    assert!(
        error
            .to_string()
            .contains("declare the payload handler before it"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_member_greets_joins_and_leaves_and_tracks_the_bot_s_chats() {
    let tg = FakeTelegram::start().await;
    let (app, running) = running(&tg, chat_member::members::handlers()).await;
    let owner = tg.user("olga");
    let group = tg.supergroup("Readers");
    // The bot is removed and added again: `my_chat_member` both times.
    group.remove_bot(&owner).await;
    group.add_bot(&owner).await;
    group.make_bot_admin(&owner).await;
    let ben = tg.user("ben");
    group.add(&ben).await;
    let welcome = tg.expect_message_in(&group).await;
    assert_eq!(welcome.text(), "Ben joined. Welcome!");
    ben.leave(&group).await;
    let goodbye = tg.expect_message_in(&group).await;
    assert_eq!(goodbye.text(), "Ben left. Thanks for the time together!");
    // A member promoted: a status change, but neither a join nor a leave.
    let cara = tg.user("cara");
    group.add(&cara).await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "Cara joined. Welcome!"
    );
    group.add_admin(&cara).await;

    owner.send("/start").await;
    tg.expect_reply_to(&owner).await;
    owner.send("/show_chats").await;
    let shown = tg.expect_reply_to(&owner).await;
    assert_eq!(
        shown.text(),
        format!(
            "Users: {}\nGroups: {}\nChannels: none",
            owner.id(),
            group.id()
        )
    );
    app::settle(&tg, &app).await;
    assert_eq!(
        tg.bot_messages_in(&group).len(),
        3,
        "two welcomes and a goodbye; nothing for the promotion"
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_handler_reports_the_error_and_the_update_escaped() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = running(&tg, error_handler::errors::handlers()).await;
    let ann = tg.user("ann");
    ann.send("/bad_command <b>not markup</b>").await;
    let report = tg.expect_reply_to(&ann).await;
    let text = report.text();
    assert!(
        text.starts_with("<b>An error happened while handling an update</b>\n<pre>"),
        "{text}"
    );
    assert!(
        text.contains("/bad_command could not read its number: invalid digit found in string"),
        "{text}"
    );
    let update = tg
        .expect_message_within(&ann, Duration::from_secs(10))
        .await;
    assert!(update.text().starts_with("<b>The update</b>\n<pre>"));
    assert!(
        update.text().contains("&lt;b&gt;not markup&lt;/b&gt;")
            && !update.text().contains("<b>not markup"),
        "the user's text is escaped: {}",
        update.text()
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_announces_answers_and_closes_polls_and_quizzes_after_three() {
    let tg = FakeTelegram::start().await;
    let (app, running) = running(&tg, poll::polls::handlers()).await;
    let group = tg.supergroup("Kitchen");
    let [ann, ben, cara] = ["ann", "ben", "cara"].map(|name| tg.user(name));
    for user in [&ann, &ben, &cara] {
        group.add(user).await;
    }

    ann.send_in(&group, "/poll").await;
    let sent = tg.expect_message_in(&group).await;
    let poll = sent.message().unwrap().poll.expect("a poll");
    assert_eq!(poll.question, "How are you today?");
    assert!(!poll.is_anonymous && poll.allows_multiple_answers);
    ann.vote(&sent, &[0, 2]).await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "Ann feels Good and Fantastic!"
    );
    ben.vote(&sent, &[1]).await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "Ben feels Really good!"
    );
    assert!(
        !tg.refresh(&sent)
            .unwrap()
            .message()
            .unwrap()
            .poll
            .unwrap()
            .is_closed
    );
    cara.vote(&sent, &[3]).await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "Cara feels Great!"
    );
    // Every update handled (the handler that stopped the poll included).
    app::settle(&tg, &app).await;
    assert!(
        tg.refresh(&sent)
            .unwrap()
            .message()
            .unwrap()
            .poll
            .unwrap()
            .is_closed,
        "closed after the third answer"
    );

    ann.send_in(&group, "/quiz").await;
    let quiz = tg.expect_message_in(&group).await;
    assert_eq!(quiz.message().unwrap().poll.unwrap().kind, "quiz");
    for user in [&ann, &ben] {
        user.vote(&quiz, &[2]).await;
    }
    app::settle(&tg, &app).await;
    assert_eq!(
        tg.calls_to("stopPoll").len(),
        1,
        "two answers leave the quiz open"
    );
    cara.vote(&quiz, &[1]).await;
    app::settle(&tg, &app).await;
    assert_eq!(tg.calls_to("stopPoll").len(), 2);
    assert!(
        tg.refresh(&quiz)
            .unwrap()
            .message()
            .unwrap()
            .poll
            .unwrap()
            .is_closed
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_offers_a_poll_button_and_sends_a_user_s_poll_back() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = running(&tg, poll::polls::handlers()).await;
    let ann = tg.user("ann");
    ann.send("/preview").await;
    let offer = tg.expect_reply_to(&ann).await;
    assert_eq!(offer.keyboard(), [["Make a poll"]]);
    ann.send_raw(
        &ann,
        json!({"poll": {"id": "p-user", "question": "Tea or coffee?", "total_voter_count": 0,
            "options": [{"text": "Tea", "voter_count": 0, "persistent_id": "a"},
                        {"text": "Coffee", "voter_count": 0, "persistent_id": "b"}],
            "is_closed": false, "is_anonymous": true, "type": "regular",
            "allows_multiple_answers": false, "allows_revoting": false, "members_only": false}}),
    )
    .await;
    let copy = tg.expect_reply_to(&ann).await.message().unwrap();
    let poll = copy.poll.expect("a poll back");
    assert_eq!(poll.question, "Tea or coffee?");
    let options: Vec<&str> = poll.options.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(options, ["Tea", "Coffee"]);
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_offers_three_forms_and_the_chosen_one_is_sent_via_the_bot() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(inline::queries::handlers())
        .build()
        .unwrap();
    // Which update kinds reached the bot.
    let kinds = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = std::sync::Arc::clone(&kinds);
    app.add_middleware(
        move |ctx: telebot::CallbackContext, next: telebot::middleware::Next| {
            if let Some(update) = ctx.update() {
                seen.lock().unwrap().push(update.kind_name().to_string());
            }
            async move {
                next.run(ctx).await;
                Ok(())
            }
        },
    );
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");
    let group = tg.group("Friends");
    group.add(&ann).await;
    let query = ann.inline_query("fish & <chips>").await;
    let answer = query.expect_answer().await;
    let ids: Vec<&str> = answer
        .results
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, ["caps", "bold", "italic"]);
    assert_eq!(
        answer.results[0]["input_message_content"]["message_text"],
        "FISH & <CHIPS>"
    );
    assert_eq!(
        answer.results[1]["input_message_content"]["message_text"],
        "<b>fish &amp; &lt;chips&gt;</b>"
    );
    assert_eq!(
        answer.results[1]["input_message_content"]["parse_mode"],
        "HTML"
    );

    let sent = query.choose("italic", &group).await;
    assert_eq!(sent.text(), "<i>fish &amp; &lt;chips&gt;</i>");
    let message = sent.message().unwrap();
    assert_eq!(
        message.via_bot.map(|b| b.username),
        Some(tg.bot().me().await.unwrap().username)
    );
    app::settle(&tg, &app).await;
    assert!(
        kinds
            .lock()
            .unwrap()
            .iter()
            .any(|k| k == "chosen_inline_result"),
        "the choice came back to the bot: {:?}",
        kinds.lock().unwrap()
    );

    // An empty query gets no results.
    let empty = ann.inline_query("  ").await;
    app::settle(&tg, &app).await;
    assert!(empty.answer().is_none());
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_runs_invoices_with_and_without_shipping_to_the_thanks() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = running(&tg, payment::payments::handlers()).await;
    let ann = tg.user("ann");

    ann.send("/noshipping").await;
    let stars = tg.expect_reply_to(&ann).await;
    let invoice = stars.message().unwrap().invoice.expect("an invoice");
    assert_eq!(
        (invoice.currency.as_str(), invoice.total_amount),
        ("XTR", 5)
    );
    let paid = ann
        .pay(&stars)
        .await
        .expect("the bot confirms its own invoice");
    assert_eq!(
        paid.message()
            .unwrap()
            .successful_payment
            .unwrap()
            .invoice_payload,
        payment::payments::PAYLOAD
    );
    assert_eq!(
        tg.expect_reply_to(&ann).await.text(),
        "Thank you for your payment of 5 XTR."
    );

    ann.send("/shipping").await;
    let parcel = tg.expect_reply_to(&ann).await;
    let address = json!({"country_code": "DE", "state": "", "city": "Berlin",
        "street_line1": "Unter den Linden 1", "street_line2": "", "post_code": "10117"});
    let paid = ann
        .pay_with_shipping(&parcel, address.clone())
        .await
        .expect("shipping options, then the confirmation");
    let payment = paid.message().unwrap().successful_payment.unwrap();
    assert_eq!(payment.shipping_option_id.as_deref(), Some("standard"));
    assert_eq!(
        payment.total_amount,
        500 + 300,
        "the parcel and the first option's price abroad"
    );
    assert_eq!(
        serde_json::to_value(payment.order_info.unwrap().shipping_address.unwrap()).unwrap()["city"],
        "Berlin"
    );
    assert_eq!(
        tg.expect_reply_to(&ann).await.text(),
        "Thank you for your payment of 800 USD."
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_refuses_an_invoice_that_is_not_its_own() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = running(&tg, payment::payments::handlers()).await;
    let ann = tg.user("ann");
    // An invoice the bot sent with another payload (sent here directly, as another version
    // of the bot might have).
    let foreign = tg
        .bot()
        .send_invoice(
            ann.id(),
            "Old",
            "An old invoice",
            "another-payload",
            "XTR",
            [telebot::api::LabeledPrice::new("Old", 1)],
        )
        .await
        .unwrap();
    let invoice = tg.message(&ann, foreign.message_id).expect("the invoice");
    assert_eq!(
        ann.pay(&invoice).await.unwrap_err(),
        "This invoice is not one of mine."
    );
    running.stop().await.unwrap();
}

/// The passport example reads what a user shares: the nonce, personal details, a document with
/// its front side (downloaded from the fake's file store and decrypted) and an email; with no
/// key configured it says so.
#[cfg(feature = "passport")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passport_decrypts_what_the_user_shares() {
    use passport_seal::{b64, seal};
    use rsa::pkcs1::DecodeRsaPrivateKey;
    let pem = include_str!("fixtures/passport_test_key.pem");
    let private = rsa::RsaPrivateKey::from_pkcs1_pem(pem).unwrap();
    let public = rsa::RsaPublicKey::from(&private);

    let details = json!({"first_name": "Ann", "last_name": "Lee", "birth_date": "01.02.1990",
        "gender": "female", "country_code": "GB", "residence_country_code": "GB"});
    let (details_data, details_hash) = seal(details.to_string().as_bytes(), b"s1", 48);
    let document = json!({"document_no": "P-77", "expiry_date": "31.12.2031"});
    let (document_data, document_hash) = seal(document.to_string().as_bytes(), b"s2", 32);
    let scan = vec![0xAB_u8; 1000];
    let (front, front_hash) = seal(&scan, b"s3", 40);
    let credentials = json!({
        "secure_data": {
            "personal_details": {"data": {"data_hash": b64(&details_hash), "secret": b64(b"s1")}},
            "passport": {"data": {"data_hash": b64(&document_hash), "secret": b64(b"s2")},
                         "front_side": {"file_hash": b64(&front_hash), "secret": b64(b"s3")}}
        },
        "nonce": "order-1001"
    });
    let secret = [5u8; 32];
    let (credentials_data, credentials_hash) =
        seal(credentials.to_string().as_bytes(), &secret, 64);
    let encrypted_secret = public
        .encrypt(
            &mut rand_core::OsRng,
            rsa::Oaep::new::<sha1::Sha1>(),
            &secret,
        )
        .unwrap();
    let elements = vec![
        json!({"type": "personal_details", "data": b64(&details_data), "hash": "h1"}),
        json!({"type": "passport", "data": b64(&document_data), "hash": "h2",
               "front_side": {"upload": b64(&front)}}),
        json!({"type": "email", "email": "ann@example.com", "hash": "h3"}),
    ];
    let credentials = json!({"data": b64(&credentials_data), "hash": b64(&credentials_hash),
        "secret": b64(&encrypted_secret)});

    let tg = FakeTelegram::start().await;
    let key = telebot::passport::PassportKey::from_pem(pem).unwrap();
    let app = app::builder(&tg)
        .state(passport::identity::Key(Some(key)))
        .handlers(passport::identity::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");
    ann.share_passport_data(elements.clone(), credentials.clone())
        .await;
    assert_eq!(
        tg.expect_reply_to(&ann).await.text(),
        "Nonce: order-1001\n\
         Personal details: Ann Lee, born 01.02.1990, GB\n\
         passport: number P-77, valid until 31.12.2031\n  front side: 1000 bytes\n\
         Email: ann@example.com"
    );
    running.stop().await.unwrap();

    // The same bot without a key.
    let app = app::builder(&tg)
        .state(passport::identity::Key(None))
        .handlers(passport::identity::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    ann.share_passport_data(elements, credentials).await;
    assert!(
        tg.expect_reply_to(&ann)
            .await
            .text()
            .contains("TELEBOT_PASSPORT_KEY is not set"),
    );
    running.stop().await.unwrap();
}

/// Init data as Telegram signs it for `token`, made in the test by the documented scheme.
#[cfg(all(feature = "web-app", feature = "axum"))]
fn signed_init_data(token: &str, first_name: &str) -> String {
    use hmac::{Hmac, Mac};
    let mac = |key: &[u8], message: &[u8]| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let user = format!(r#"{{"id":7,"first_name":"{first_name}"}}"#);
    let check = format!("auth_date={now}\nuser={user}");
    let hash: String = mac(&mac(b"WebAppData", token.as_bytes()), check.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let user: String = user
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("auth_date={now}&user={user}&hash={hash}")
}

/// The Web App example: the button opens the page's address, the page is served and its
/// server believes only init data signed with the bot's token, and the colour the page sends
/// back is answered.
#[cfg(all(feature = "web-app", feature = "axum"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_app_serves_its_page_checks_init_data_and_reads_the_colour() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .state(web_app::colours::PageUrl("https://example.com/app/".into()))
        .handlers(web_app::colours::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");
    ann.send("/start").await;
    let offer = tg.expect_reply_to(&ann).await;
    assert_eq!(offer.keyboard(), [["Pick a colour"]]);
    let sent = tg.calls_to("sendMessage").pop().expect("the offer's call");
    assert_eq!(
        sent.param("reply_markup").unwrap()["keyboard"][0][0]["web_app"]["url"],
        "https://example.com/app/"
    );
    ann.send_raw(
        &ann,
        json!({"web_app_data": {"button_text": "Pick a colour",
            "data": r##"{"hex":"#ff8000","rgb":[255,128,0]}"##}}),
    )
    .await;
    assert_eq!(
        tg.expect_reply_to(&ann).await.text(),
        "You picked #ff8000, which is RGB (255, 128, 0)."
    );
    running.stop().await.unwrap();

    let token = tg.token();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server =
        tokio::spawn(axum::serve(listener, web_app::page_router(token.clone())).into_future());
    let http = reqwest::Client::new();
    let page = http.get(format!("http://{address}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Telegram.WebApp"));
    let check = |body: String| {
        let http = http.clone();
        async move {
            let answer = http
                .post(format!("http://{address}/check"))
                .body(body)
                .send()
                .await
                .unwrap();
            (answer.status().as_u16(), answer.text().await.unwrap())
        }
    };
    assert_eq!(
        check(signed_init_data(&token, "Ann")).await,
        (200, "Hello, Ann!".to_string())
    );
    let (status, text) = check(signed_init_data("42:someone-else", "Ann")).await;
    assert_eq!(status, 403, "{text}");
    let (status, _) = check(signed_init_data(&token, "Ann").replace("Ann", "Eve")).await;
    assert_eq!(status, 403, "changed after signing");
    server.abort();
}
