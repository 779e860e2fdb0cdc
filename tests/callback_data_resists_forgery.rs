//! Signed callback data against forgery and replay, pressed through the fake Telegram: a
//! signature of 128 bits, keys of at least 32 bytes, buttons bound to the chat and the user
//! they were sent to, and cached values read only as their own type.

#[path = "support/app.rs"]
mod app;

use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::callback_data::{CallbackData, CallbackDataCodec, InvalidCallbackData};
use telebot::extract::Callback;
use telebot::handlers::{CallbackQueryHandler, CommandHandler};
use telebot::testing::{FakeTelegram, SentMessage, TestUser};
use telebot::{Bot, CallbackContext, HandlerResult};

/// The only place the tests touch the codec's setup and packing API, so that the same tests
/// can be run against a telebot before this hardening (with this module adapted).
mod compat {
    use super::*;

    /// A signed codec with the default settings, or why the key was refused.
    pub fn try_signed(key: &[u8]) -> Result<CallbackDataCodec, String> {
        CallbackDataCodec::new()
            .signed(key)
            .map_err(|e| e.to_string())
    }

    /// The data of a button in the reply to `msg`.
    pub fn pack_reply<T: CallbackData>(
        codec: &CallbackDataCodec,
        value: &T,
        msg: &Message,
    ) -> String {
        codec.pack_for(value, msg)
    }
}

const KEY: &[u8; 32] = b"forgery tests: a 32-byte secret!";

/// What the bot answers to data it refused.
const REFUSED: &str = "refused";

#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "vote")]
struct Vote {
    poll: u32,
    note: String,
}

/// A type whose prefix has `vote`'s length: `vote#KEY` edited to `kick#KEY`.
#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "kick")]
struct Kick {
    user: u32,
    note: String,
}

const LONG: &str = "a note long enough that the value cannot travel in the button itself";

/// `/menu`: a short (inline) and a long (cached) vote button, packed for the message's chat
/// and sender.
async fn menu(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    let codec = ctx.application().callback_data();
    let short = Vote {
        poll: 42,
        note: "tea".into(),
    };
    let long = Vote {
        poll: 43,
        note: LONG.into(),
    };
    let keyboard = InlineKeyboardMarkup::from_rows([[
        InlineKeyboardButton::callback("Short", compat::pack_reply(codec, &short, &msg)),
        InlineKeyboardButton::callback("Long", compat::pack_reply(codec, &long, &msg)),
    ]]);
    bot.send_message(msg.chat.id, "Menu")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

async fn voted(bot: Bot, query: CallbackQuery, Callback(vote): Callback<Vote>) -> HandlerResult {
    query
        .answer(&bot)
        .text(format!("voted {}", vote.poll))
        .await?;
    Ok(())
}

async fn kicked(bot: Bot, query: CallbackQuery, Callback(kick): Callback<Kick>) -> HandlerResult {
    query
        .answer(&bot)
        .text(format!("kicked {}", kick.user))
        .await?;
    Ok(())
}

/// A bot with the menu and both typed handlers, answering refused data with [`REFUSED`].
async fn start(
    tg: &FakeTelegram,
    codec: CallbackDataCodec,
) -> (telebot::Application, app::Running) {
    let app = app::builder(tg)
        .callback_data(codec)
        .invalid_callback_data_reply(REFUSED)
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("menu", menu), 0);
    app.add_handler(CallbackQueryHandler::new(voted).data::<Vote>(), 0);
    app.add_handler(CallbackQueryHandler::new(kicked).data::<Kick>(), 0);
    let running = app::run(tg, &app).await;
    (app, running)
}

async fn answer_to(user: &TestUser, keyboard: &SentMessage, data: &str) -> String {
    user.press_forged(keyboard, data)
        .await
        .expect_answer()
        .await
        .text
        .unwrap_or_default()
}

fn data_of(keyboard: &SentMessage, button: &str) -> String {
    keyboard.button(button).unwrap().callback_data.unwrap()
}

#[tokio::test]
async fn signatures_are_128_bits_by_default() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = start(&tg, compat::try_signed(KEY).unwrap()).await;
    let alice = tg.user("alice");
    alice.send("/menu").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    let short = data_of(&keyboard, "Short");
    let (_, signature) = short.rsplit_once(':').unwrap();
    // 128 bits take 22 characters of base64 (6 bits each).
    assert!(
        signature.len() * 6 >= 128,
        "the signature {signature:?} of {short:?} has {} bits",
        signature.len() * 6
    );
    assert_eq!(answer_to(&alice, &keyboard, &short).await, "voted 42");
    // The signature cut to the old 8 characters does not pass.
    let cut = &short[..short.len() - signature.len() + 8];
    assert_eq!(answer_to(&alice, &keyboard, cut).await, REFUSED);
    running.stop().await.unwrap();
}

