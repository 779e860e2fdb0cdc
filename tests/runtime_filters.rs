//! A filter-heavy bot end to end through the fake Telegram: each filter family routes real
//! messages (text, commands, photos, documents by mime type, locations, dice, forwards, replies,
//! new members, entities, chat types, runtime-updatable user lists, regex captures) to its
//! handler, and combinations route as `&`, `|` and `!` say.

#[path = "support/app.rs"]
mod app;

use serde_json::json;
use telebot::api::Message;
use telebot::extract::Matches;
use telebot::filters::{self, SharedFilter, Users, chat_type, document, media, status_update};
use telebot::handlers::MessageHandler;
use telebot::testing::FakeTelegram;
use telebot::{Bot, HandlerResult};

/// A handler that answers with `label` (and the first regex group, if any).
fn label(filter: SharedFilter, label: &'static str) -> MessageHandler {
    MessageHandler::new(
        filter,
        move |bot: Bot, msg: Message, m: Matches| async move {
            let text = match m.first().and_then(|m| m.get(1)) {
                Some(group) => format!("{label}:{group}"),
                None => label.to_string(),
            };
            bot.send_message(msg.chat.id, text).await?;
            HandlerResult::Ok(())
        },
    )
}

#[tokio::test]
async fn every_filter_family_routes_real_messages() {
    let tg = FakeTelegram::start().await;
    let vip = Users::new([]);
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(label(status_update::new_chat_members(), "welcome"), 0)
        .add_handler(label(vip.filter() & filters::text(), "vip"), 0)
        .add_handler(label(filters::command(), "command"), 0)
        .add_handler(label(filters::regex(r"^order (\d+)$"), "order"), 0)
        .add_handler(label(filters::forwarded(), "forwarded"), 0)
        .add_handler(label(filters::reply() & filters::text(), "reply"), 0)
        .add_handler(label(filters::entities("url"), "link"), 0)
        .add_handler(
            label(media::photo() & filters::caption(), "captioned photo"),
            0,
        )
        .add_handler(label(media::photo(), "photo"), 0)
        .add_handler(label(document::mime_type("application/pdf"), "pdf"), 0)
        .add_handler(label(document::all(), "other document"), 0)
        .add_handler(label(media::location() | media::venue(), "place"), 0)
        .add_handler(label(media::dice(), "dice"), 0)
        .add_handler(
            label(chat_type::groups() & filters::text(), "group text"),
            0,
        )
        .add_handler(
            label(
                filters::text() & !filters::text_in(["ignored"]),
                "private text",
            ),
            0,
        );
    let running = app::run(&tg, &app).await;

    let alice = tg.user("alice");
    let bob = tg.user("bob");
    let mut script: Vec<(&str, String)> = Vec::new();
    alice.send("/help").await;
    script.push(("/help", "command".into()));
    alice.send("order 42").await;
    script.push(("regex", "order:42".into()));
    alice.send("see https://example.com").await;
    script.push(("url entity", "link".into()));
    alice
        .send_photo(&alice, &b"\x89PNG\r\n\x1a\nfake"[..], Some("look"))
        .await;
    script.push(("photo with caption", "captioned photo".into()));
    alice
        .send_photo(&alice, &b"\x89PNG\r\n\x1a\nfake"[..], None)
        .await;
    script.push(("photo", "photo".into()));
    alice
        .send_document(&alice, "report.pdf", &b"%PDF-1.7"[..])
        .await;
    script.push(("pdf", "pdf".into()));
    alice.send_document(&alice, "notes.txt", &b"hi"[..]).await;
    script.push(("txt", "other document".into()));
    alice
        .send_raw(
            &alice,
            json!({"location": {"latitude": 51.5, "longitude": -0.1}}),
        )
        .await;
    script.push(("location", "place".into()));
    alice
        .send_raw(&alice, json!({"dice": {"emoji": "🎲", "value": 6}}))
        .await;
    script.push(("dice", "dice".into()));
    alice
        .send_raw(&alice, json!({"text": "fwd", "forward_origin": {"type": "hidden_user", "date": 1, "sender_user_name": "X"}}))
        .await;
    script.push(("forward", "forwarded".into()));
    let earlier = alice.send("first").await;
    script.push(("plain text", "private text".into()));
    alice.reply_to(&earlier, "second").await;
    script.push(("reply", "reply".into()));
    alice.send("ignored").await; // text_in(["ignored"]) is excluded: no handler answers
    for (what, expected) in &script {
        assert_eq!(
            tg.expect_reply_to(&alice).await.text(),
            expected,
            "routing of {what}"
        );
    }

    let group = tg.group("club");
    group.add(&alice).await;
    group.add_bot(&alice).await;
    group.add(&bob).await;
    // The service messages of both joins reach the welcome handler.
    assert_eq!(tg.expect_message_in(&group).await.text(), "welcome");
    assert_eq!(tg.expect_message_in(&group).await.text(), "welcome");
    bob.send_in(&group, "hi all").await;
    assert_eq!(tg.expect_message_in(&group).await.text(), "group text");
    vip.add(bob.id());
    bob.send_in(&group, "hi again").await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "vip",
        "the user list changed at runtime"
    );
    running.stop().await.unwrap();
    assert_eq!(
        tg.bot_messages_in(&alice).len(),
        script.len(),
        "`ignored` got no answer"
    );
}
