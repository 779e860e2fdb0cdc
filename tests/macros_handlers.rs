//! Handler attributes end to end through the fake Telegram: each attribute kind handles its
//! update, typed `Args` answer a usage line built from the signature and the description, and
//! `Groups` take a regex's capture groups.

#[path = "support/app.rs"]
mod app;

use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::extract::{Args, Groups, Rest};
use telebot::testing::FakeTelegram;
use telebot::{Bot, HandlerResult, callback_query, command, filters, handlers, message, regex};

/// Greets the user.
#[command("start", "hi")]
async fn start(bot: Bot, msg: Message) -> HandlerResult {
    msg.reply_text(&bot, "Hello!").await?;
    Ok(())
}

/// Adds two integers.
#[command("add")]
async fn add(bot: Bot, msg: Message, Args((a, b)): Args<(i64, i64)>) -> HandlerResult {
    msg.reply_text(&bot, a.saturating_add(b).to_string())
        .await?;
    Ok(())
}

/// Repeats the text.
#[command("say")]
async fn say(bot: Bot, msg: Message, Rest(text): Rest) -> HandlerResult {
    msg.reply_text(&bot, text).await?;
    Ok(())
}

#[regex(r"^hello (?P<name>\w+)$")]
async fn hello(bot: Bot, msg: Message, Groups((name,)): Groups<(String,)>) -> HandlerResult {
    msg.reply_text(&bot, format!("Hello, {name}")).await?;
    Ok(())
}

#[command("vote")]
async fn vote(bot: Bot, msg: Message) -> HandlerResult {
    let keyboard = InlineKeyboardMarkup::from_rows([[
        InlineKeyboardButton::callback("Up", "vote:1"),
        InlineKeyboardButton::callback("Down", "vote:-1"),
    ]]);
    bot.send_message(msg.chat.id, "Vote")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

#[callback_query(pattern = r"^vote:(-?\d+)$")]
async fn voted(bot: Bot, query: CallbackQuery, Groups((n,)): Groups<(i64,)>) -> HandlerResult {
    query.answer(&bot).text(format!("counted {n}")).await?;
    Ok(())
}

#[message(filter = filters::text(), group = 1)]
async fn echo(bot: Bot, msg: Message) -> HandlerResult {
    msg.reply_text(
        &bot,
        format!("echo: {}", msg.text.clone().unwrap_or_default()),
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn commands_regexes_callbacks_and_messages_reach_their_functions() {
    let tg = FakeTelegram::start().await;
    let set = handlers![start, add, say, hello, vote, voted];
    let app = app::builder(&tg).handlers(set).build().unwrap();
    app.add_handlers(handlers![echo]).unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    alice.send("/hi").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Hello!");
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "echo: /hi",
        "group 1 sees it too"
    );

    alice.send("/add 2 40").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "42");
    tg.expect_reply_to(&alice).await;

    alice.send("/add 2 x").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "Usage: /add <a> <b>\nAdds two integers.\n`x` is not an integer"
    );
    tg.expect_reply_to(&alice).await;

    alice.send("/say one  two").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "one two");
    tg.expect_reply_to(&alice).await;

    alice.send("hello bob").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Hello, bob");
    tg.expect_reply_to(&alice).await;

    alice.send("/vote").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    tg.expect_reply_to(&alice).await;
    let down = alice.press(&keyboard, "Down").await;
    assert_eq!(
        down.expect_answer().await.text.as_deref(),
        Some("counted -1")
    );

    running.stop().await.unwrap();
}

/// Bans a user.
#[telebot::prefix(prefix = ["!", "#"], command = "ban")]
async fn ban(bot: Bot, msg: Message, Args((who,)): Args<(String,)>) -> HandlerResult {
    msg.reply_text(&bot, format!("{who} is banned")).await?;
    Ok(())
}

#[tokio::test]
async fn prefix_commands_take_every_prefix_and_their_args() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).handlers(handlers![ban]).build().unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    alice.send("!ban bob").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "bob is banned");
    alice.send("#BAN carol").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "carol is banned",
        "prefix and command are compared without case"
    );
    alice.send("!ban").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "Usage: !ban <who>\nBans a user.\nexpected 1 argument, got 0",
        "the usage line names the prefix the user typed"
    );
    alice.send("?ban dave").await;
    alice.send("/ban erin").await;
    alice.send("!ban frank").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "frank is banned",
        "another prefix, or a slash command, is not this handler's"
    );

    running.stop().await.unwrap();
}
