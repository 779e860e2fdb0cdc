//! The callback-data cache in the persistence backend: a button whose data overflowed into the
//! cache still reads as the same typed value after the bot restarts; a cache written under
//! another signing key is refused as a whole, and its buttons are answered as expired.

#[path = "support/app.rs"]
mod app;
#[path = "support/store.rs"]
mod store;

use std::path::Path;
use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::callback_data::{CallbackData, CallbackDataCodec, InvalidCallbackData};
use telebot::extract::Callback;
use telebot::handlers::{CallbackQueryHandler, CommandHandler};
use telebot::persistence::{FilePersistence, Persistence};
use telebot::testing::{FakeTelegram, SentMessage};
use telebot::{Application, Bot, CallbackContext, HandlerResult};

#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "note")]
struct Note {
    id: u32,
    text: String,
}

/// Two signing keys of 32 bytes.
const KEY_ONE: &[u8; 32] = b"key one: 32 bytes of test secret";
const KEY_TWO: &[u8; 32] = b"key two: 32 bytes of test secret";

fn long_note() -> Note {
    Note {
        id: 7,
        text: "a note far too long for the sixty-four bytes a button's callback_data may hold"
            .into(),
    }
}

async fn menu(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    let codec = ctx.application().callback_data();
    let short = Note {
        id: 1,
        text: "hi".into(),
    };
    let keyboard = InlineKeyboardMarkup::from_rows([[
        InlineKeyboardButton::callback("Short", codec.pack_for(&short, &msg)),
        InlineKeyboardButton::callback("Long", codec.pack_for(&long_note(), &msg)),
    ]]);
    bot.send_message(msg.chat.id, "Notes")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

async fn read(bot: Bot, query: CallbackQuery, Callback(note): Callback<Note>) -> HandlerResult {
    query
        .answer(&bot)
        .text(format!("{}: {}", note.id, note.text))
        .await?;
    Ok(())
}

/// Answers refused data with the reason's kind, so the test sees why it was refused.
async fn refused(bot: Bot, query: CallbackQuery, ctx: CallbackContext) -> HandlerResult {
    let why = match ctx
        .error()
        .and_then(|e| e.downcast_ref::<InvalidCallbackData>())
    {
        Some(InvalidCallbackData::Expired { .. }) => "expired",
        Some(InvalidCallbackData::BadSignature { .. }) => "bad signature",
        Some(_) => "other",
        None => "no reason",
    };
    query.answer(&bot).text(why).await?;
    Ok(())
}

/// One life of the bot: the notes handlers over the file store in `dir`, signing with `key`.
fn bot_over(tg: &FakeTelegram, dir: &Path, key: &[u8], write_through: bool) -> Application {
    let store = FilePersistence::open(dir)
        .unwrap()
        .write_through(write_through);
    let app = app::builder(tg)
        .callback_data(CallbackDataCodec::new().signed(key).unwrap())
        .on_invalid_callback_data(refused)
        .persistence(store)
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("menu", menu), 0);
    app.add_handler(CallbackQueryHandler::new(read).data::<Note>(), 0);
    app
}

async fn press(tg: &FakeTelegram, keyboard: &SentMessage, button: &str) -> Option<String> {
    let alice = tg.user("alice");
    alice
        .press(keyboard, button)
        .await
        .expect_answer()
        .await
        .text
}

/// The first life: `/menu` is answered with a keyboard whose long button went to the cache;
/// the bot then stops gracefully (which writes the cache).
async fn first_life(tg: &FakeTelegram, dir: &Path) -> SentMessage {
    let app = bot_over(tg, dir, KEY_ONE, false);
    let running = app::run(tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/menu").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    let long = keyboard.buttons()[0][1].callback_data.clone().unwrap();
    assert!(long.starts_with("note#"), "the long note is cached: {long}");
    assert_eq!(app.callback_data().cached(), 1);
    running.stop().await.unwrap();
    keyboard
}

#[tokio::test]
async fn a_cached_button_reads_the_same_value_after_a_restart() {
    let tg = FakeTelegram::start().await;
    let dir = store::TempDir::new("callback-restart");
    let keyboard = first_life(&tg, dir.path()).await;

    let app = bot_over(&tg, dir.path(), KEY_ONE, false);
    let running = app::run(&tg, &app).await;
    assert_eq!(app.callback_data().cached(), 1, "restored at initialize");
    let report = app.startup_report();
    assert!(
        report.contains("callback-data cache: restored 1 long values"),
        "{report}"
    );
    let expected = long_note();
    assert_eq!(
        press(&tg, &keyboard, "Long").await,
        Some(format!("{}: {}", expected.id, expected.text))
    );
    assert_eq!(
        press(&tg, &keyboard, "Short").await.as_deref(),
        Some("1: hi")
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_cache_written_under_another_signing_key_is_refused_and_its_buttons_expire() {
    let tg = FakeTelegram::start().await;
    let dir = store::TempDir::new("callback-other-key");
    let keyboard = first_life(&tg, dir.path()).await;

    let app = bot_over(&tg, dir.path(), KEY_TWO, false);
    let running = app::run(&tg, &app).await;
    assert_eq!(app.callback_data().cached(), 0, "nothing restored");
    let report = app.startup_report();
    assert!(
        report.contains("stored cache refused") && report.contains("another signing key"),
        "{report}"
    );
    assert!(!report.contains("key one"), "the key never shows: {report}");
    // The cached button is stale rather than forged; the inline one fails its signature.
    assert_eq!(
        press(&tg, &keyboard, "Long").await.as_deref(),
        Some("expired")
    );
    assert_eq!(
        press(&tg, &keyboard, "Short").await.as_deref(),
        Some("bad signature")
    );
    running.stop().await.unwrap();

    // The refused cache is not overwritten while nothing new is cached: the bot with the
    // first key still reads it.
    let app = bot_over(&tg, dir.path(), KEY_ONE, false);
    let running = app::run(&tg, &app).await;
    let expected = long_note();
    assert_eq!(
        press(&tg, &keyboard, "Long").await,
        Some(format!("{}: {}", expected.id, expected.text))
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn in_write_through_mode_the_cache_is_stored_before_the_update_counts_as_handled() {
    let tg = FakeTelegram::start().await;
    let dir = store::TempDir::new("callback-write-through");
    let app = bot_over(&tg, dir.path(), KEY_ONE, true);
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/menu").await;
    tg.expect_reply_to(&alice).await;
    assert!(tg.wait_until_idle(std::time::Duration::from_secs(10)).await);
    // Another reader of the same directory, as a restarted process would be.
    let stored = FilePersistence::open(dir.path())
        .unwrap()
        .get_callback_data()
        .await
        .unwrap()
        .expect("the cache is stored without a stop");
    let restored = CallbackDataCodec::new().signed(*KEY_ONE).unwrap();
    assert_eq!(restored.import(&stored), Ok(1));
    running.stop().await.unwrap();
}
