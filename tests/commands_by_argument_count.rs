//! Routing a command by its arguments (issue #23, PTB's `has_args`): `/start` and
//! `/start <payload>` go to different handlers declared with `args = none` and `args = some`
//! (the menu lists `/start` once); `Option<Args<T>>` takes both in one handler; the builder's
//! `has_args` does the same for a hand-written handler.

#[path = "support/app.rs"]
mod app;

use telebot::commands::HasArgs;
use telebot::handlers::CommandHandler;
use telebot::testing::FakeTelegram;

#[telebot::bot]
mod deep_links {
    use telebot::api::Message;
    use telebot::extract::{Args, Rest};
    use telebot::{Bot, HandlerResult};

    /// Greets you.
    #[command("start", args = none)]
    async fn welcome(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(msg.chat.id, "welcome").await?;
        Ok(())
    }

    /// Opens a deep link.
    #[command("start", args = some)]
    async fn deep_link(bot: Bot, msg: Message, Args(Rest(payload)): Args<Rest>) -> HandlerResult {
        bot.send_message(msg.chat.id, format!("payload {payload}"))
            .await?;
        Ok(())
    }

    /// Shows a referral, if any.
    #[command("ref")]
    async fn referral(bot: Bot, msg: Message, code: Option<Args<(u32,)>>) -> HandlerResult {
        let text = match code {
            Some(Args((code,))) => format!("referral {code}"),
            None => "no referral".to_string(),
        };
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    }

    /// Takes exactly two words.
    #[command("pair", args = 2)]
    async fn pair(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(msg.chat.id, "a pair").await?;
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_with_and_without_a_payload_reach_different_handlers() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(deep_links::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    for (sent, expected) in [
        ("/start", "welcome"),
        ("/start abc123", "payload abc123"),
        ("/ref", "no referral"),
        ("/ref 42", "referral 42"),
        ("/pair a b", "a pair"),
    ] {
        alice.send(sent).await;
        assert_eq!(tg.expect_reply_to(&alice).await.text(), expected, "{sent}");
    }
    // `/pair` with one word matches no handler of /pair: it is a known command, not answered.
    alice.send("/pair a").await;
    alice.send("/start").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "welcome");
    let menus = app.command_set().menus();
    let names: Vec<&str> = menus[0]
        .commands
        .iter()
        .map(|c| c.command.as_str())
        .collect();
    assert_eq!(names, ["start", "ref", "pair"], "/start is listed once");
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_written_handler_takes_has_args_too() {
    async fn bare(bot: telebot::Bot, msg: telebot::api::Message) -> telebot::HandlerResult {
        bot.send_message(msg.chat.id, "bare").await?;
        Ok(())
    }
    async fn with_args(bot: telebot::Bot, msg: telebot::api::Message) -> telebot::HandlerResult {
        bot.send_message(msg.chat.id, "with args").await?;
        Ok(())
    }
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(CommandHandler::new("go", bare).has_args(HasArgs::None), 0);
    app.add_handler(
        CommandHandler::new("go", with_args).has_args(HasArgs::Some),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/go now").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "with args");
    alice.send("/go").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "bare");
    running.stop().await.unwrap();
}