#[test]
fn signing_keys_shorter_than_32_bytes_are_refused_at_construction() {
    for short in [&b""[..], b"key", &[7u8; 31]] {
        let error = compat::try_signed(short)
            .map(|_| ())
            .expect_err("a key shorter than 32 bytes");
        assert!(error.contains("32"), "the error names the length: {error}");
        assert!(
            error.contains(&format!("has {} bytes", short.len())),
            "{error}"
        );
    }
    assert!(compat::try_signed(&[7u8; 32]).is_ok());
}

#[tokio::test]
async fn a_button_pressed_by_another_user_or_in_another_chat_is_refused() {
    let tg = FakeTelegram::start().await;
    let (_app, running) = start(&tg, compat::try_signed(KEY).unwrap()).await;
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    alice.send("/menu").await;
    let privately = tg.expect_reply_to(&alice).await;
    let group = tg.group("club");
    group.add(&alice).await;
    group.add(&bob).await;
    alice.send_in(&group, "/menu").await;
    let in_group = tg.expect_message_in(&group).await;

    // Alice's own buttons, where they were sent: accepted, inline and cached alike.
    for keyboard in [&privately, &in_group] {
        assert_eq!(
            alice
                .press(keyboard, "Short")
                .await
                .expect_answer()
                .await
                .text
                .as_deref(),
            Some("voted 42")
        );
        assert_eq!(
            alice
                .press(keyboard, "Long")
                .await
                .expect_answer()
                .await
                .text
                .as_deref(),
            Some("voted 43")
        );
    }
    for button in ["Short", "Long"] {
        // Another user, in the chat the button was sent to.
        let answer = bob.press(&in_group, button).await.expect_answer().await;
        assert_eq!(
            answer.text.as_deref(),
            Some(REFUSED),
            "bob pressing {button}"
        );
        // Alice's private button replayed in the group, by alice.
        let replayed = answer_to(&alice, &in_group, &data_of(&privately, button)).await;
        assert_eq!(replayed, REFUSED, "{button} replayed in another chat");
        // The group's button replayed in alice's private chat.
        let replayed = answer_to(&alice, &privately, &data_of(&in_group, button)).await;
        assert_eq!(replayed, REFUSED, "{button} replayed in another chat");
    }
    running.stop().await.unwrap();
}

/// `vote#KEY` sent back as `kick#KEY`: the cached value is a vote, never read as a kick.
async fn cached_value_of_another_type_is_refused(codec: CallbackDataCodec) {
    let tg = FakeTelegram::start().await;
    let (_app, running) = start(&tg, codec).await;
    let alice = tg.user("alice");
    alice.send("/menu").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    let long = data_of(&keyboard, "Long");
    let key = long.strip_prefix("vote#").expect("the long vote is cached");
    let swapped = format!("kick#{key}");
    assert_eq!(answer_to(&alice, &keyboard, &swapped).await, REFUSED);
    assert_eq!(answer_to(&alice, &keyboard, &long).await, "voted 43");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_cached_value_is_read_only_as_its_own_type_unsigned() {
    cached_value_of_another_type_is_refused(CallbackDataCodec::new()).await;
}

#[tokio::test]
async fn a_cached_value_is_read_only_as_its_own_type_signed() {
    cached_value_of_another_type_is_refused(compat::try_signed(KEY).unwrap()).await;
}

/// The reason given to the invalid-data handler for a press by another user.
#[tokio::test]
async fn a_replayed_button_reaches_the_invalid_data_handler_as_a_bad_signature() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .callback_data(compat::try_signed(KEY).unwrap())
        .on_invalid_callback_data(
            |bot: Bot, query: CallbackQuery, ctx: CallbackContext| async move {
                let why = ctx
                    .error()
                    .and_then(|e| e.downcast_ref::<InvalidCallbackData>())
                    .map(|why| match why {
                        InvalidCallbackData::BadSignature { .. } => "bad signature".to_string(),
                        other => other.to_string(),
                    })
                    .unwrap_or_default();
                query.answer(&bot).text(why).await?;
                HandlerResult::Ok(())
            },
        )
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("menu", menu), 0);
    app.add_handler(CallbackQueryHandler::new(voted).data::<Vote>(), 0);
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    let mallory = tg.user("mallory");
    alice.send("/menu").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    let answer = mallory
        .press(&keyboard, "Short")
        .await
        .expect_answer()
        .await;
    assert_eq!(answer.text.as_deref(), Some("bad signature"));
    running.stop().await.unwrap();
}
