//! Albums: the parts of one media group reach a `MediaGroupHandler` once, together and in
//! order, after they settle; other albums and chats are kept apart.

#[path = "support/app.rs"]
mod app;

use serde_json::json;
use std::time::Duration;
use telebot::extract::Album;
use telebot::handlers::MediaGroupHandler;
use telebot::testing::FakeTelegram;
use telebot::{Bot, HandlerResult};

fn part(group: &str, file: &str, caption: Option<&str>) -> serde_json::Value {
    let mut content = json!({
        "media_group_id": group,
        "photo": [{"file_id": file, "file_unique_id": file, "width": 90, "height": 90}],
    });
    if let Some(caption) = caption {
        content["caption"] = json!(caption);
    }
    content
}

#[tokio::test]
async fn an_album_is_handled_once_with_all_its_parts() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        MediaGroupHandler::new(|bot: Bot, Album(messages): Album| async move {
            let files: Vec<String> = messages
                .iter()
                .filter_map(|m| m.photo.as_ref()?.first().map(|p| p.file_id.clone()))
                .collect();
            let caption = messages
                .iter()
                .find_map(|m| m.caption.clone())
                .unwrap_or_default();
            bot.send_message(
                messages[0].chat.id,
                format!("{} photos {caption}: {}", messages.len(), files.join(",")),
            )
            .await?;
            HandlerResult::Ok(())
        })
        .debounce(Duration::from_millis(150)),
        0,
    );
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    // Every part is queued before the bot polls, so that one getUpdates brings them all: the
    // test never races the debounce with its own sends.
    alice.send_raw(&alice, part("a1", "A", Some("trip"))).await;
    bob.send_raw(&bob, part("b1", "X", None)).await;
    alice.send_raw(&alice, part("a1", "B", None)).await;
    alice.send_raw(&alice, part("a1", "C", None)).await;
    bob.send_raw(&bob, part("b1", "Y", None)).await;
    assert_eq!(tg.pending_updates().len(), 5);
    let running = app::run(&tg, &app).await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "3 photos trip: A,B,C"
    );
    assert_eq!(tg.expect_reply_to(&bob).await.text(), "2 photos : X,Y");
    running.stop().await.unwrap();
    assert_eq!(tg.calls_to("sendMessage").len(), 2, "one call per album");
}
