//! Handler kinds, context data and the application's plumbing, end to end through the fake
//! Telegram: callback and inline queries with patterns, chat-member updates (and the derived
//! `allowed_updates` that makes Telegram send them), reactions, poll answers, the type handler
//! with unknown update kinds, chat/user/bot data, chat migration, `State`, `process_update`,
//! `update_queue` and lifecycle hooks.

#[path = "support/app.rs"]
mod app;

use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use telebot::api::{
    CallbackQuery, ChatMember, ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup,
    InlineQuery, InlineQueryResult, InlineQueryResultArticle, InputPollOption,
    InputTextMessageContent, Message, MessageReactionUpdated, PollAnswer,
};
use telebot::extract::{Matches, State};
use telebot::handlers::{
    CallbackQueryHandler, CommandHandler, InlineQueryHandler, MessageHandler, TypeHandler,
    UpdateKindHandler,
};
use telebot::testing::FakeTelegram;
use telebot::{Bot, BotData, ChatData, HandlerResult, Update, UpdateKind, UserData, filters};

#[tokio::test]
async fn callback_queries_match_their_pattern_and_inline_queries_are_answered() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        CommandHandler::new("vote", |bot: Bot, msg: Message| async move {
            let keyboard = InlineKeyboardMarkup::from_rows([[
                InlineKeyboardButton::callback("Up", "vote:1"),
                InlineKeyboardButton::callback("Other", "other"),
            ]]);
            bot.send_message(msg.chat.id, "Vote")
                .reply_markup(keyboard)
                .await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_handler(
        CallbackQueryHandler::new(|bot: Bot, query: CallbackQuery, m: Matches| async move {
            let n = m
                .first()
                .and_then(|m| m.get(1))
                .unwrap_or_default()
                .to_string();
            query.answer(&bot).text(format!("voted {n}")).await?;
            HandlerResult::Ok(())
        })
        .pattern(r"^vote:(\d+)$"),
        0,
    );
    app.add_handler(
        CallbackQueryHandler::new(|bot: Bot, query: CallbackQuery| async move {
            query.answer(&bot).text("fallback").await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_handler(
        InlineQueryHandler::new(|bot: Bot, query: InlineQuery| async move {
            let text = format!("You typed {}", query.query);
            let article = InlineQueryResultArticle::new(
                "1",
                text.clone(),
                InputTextMessageContent::new(text),
            );
            query
                .answer(&bot, [InlineQueryResult::from(article)])
                .await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/vote").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    let up = alice.press(&keyboard, "Up").await;
    assert_eq!(up.expect_answer().await.text.as_deref(), Some("voted 1"));
    let other = alice.press(&keyboard, "Other").await;
    assert_eq!(
        other.expect_answer().await.text.as_deref(),
        Some("fallback"),
        "no pattern match: next handler"
    );
    let inline = alice.inline_query("cats").await;
    let answer = inline.expect_answer().await;
    assert_eq!(answer.results[0]["title"], "You typed cats");
    running.stop().await.unwrap();
}

#[tokio::test]
async fn chat_member_reaction_and_poll_answer_updates_reach_their_handlers() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        UpdateKindHandler::chat_member(|bot: Bot, change: ChatMemberUpdated| async move {
            if let ChatMember::Member(m) = &change.new_chat_member {
                bot.send_message(change.chat.id, format!("Welcome, {}!", m.user.first_name))
                    .await?;
            }
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_handler(
        UpdateKindHandler::message_reaction(|bot: Bot, r: MessageReactionUpdated| async move {
            bot.send_message(r.chat.id, format!("reaction on {}", r.message_id))
                .await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_handler(
        CommandHandler::new("say", |bot: Bot, msg: Message| async move {
            bot.send_message(msg.chat.id, "said").await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    let allowed = app.allowed_updates();
    assert!(
        allowed.contains(&"chat_member".to_string()),
        "derived from the handlers: {allowed:?}"
    );
    assert!(allowed.contains(&"message_reaction".to_string()));
    assert!(
        !allowed.contains(&"inline_query".to_string()),
        "no handler wants inline queries"
    );

    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    let group = tg.supergroup("club");
    group.add(&alice).await;
    group.add_bot(&alice).await;
    group.make_bot_admin(&alice).await;
    group.add(&bob).await;
    let welcomes = [
        tg.expect_message_in(&group).await,
        tg.expect_message_in(&group).await,
    ];
    assert_eq!(
        welcomes.map(|m| m.text().to_string()),
        ["Welcome, Alice!", "Welcome, Bob!"]
    );
    alice.send_in(&group, "/say").await;
    let said = tg.expect_message_in(&group).await;
    assert_eq!(said.text(), "said");
    bob.react(&said, "👍").await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        format!("reaction on {}", said.message_id)
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn poll_answers_and_unknown_update_kinds() {
    let tg = FakeTelegram::start().await;
    // Telegram sends only the kinds `allowed_updates` lists; a bot that knows a newer kind's name
    // asks for it before telebot has a type for it.
    let app = app::builder(&tg)
        .allowed_updates(["message", "poll_answer", "future_kind"])
        .build()
        .unwrap();
    app.add_handler(
        CommandHandler::new("poll", |bot: Bot, msg: Message| async move {
            let options = [InputPollOption::new("Tea"), InputPollOption::new("Coffee")];
            bot.send_poll(msg.chat.id, "Drink?", options)
                .is_anonymous(false)
                .await?;
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_handler(
        UpdateKindHandler::poll_answer(|bot: Bot, answer: PollAnswer| async move {
            if let Some(user) = &answer.user {
                bot.send_message(user.id, format!("you chose {:?}", answer.option_ids))
                    .await?;
            }
            HandlerResult::Ok(())
        }),
        0,
    );
    app.add_handler(
        TypeHandler::new(
            "unknown kinds",
            |u: &Update| matches!(u.kind, UpdateKind::Unknown(_)),
            |bot: Bot, update: Update| async move {
                let UpdateKind::Unknown(unknown) = &update.kind else {
                    unreachable!()
                };
                let chat = unknown.payload["chat_id"].as_i64().unwrap_or_default();
                bot.send_message(chat, format!("unknown kind {}", unknown.kind))
                    .await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/poll").await;
    let poll = tg.expect_reply_to(&alice).await;
    alice.vote(&poll, &[1]).await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "you chose [1]");
    tg.push_update(json!({"future_kind": {"chat_id": alice.id()}}));
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "unknown kind future_kind"
    );
    running.stop().await.unwrap();
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Counter {
    n: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Seen {
    messages: u32,
}

#[tokio::test]
async fn chat_user_and_bot_data_are_kept_per_owner_and_follow_a_migration() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        CommandHandler::new(
            "count",
            |bot: Bot,
             msg: Message,
             mut chat: ChatData<Counter>,
             mut user: UserData<Seen>,
             mut all: BotData<Counter>| async move {
                chat.n += 1;
                user.messages += 1;
                all.n += 1;
                let text = format!("chat {} user {} bot {}", chat.n, user.messages, all.n);
                bot.send_message(msg.chat.id, text).await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    let bob = tg.user("bob");
    let group = tg.group("family");
    group.add(&alice).await;
    group.add_bot(&alice).await;
    group.add(&bob).await;
    alice.send("/count").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "chat 1 user 1 bot 1"
    );
    alice.send_in(&group, "/count").await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "chat 1 user 2 bot 2"
    );
    bob.send_in(&group, "/count").await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "chat 2 user 1 bot 3"
    );
    let supergroup = group.migrate_to_supergroup().await;
    alice.send_in(&supergroup, "/count").await;
    assert_eq!(
        tg.expect_message_in(&supergroup).await.text(),
        "chat 3 user 3 bot 4",
        "the group's data moved to the supergroup"
    );
    running.stop().await.unwrap();
}

#[derive(Clone)]
struct Greeting(&'static str);

#[tokio::test]
async fn state_process_update_update_queue_and_hooks() {
    let tg = FakeTelegram::start().await;
    let inits = Arc::new(AtomicUsize::new(0));
    let stops = Arc::new(AtomicUsize::new(0));
    let (i, s) = (Arc::clone(&inits), Arc::clone(&stops));
    let app = app::builder(&tg)
        .state(Greeting("Howdy"))
        .post_init(move |_| {
            let i = Arc::clone(&i);
            async move {
                i.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        })
        .post_stop(move |_| {
            let s = Arc::clone(&s);
            async move {
                s.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        })
        .build()
        .unwrap();
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            |bot: Bot, msg: Message, State(greeting): State<Greeting>| async move {
                bot.send_message(
                    msg.chat.id,
                    format!("{} {}", greeting.0, msg.text.unwrap_or_default()),
                )
                .await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let report = app.startup_report();
    assert!(
        report.contains("group 0:") && report.contains("MessageHandler(text)"),
        "{report}"
    );

    // Updates received some other way.
    app.initialize().await.unwrap();
    let alice = tg.user("alice");
    let update: Update = serde_json::from_value(json!({
        "update_id": 1,
        "message": {"message_id": 1, "date": 1, "chat": {"id": alice.id(), "type": "private"}, "text": "direct"}
    }))
    .unwrap();
    app.process_update(update.clone()).await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Howdy direct");

    app.start().await;
    let mut queued = update;
    if let UpdateKind::Message(m) = &mut queued.kind {
        m.text = Some("queued".into());
    }
    app.update_queue().send(queued).await.unwrap();
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Howdy queued");
    app.stop().await;
    app.shutdown().await;
    assert_eq!(inits.load(Ordering::SeqCst), 1);
    assert_eq!(stops.load(Ordering::SeqCst), 1);
}

/// A hand-written handler takes as many parameters as a macro handler (16): everything a macro
/// does can be written by hand.
#[tokio::test]
async fn a_hand_written_handler_takes_sixteen_parameters() {
    use telebot::api::{Chat, Message, User};
    use telebot::handlers::MessageHandler;
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(
        MessageHandler::new(
            filters::text(),
            |bot: Bot,
             msg: Message,
             user: User,
             chat: Chat,
             update: Update,
             ctx: telebot::CallbackContext,
             _b2: Bot,
             _b3: Bot,
             _b4: Bot,
             _b5: Bot,
             _b6: Bot,
             _b7: Bot,
             _b8: Bot,
             _b9: Bot,
             _b10: Bot,
             _b11: Bot| async move {
                let text = format!(
                    "{} in {} (update {}, context of {:?})",
                    user.first_name,
                    chat.id,
                    update.update_id,
                    ctx.update().map(|u| u.update_id)
                );
                bot.send_message(msg.chat.id, text).await?;
                HandlerResult::Ok(())
            },
        ),
        0,
    );
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");
    ann.send("hi").await;
    let reply = tg.expect_reply_to(&ann).await;
    assert!(
        reply.text().starts_with(&format!("Ann in {}", ann.id())),
        "{}",
        reply.text()
    );
    running.stop().await.unwrap();
}
