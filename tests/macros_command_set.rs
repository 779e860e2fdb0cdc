//! The command set end to end: `setMyCommands` per scope and language equals the declared set
//! and is sent only when Telegram's menu differs; the generated `/help`; "did you mean" for
//! unknown commands; `require = admin` with a cached status; clashes between sets refused at
//! build time with both places.

#[path = "support/app.rs"]
mod app;

use serde_json::{Value, json};
use telebot::commands::{CommandOptions, CommandScope};
use telebot::testing::FakeTelegram;

#[telebot::bot]
mod bot {
    use telebot::commands::Help;
    use telebot::{Bot, HandlerResult, api::Message};

    /// Greets you.
    #[command("start", description(de = "Begrüßt dich"))]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(&bot, "Hello!").await?;
        Ok(())
    }

    /// Lists the commands.
    #[command("help")]
    async fn help(bot: Bot, msg: Message, Help(text): Help) -> HandlerResult {
        msg.reply_text(&bot, text).await?;
        Ok(())
    }

    /// Shows your settings.
    #[command("settings", scope = all_private_chats)]
    async fn settings(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(&bot, "settings").await?;
        Ok(())
    }

    /// Bans the replied-to user.
    #[command("ban", scope = all_chat_administrators, require = admin)]
    async fn ban(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(&bot, "banned").await?;
        Ok(())
    }

    #[command("debug", description = "Internal", hidden)]
    async fn debug(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(&bot, "debug").await?;
        Ok(())
    }

    #[message(filter = telebot::filters::text(), group = 1)]
    async fn echo(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(
            &bot,
            format!("echo: {}", msg.text.clone().unwrap_or_default()),
        )
        .await?;
        Ok(())
    }
}

fn commands(list: &[(&str, &str)]) -> Value {
    list.iter()
        .map(|(c, d)| json!({"command": c, "description": d}))
        .collect()
}

#[tokio::test]
async fn set_my_commands_per_scope_equals_the_declared_set_and_is_sent_only_when_it_differs() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(bot::handlers())
        .command_options(CommandOptions::new().sync_menu(true))
        .build()
        .unwrap();
    app.initialize().await.unwrap();
    let sent: Vec<(Value, Option<String>, Value)> = tg
        .calls_to("setMyCommands")
        .iter()
        .map(|call| {
            let params = &call.params;
            (
                params["scope"].clone(),
                params
                    .get("language_code")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                params["commands"].clone(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (
                json!({"type": "default"}),
                None,
                commands(&[("start", "Greets you."), ("help", "Lists the commands.")])
            ),
            (
                json!({"type": "default"}),
                Some("de".to_string()),
                commands(&[("start", "Begrüßt dich"), ("help", "Lists the commands.")])
            ),
            (
                json!({"type": "all_private_chats"}),
                None,
                commands(&[("settings", "Shows your settings.")])
            ),
            (
                json!({"type": "all_chat_administrators"}),
                None,
                commands(&[("ban", "Bans the replied-to user.")])
            ),
        ]
    );
    let again = app.sync_commands().await.unwrap();
    assert!(again.updated.is_empty(), "{again:?}");
    assert_eq!(
        again.unchanged.first(),
        Some(&(CommandScope::Default, None))
    );
    assert_eq!(
        tg.calls_to("setMyCommands").len(),
        4,
        "nothing differs: nothing is sent"
    );
}

#[tokio::test]
async fn help_unknown_commands_and_admin_only_commands() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).handlers(bot::handlers()).build().unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");

    alice.send("/help").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "/start - Greets you.\n/help - Lists the commands.\n/settings - Shows your settings."
    );
    tg.expect_reply_to(&alice).await; // the echo in group 1

    alice.send("/strat").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "I don't know /strat. Did you mean /start?"
    );
    alice.send("ping").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "echo: ping",
        "the unknown command stopped there: the echo did not see it"
    );
    alice.send("/weather").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "I don't know /weather. Send /help to see what I can do."
    );

    let group = tg.supergroup("friends");
    let bob = tg.user("bob");
    group.add_admin(&alice).await;
    group.add(&bob).await;
    bob.send_in(&group, "/ban").await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "Sorry, only the chat's admins can use /ban."
    );
    tg.expect_message_in(&group).await; // echo
    alice.send_in(&group, "/ban").await;
    assert_eq!(tg.expect_message_in(&group).await.text(), "banned");
    tg.expect_message_in(&group).await;
    let lookups = tg.calls_to("getChatMember").len();
    alice.send_in(&group, "/ban").await;
    assert_eq!(tg.expect_message_in(&group).await.text(), "banned");
    tg.expect_message_in(&group).await;
    assert_eq!(
        tg.calls_to("getChatMember").len(),
        lookups,
        "the status was cached"
    );
    running.stop().await.unwrap();
}

mod first {
    pub const LINE: u32 = line!() + 2;
    #[telebot::command("start")]
    pub async fn start() {}
}

mod second {
    pub const LINE: u32 = line!() + 2;
    #[telebot::command("go", "start")]
    pub async fn go() {}
}

#[tokio::test]
async fn the_same_command_in_two_sets_is_refused_at_build_with_both_places() {
    let tg = FakeTelegram::start().await;
    let error = app::builder(&tg)
        .handlers(telebot::handlers![first::start])
        .handlers(telebot::handlers![second::go])
        .build()
        .unwrap_err();
    let file = "tests/macros_command_set.rs";
    assert_eq!(
        error.to_string(),
        format!(
            "the handlers do not fit together: command `/start` is declared twice: at {file}:{} and at {file}:{}",
            first::LINE,
            second::LINE
        )
    );
    let app = app::builder(&tg)
        .handlers(telebot::handlers![first::start])
        .build()
        .unwrap();
    assert!(
        app.add_handlers(telebot::handlers![second::go]).is_err(),
        "adding after build is checked the same way"
    );
}
