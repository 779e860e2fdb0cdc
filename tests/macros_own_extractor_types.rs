//! A parameter type of the bot's own named like one of telebot's is a plain extractor (#22):
//! the macros ask the compiler what a parameter's type is instead of reading its name, so a
//! `Callback<T>` of the bot's own, even of callback data, restricts no handler to `T`'s prefix.

#[path = "support/app.rs"]
mod app;

use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::callback_data::CallbackData;
use telebot::extract::{ExtractError, FromContext};
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, HandlerResult, callback_query, command, handlers};

#[derive(Default, CallbackData)]
#[callback_data(prefix = "vote")]
struct Vote {
    choice: u8,
}

/// The bot's own parameter type, named like telebot's `Callback`.
struct Callback<T>(T);

impl<K, T: Default + Send> FromContext<K> for Callback<T> {
    async fn from_context(_: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(Callback(T::default()))
    }
}

#[command("menu")]
async fn menu(bot: Bot, msg: Message) -> HandlerResult {
    let keyboard =
        InlineKeyboardMarkup::from_rows([[InlineKeyboardButton::callback("Go", "plain")]]);
    bot.send_message(msg.chat.id, "Menu")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

#[callback_query]
async fn pressed(bot: Bot, query: CallbackQuery, Callback(vote): Callback<Vote>) -> HandlerResult {
    query
        .answer(&bot)
        .text(format!("taken with {}", vote.choice))
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_callback_type_of_the_bots_own_restricts_no_handler_to_a_prefix() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(handlers![menu, pressed])
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    alice.send("/menu").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    // "plain" has no `vote` prefix: telebot's `Callback<Vote>` would not take it.
    let go = alice.press(&keyboard, "Go").await;
    assert_eq!(
        go.expect_answer().await.text.as_deref(),
        Some("taken with 0")
    );

    running.stop().await.unwrap();
}
