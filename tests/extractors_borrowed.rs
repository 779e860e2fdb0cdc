//! Borrowed handler parameters (`&Message`, `&User`, `&Chat`, `&Update`, `&Bot`,
//! `&CallbackContext`, an update kind's payload such as `&CallbackQuery`) read the update being handled, as their owned forms do, and leave it
//! whole for the handlers after them.

#[path = "support/app.rs"]
mod app;

use telebot::api::{
    CallbackQuery, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, User,
};
use telebot::testing::FakeTelegram;
use telebot::{
    Bot, CallbackContext, HandlerResult, Update, callback_query, command, handlers, message,
};

/// Says what each borrowed parameter holds.
#[command("who")]
async fn who(
    bot: &Bot,
    msg: &Message,
    user: &User,
    chat: &Chat,
    update: &Update,
    ctx: &CallbackContext,
) -> HandlerResult {
    let same_update = ctx.update().map(|u| u.update_id) == Some(update.update_id);
    let text = format!(
        "{} from {} in {} (update in context: {same_update})",
        msg.text.as_deref().unwrap_or_default(),
        user.first_name,
        chat.id,
    );
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// Offers a button to press.
#[command("button")]
async fn button(bot: Bot, msg: &Message) -> HandlerResult {
    let keyboard =
        InlineKeyboardMarkup::from_rows([[InlineKeyboardButton::callback("Press", "p")]]);
    bot.send_message(msg.chat.id, "Here")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

/// Answers with the presser's name, the query and the user borrowed.
#[callback_query]
async fn pressed(bot: &Bot, query: &CallbackQuery, user: &User) -> HandlerResult {
    query
        .answer(bot)
        .text(format!("pressed by {}", user.first_name))
        .await?;
    Ok(())
}

/// In a later group, takes the message by value: the borrow before it took nothing away.
#[message(group = 1)]
async fn later(bot: Bot, msg: Message) -> HandlerResult {
    let text = format!("later: {}", msg.text.unwrap_or_default());
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

#[tokio::test]
async fn borrowed_parameters_read_the_update_and_leave_it_to_the_next_handlers() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(handlers![who, button, pressed, later])
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    let first_name = alice.json()["first_name"].as_str().unwrap().to_owned();
    alice.send("/who").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        format!(
            "/who from {first_name} in {} (update in context: true)",
            alice.id()
        ),
        "a private chat's id is the user's"
    );
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "later: /who");

    alice.send("/button").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "later: /button");
    let press = alice.press(&keyboard, "Press").await;
    assert_eq!(
        press.expect_answer().await.text.as_deref(),
        Some(format!("pressed by {first_name}").as_str())
    );

    running.stop().await.unwrap();
}
