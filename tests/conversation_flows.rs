//! Conversations end to end through the fake Telegram, built with the runtime API: a
//! three-state flow with typed data, re-entry, the timeout (paused clock), a nested
//! conversation returning to its parent, per_user against per_chat in a group, per_message
//! with inline buttons, and non-blocking handlers with the waiting state.

#[path = "support/app.rs"]
mod app;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::application::ApplicationBuilder;
use telebot::conversation::ConversationError;
use telebot::conversation::{
    ConversationData, ConversationHandler, ConversationState, Current, KeyStrategy, Next,
};
use telebot::handlers::{CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler};
use telebot::jobs::Clock;
use telebot::persistence::FilePersistence;
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, HandlerResult, filters};
use temp_dir::TempDir;

/// A pizza order: the size, then toppings (knowing the size), then a confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Order {
    Size,
    Toppings { size: String },
    Confirm,
}

/// What the order collected so far (the conversation's own data).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Ticket {
    lines: Vec<String>,
}

impl ConversationState for Order {
    type Data = Ticket;
    const STATES: &'static [&'static str] = &["Size", "Toppings", "Confirm"];
    fn name(&self) -> &'static str {
        match self {
            Order::Size => "Size",
            Order::Toppings { .. } => "Toppings",
            Order::Confirm => "Confirm",
        }
    }
}

fn text(msg: &Message) -> String {
    msg.text.clone().unwrap_or_default()
}

async fn start(bot: Bot, msg: Message) -> HandlerResult<Next<Order>> {
    msg.reply_text(&bot, "Which size?").await?;
    Ok(Next::To(Order::Size))
}

async fn size(
    bot: Bot,
    msg: Message,
    mut ticket: ConversationData<Ticket>,
) -> HandlerResult<Next<Order>> {
    ticket.lines.push(format!("size {}", text(&msg)));
    msg.reply_text(&bot, "Toppings?").await?;
    Ok(Next::To(Order::Toppings { size: text(&msg) }))
}

async fn toppings(
    bot: Bot,
    msg: Message,
    Current(state): Current<Order>,
    mut ticket: ConversationData<Ticket>,
) -> HandlerResult<Next<Order>> {
    let Order::Toppings { size } = state else {
        return Ok(Next::Stay);
    };
    ticket.lines.push(format!("topping {}", text(&msg)));
    msg.reply_text(
        &bot,
        format!("A {size} pizza with {}. Confirm?", text(&msg)),
    )
    .await?;
    Ok(Next::To(Order::Confirm))
}

async fn confirm(
    bot: Bot,
    msg: Message,
    ticket: ConversationData<Ticket>,
) -> HandlerResult<Next<Order>> {
    if text(&msg) != "yes" {
        msg.reply_text(&bot, "Say yes or /cancel").await?;
        return Ok(Next::Stay);
    }
    msg.reply_text(&bot, format!("Ordered: {}", ticket.lines.join(", ")))
        .await?;
    Ok(Next::End)
}

async fn cancel(bot: Bot, msg: Message) -> HandlerResult<Next<Order>> {
    msg.reply_text(&bot, "Cancelled").await?;
    Ok(Next::End)
}

async fn unhandled(bot: Bot, msg: Message) -> HandlerResult {
    msg.reply_text(&bot, format!("unhandled: {}", text(&msg)))
        .await?;
    Ok(())
}

fn words() -> filters::SharedFilter {
    filters::text() & !filters::command()
}

fn order() -> telebot::conversation::ConversationBuilder<Order> {
    ConversationHandler::<Order>::builder()
        .entry_point(CommandHandler::new("order", start))
        .state("Size", MessageHandler::new(words(), size))
        .state("Toppings", MessageHandler::new(words(), toppings))
        .state("Confirm", MessageHandler::new(words(), confirm))
        .fallback(CommandHandler::new("cancel", cancel))
}

/// A running bot: the conversation, and after it in the same group an echo of what it left.
struct Harness {
    tg: FakeTelegram,
    app: telebot::Application,
    running: app::Running,
    errors: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    async fn start(conversation: ConversationHandler<Order>) -> Harness {
        Harness::start_with(FakeTelegram::start().await, |b| b, conversation).await
    }

    async fn start_with(
        tg: FakeTelegram,
        configure: impl FnOnce(ApplicationBuilder) -> ApplicationBuilder,
        conversation: impl telebot::handlers::Handler,
    ) -> Harness {
        let app = configure(app::builder(&tg)).build().unwrap();
        let errors = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&errors);
        app.add_error_handler(move |ctx: CallbackContext| {
            let seen = Arc::clone(&seen);
            async move {
                let error = ctx
                    .error()
                    .map(|e| match e.downcast_ref::<ConversationError>() {
                        Some(e @ ConversationError::UnreadableState { .. }) => {
                            format!("unreadable state: {e}")
                        }
                        _ => e.to_string(),
                    });
                seen.lock().unwrap().extend(error);
            }
        });
        app.add_handler(conversation, 0);
        app.add_handler(MessageHandler::new(filters::text(), unhandled), 0);
        let running = app::run(&tg, &app).await;
        Harness {
            tg,
            app,
            running,
            errors,
        }
    }

    /// Sends `text` as `user`, waits for the reply and for the update's handlers to finish
    /// (the step is taken after the handler replied).
    async fn say(&self, user: &telebot::testing::TestUser, text: &str) -> String {
        user.send(text).await;
        let reply = self.tg.expect_reply_to(user).await.text().to_string();
        self.app.wait_idle().await;
        reply
    }

    async fn stop(self) {
        self.running.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_three_state_flow_collects_typed_data_and_ends() {
    let conversation = order().build().unwrap();
    let h = Harness::start(conversation.clone()).await;
    let alice = h.tg.user("alice");
    let key = format!("{0}:{0}", alice.id());

    assert_eq!(h.say(&alice, "hello").await, "unhandled: hello");
    assert_eq!(h.say(&alice, "/order").await, "Which size?");
    assert_eq!(conversation.state_of(&key), Some(Order::Size));
    assert_eq!(h.say(&alice, "large").await, "Toppings?");
    assert_eq!(
        conversation.state_of(&key),
        Some(Order::Toppings {
            size: "large".into()
        })
    );
    assert_eq!(
        h.say(&alice, "ham").await,
        "A large pizza with ham. Confirm?"
    );
    assert_eq!(h.say(&alice, "maybe").await, "Say yes or /cancel");
    assert_eq!(conversation.state_of(&key), Some(Order::Confirm));
    assert_eq!(
        h.say(&alice, "yes").await,
        "Ordered: size large, topping ham"
    );
    assert_eq!(conversation.state_of(&key), None);
    assert_eq!(h.say(&alice, "yes").await, "unhandled: yes");
    // A new run starts with fresh data.
    h.say(&alice, "/order").await;
    h.say(&alice, "small").await;
    h.say(&alice, "olives").await;
    assert_eq!(
        h.say(&alice, "yes").await,
        "Ordered: size small, topping olives"
    );
    h.stop().await;
}

#[tokio::test]
async fn reentry_restarts_the_conversation_only_when_allowed() {
    let strict = order().build().unwrap();
    let h = Harness::start(strict.clone()).await;
    let alice = h.tg.user("alice");
    let key = format!("{0}:{0}", alice.id());
    h.say(&alice, "/order").await;
    h.say(&alice, "large").await;
    // Without re-entry `/order` is no state handler's and no fallback's: left to group 1.
    assert_eq!(h.say(&alice, "/order").await, "unhandled: /order");
    assert_eq!(
        strict.state_of(&key),
        Some(Order::Toppings {
            size: "large".into()
        })
    );
    h.stop().await;

    let reentrant = order().allow_reentry(true).build().unwrap();
    let h = Harness::start(reentrant.clone()).await;
    let alice = h.tg.user("alice");
    let key = format!("{0}:{0}", alice.id());
    h.say(&alice, "/order").await;
    h.say(&alice, "large").await;
    assert_eq!(h.say(&alice, "/order").await, "Which size?");
    assert_eq!(reentrant.state_of(&key), Some(Order::Size));
    h.say(&alice, "small").await;
    h.say(&alice, "ham").await;
    // The data started over with the new run.
    assert_eq!(
        h.say(&alice, "yes").await,
        "Ordered: size small, topping ham"
    );
    h.stop().await;
}

/// The timeout handler: says in which state the conversation timed out.
fn timed_out() -> TypeHandler {
    TypeHandler::any(
        |bot: Bot, update: telebot::Update, Current(state): Current<Order>| async move {
            if let Some(chat) = update.effective_chat() {
                bot.send_message(chat.id, format!("Timed out in {}", state.name()))
                    .await?;
            }
            HandlerResult::Ok(())
        },
    )
}

#[tokio::test(start_paused = true)]
async fn an_idle_conversation_times_out_running_the_timeout_handlers() {
    let conversation = order()
        .timeout(Duration::from_secs(60))
        .on_timeout(timed_out())
        .build()
        .unwrap();
    let h = Harness::start(conversation.clone()).await;
    let alice = h.tg.user("alice");
    let key = format!("{0}:{0}", alice.id());

    h.say(&alice, "/order").await;
    tokio::time::sleep(Duration::from_secs(40)).await;
    assert_eq!(h.say(&alice, "large").await, "Toppings?");
    // 80 s after the start but 40 s after the last step: still running.
    tokio::time::sleep(Duration::from_secs(40)).await;
    assert!(conversation.state_of(&key).is_some());
    tokio::time::sleep(Duration::from_secs(21)).await;
    assert_eq!(
        h.tg.expect_reply_to(&alice).await.text(),
        "Timed out in Toppings"
    );
    assert_eq!(conversation.state_of(&key), None);
    assert_eq!(h.say(&alice, "ham").await, "unhandled: ham");
    h.stop().await;
}

/// The main menu of a club bot, whose "add a member" step is a nested conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Menu {
    Main,
    Review { member: String },
}

impl ConversationState for Menu {
    type Data = ();
    const STATES: &'static [&'static str] = &["Main", "Review"];
    fn name(&self) -> &'static str {
        match self {
            Menu::Main => "Main",
            Menu::Review { .. } => "Review",
        }
    }
}

/// The nested conversation: a member's name and age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Member {
    Name,
    Age { name: String },
    Done { name: String, age: u32 },
}

impl ConversationState for Member {
    type Data = ();
    const STATES: &'static [&'static str] = &["Name", "Age", "Done"];
    fn name(&self) -> &'static str {
        match self {
            Member::Name => "Name",
            Member::Age { .. } => "Age",
            Member::Done { .. } => "Done",
        }
    }
}

async fn reply<S>(bot: &Bot, msg: &Message, text: &str, next: Next<S>) -> HandlerResult<Next<S>> {
    msg.reply_text(bot, text).await?;
    Ok(next)
}

fn member() -> ConversationHandler<Member> {
    ConversationHandler::<Member>::builder()
        .entry_point(CommandHandler::new(
            "add",
            |bot: Bot, msg: Message| async move {
                reply(&bot, &msg, "Name?", Next::To(Member::Name)).await
            },
        ))
        .state(
            "Name",
            MessageHandler::new(words(), |bot: Bot, msg: Message| async move {
                let name = text(&msg);
                reply(&bot, &msg, "Age?", Next::To(Member::Age { name })).await
            }),
        )
        .state(
            "Age",
            MessageHandler::new(
                words(),
                |bot: Bot, msg: Message, Current(state): Current<Member>| async move {
                    let (Member::Age { name }, Ok(age)) = (state, text(&msg).parse::<u32>()) else {
                        return reply(&bot, &msg, "A number, please", Next::Stay).await;
                    };
                    let added = format!("Added {name}");
                    reply(&bot, &msg, &added, Next::To(Member::Done { name, age })).await
                },
            ),
        )
        .fallback(CommandHandler::new(
            "back",
            |bot: Bot, msg: Message| async move {
                reply(&bot, &msg, "Back to the menu", Next::<Member>::End).await
            },
        ))
        .build()
        .unwrap()
        .map_to_parent(|next: &Next<Member>| match next {
            Next::To(Member::Done { name, age }) => Some(Next::To(Menu::Review {
                member: format!("{name} ({age})"),
            })),
            _ => None,
        })
}

#[tokio::test]
async fn a_nested_conversation_returns_to_its_parent() {
    let child = member();
    let parent = ConversationHandler::<Menu>::builder()
        .entry_point(CommandHandler::new(
            "menu",
            |bot: Bot, msg: Message| async move {
                reply(&bot, &msg, "Menu: /add", Next::To(Menu::Main)).await
            },
        ))
        .state("Main", child.clone())
        .state(
            "Review",
            MessageHandler::new(
                words(),
                |bot: Bot, msg: Message, Current(state): Current<Menu>| async move {
                    let Menu::Review { member } = state else {
                        return Ok(Next::<Menu>::Stay);
                    };
                    reply(&bot, &msg, &format!("Saved {member}"), Next::End).await
                },
            ),
        )
        .build()
        .unwrap();
    let h = Harness::start_with(FakeTelegram::start().await, |b| b, parent.clone()).await;
    let alice = h.tg.user("alice");
    let key = format!("{0}:{0}", alice.id());

    assert_eq!(h.say(&alice, "/menu").await, "Menu: /add");
    assert_eq!(h.say(&alice, "/add").await, "Name?");
    assert_eq!(h.say(&alice, "/back").await, "Back to the menu");
    assert_eq!(parent.state_of(&key), Some(Menu::Main), "the parent stays");
    assert_eq!(child.state_of(&key), None);

    assert_eq!(h.say(&alice, "/add").await, "Name?");
    assert_eq!(h.say(&alice, "Ann").await, "Age?");
    assert_eq!(parent.state_of(&key), Some(Menu::Main));
    assert_eq!(h.say(&alice, "thirty").await, "A number, please");
    assert_eq!(h.say(&alice, "30").await, "Added Ann");
    assert_eq!(
        child.state_of(&key),
        None,
        "mapped to the parent: the child ended"
    );
    assert_eq!(
        parent.state_of(&key),
        Some(Menu::Review {
            member: "Ann (30)".into()
        })
    );
    assert_eq!(h.say(&alice, "ok").await, "Saved Ann (30)");
    assert_eq!(parent.state_of(&key), None);
    h.stop().await;
}

/// Alice starts an order in a group, then Bob says "large": whose conversation is it?
async fn bob_answers_alices_question(key: KeyStrategy) -> String {
    let conversation = order().key(key).build().unwrap();
    let h = Harness::start_with(FakeTelegram::start().await, |b| b, conversation).await;
    let (alice, bob) = (h.tg.user("alice"), h.tg.user("bob"));
    let group = h.tg.group("pizza lovers");
    group.add(&alice).await;
    group.add(&bob).await;
    alice.send_in(&group, "/order").await;
    assert_eq!(h.tg.expect_message_in(&group).await.text(), "Which size?");
    h.app.wait_idle().await;
    bob.send_in(&group, "large").await;
    let answer = h.tg.expect_message_in(&group).await.text().to_string();
    h.stop().await;
    answer
}

#[tokio::test]
async fn per_user_keeps_group_members_apart_and_per_chat_shares_the_conversation() {
    let per_user = KeyStrategy::default();
    assert_eq!(
        bob_answers_alices_question(per_user).await,
        "unhandled: large"
    );
    let per_chat = KeyStrategy {
        per_user: false,
        ..KeyStrategy::default()
    };
    assert_eq!(bob_answers_alices_question(per_chat).await, "Toppings?");
}

/// A one-question quiz on each message's buttons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Quiz {
    Asked,
}

impl ConversationState for Quiz {
    type Data = ();
    const STATES: &'static [&'static str] = &["Asked"];
    fn name(&self) -> &'static str {
        "Asked"
    }
}

async fn edit(
    bot: &Bot,
    query: &CallbackQuery,
    text: &str,
    buttons: &[(&str, &str)],
) -> HandlerResult {
    query.answer(bot).await?;
    let Some(message) = query.message.as_ref().and_then(|m| m.accessible()) else {
        return Ok(());
    };
    let row: Vec<InlineKeyboardButton> = buttons
        .iter()
        .map(|(label, data)| InlineKeyboardButton::callback(*label, *data))
        .collect();
    message
        .edit_text(bot, text)
        .reply_markup(InlineKeyboardMarkup::from_rows([row]))
        .await?;
    Ok(())
}

#[tokio::test]
async fn per_message_runs_one_conversation_per_message_with_buttons() {
    let quiz = ConversationHandler::<Quiz>::builder()
        .entry_point(
            CallbackQueryHandler::new(|bot: Bot, query: CallbackQuery| async move {
                edit(&bot, &query, "2 + 2?", &[("4", "a:4"), ("5", "a:5")]).await?;
                HandlerResult::Ok(Next::To(Quiz::Asked))
            })
            .pattern("^go$"),
        )
        .state(
            "Asked",
            CallbackQueryHandler::new(|bot: Bot, query: CallbackQuery| async move {
                let right = query.data.as_deref() == Some("a:4");
                edit(&bot, &query, if right { "Right" } else { "Wrong" }, &[]).await?;
                HandlerResult::Ok(Next::<Quiz>::End)
            })
            .pattern("^a:"),
        )
        .per_message(true)
        .build()
        .unwrap();
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handler(quiz.clone(), 0);
    app.add_handler(
        CommandHandler::new("quiz", |bot: Bot, msg: Message| async move {
            for _ in 0..2 {
                let go =
                    InlineKeyboardMarkup::from_rows([[InlineKeyboardButton::callback("Go", "go")]]);
                bot.send_message(msg.chat.id, "Ready?")
                    .reply_markup(go)
                    .await?;
            }
            HandlerResult::Ok(())
        }),
        0,
    );
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/quiz").await;
    let first = tg.expect_reply_to(&alice).await;
    let second = tg.expect_reply_to(&alice).await;

    alice.press(&first, "Go").await;
    let first = tg.expect_edit(&first).await;
    assert_eq!(first.text(), "2 + 2?");
    app.wait_idle().await;
    // Keyed by chat and user alone, this press would meet the first quiz in state Asked, whose
    // handler does not take "go": per message, it starts a quiz of its own.
    alice.press(&second, "Go").await;
    let second = tg.expect_edit(&second).await;
    assert_eq!(second.text(), "2 + 2?");
    app.wait_idle().await;
    let first_key = format!("{0}:{0}:{1}", alice.id(), first.message_id);
    assert_eq!(quiz.state_of(&first_key), Some(Quiz::Asked));

    alice.press(&first, "4").await;
    assert_eq!(tg.expect_edit(&first).await.text(), "Right");
    alice.press(&second, "5").await;
    assert_eq!(tg.expect_edit(&second).await.text(), "Wrong");
    app.wait_idle().await;
    assert_eq!(quiz.state_of(&first_key), None);
    running.stop().await.unwrap();
}

fn persisted(dir: &TempDir) -> impl FnOnce(ApplicationBuilder) -> ApplicationBuilder {
    let backend = FilePersistence::open(dir.to_path_buf()).unwrap();
    move |builder| builder.persistence(backend)
}

#[tokio::test]
async fn a_restart_mid_conversation_resumes_at_the_same_state_with_its_data() {
    let dir = TempDir::new("conversation-restart");
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let conversation = order().persistent("order").build().unwrap();
    let h = Harness::start_with(tg.clone(), persisted(&dir), conversation).await;
    h.say(&alice, "/order").await;
    assert_eq!(h.say(&alice, "large").await, "Toppings?");
    h.stop().await;
    let stored = std::fs::read_to_string(dir.join("conversations/order.json")).unwrap();
    assert!(stored.contains("Toppings"), "{stored}");

    // A new process: a new application and conversation over the same directory.
    let conversation = order().persistent("order").build().unwrap();
    let h = Harness::start_with(tg.clone(), persisted(&dir), conversation).await;
    assert_eq!(
        h.say(&alice, "ham").await,
        "A large pizza with ham. Confirm?"
    );
    assert_eq!(
        h.say(&alice, "yes").await,
        "Ordered: size large, topping ham"
    );
    h.stop().await;
    let stored = std::fs::read_to_string(dir.join("conversations/order.json")).unwrap_or_default();
    assert!(!stored.contains("Confirm"), "ended: {stored}");
}

#[tokio::test]
async fn a_stored_state_that_no_longer_fits_is_reported_and_the_user_starts_over() {
    let dir = TempDir::new("conversation-unreadable");
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let conversation = order().persistent("order").build().unwrap();
    let h = Harness::start_with(tg.clone(), persisted(&dir), conversation).await;
    h.say(&alice, "/order").await;
    h.say(&alice, "large").await;
    h.stop().await;
    // The enum changed: the stored variant is gone.
    let path = dir.join("conversations/order.json");
    let stored = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, stored.replace("Toppings", "Extras")).unwrap();

    let conversation = order().persistent("order").build().unwrap();
    let h = Harness::start_with(tg.clone(), persisted(&dir), conversation).await;
    let reported = h.errors.lock().unwrap().clone();
    assert_eq!(reported.len(), 1, "{reported:?}");
    assert!(
        reported[0].starts_with("unreadable state: conversation `order`"),
        "{reported:?}"
    );
    // Not locked out: the old answer is no longer taken, and a new order starts cleanly.
    assert_eq!(h.say(&alice, "ham").await, "unhandled: ham");
    assert_eq!(h.say(&alice, "/order").await, "Which size?");
    assert_eq!(h.say(&alice, "small").await, "Toppings?");
    h.stop().await;
    let stored = std::fs::read_to_string(&path).unwrap();
    assert!(!stored.contains("Extras"), "{stored}");
}

#[tokio::test]
async fn while_a_non_blocking_handler_runs_the_waiting_handlers_answer() {
    let release = Arc::new(tokio::sync::Notify::new());
    let gate = Arc::clone(&release);
    let conversation = ConversationHandler::<Order>::builder()
        .entry_point(CommandHandler::new(
            "order",
            move |bot: Bot, msg: Message| {
                let gate = Arc::clone(&gate);
                async move {
                    gate.notified().await;
                    msg.reply_text(&bot, "Which size?").await?;
                    HandlerResult::Ok(Next::To(Order::Size))
                }
            },
        ))
        .state("Size", MessageHandler::new(words(), size))
        .while_waiting(MessageHandler::new(
            words(),
            |bot: Bot, msg: Message| async move {
                msg.reply_text(&bot, "One moment…").await?;
                HandlerResult::Ok(Next::To(Order::Confirm))
            },
        ))
        .block(false)
        .build()
        .unwrap();
    let h = Harness::start(conversation.clone()).await;
    let alice = h.tg.user("alice");
    let key = format!("{0}:{0}", alice.id());
    alice.send("/order").await;
    // The entry point waits; the next update of the key goes to the waiting handlers, and
    // what they return does not move the conversation.
    alice.send("large").await;
    assert_eq!(h.tg.expect_reply_to(&alice).await.text(), "One moment…");
    assert_eq!(conversation.state_of(&key), None);
    release.notify_one();
    assert_eq!(h.tg.expect_reply_to(&alice).await.text(), "Which size?");
    h.app.wait_idle().await;
    assert_eq!(conversation.state_of(&key), Some(Order::Size));
    assert_eq!(h.say(&alice, "large").await, "Toppings?");
    h.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_restart_arms_the_timeout_again_for_what_was_left_of_it() {
    let dir = TempDir::new("conversation-timeout-restart");
    let tg = FakeTelegram::start().await;
    let (alice, bob) = (tg.user("alice"), tg.user("bob"));
    let bob_key = format!("{0}:{0}", bob.id());
    // One timeline for both processes: the stored expiry is read against the same clock.
    let clock = Clock::starting_at("2026-11-27T12:00:00Z".parse().unwrap());
    let timed = || {
        order()
            .persistent("order")
            .timeout(Duration::from_secs(60))
            .on_timeout(timed_out())
            .build()
            .unwrap()
    };
    let configure = |clock: Clock| {
        let persistence = persisted(&dir);
        move |builder: ApplicationBuilder| persistence(builder).clock(clock)
    };

    let h = Harness::start_with(tg.clone(), configure(clock.clone()), timed()).await;
    assert_eq!(h.say(&alice, "/order").await, "Which size?"); // alice expires at 12:01:00
    tokio::time::sleep(Duration::from_secs(40)).await;
    assert_eq!(h.say(&bob, "/order").await, "Which size?"); // bob at 12:01:40
    h.stop().await;

    // Down for 30 s (until 12:01:10): alice's time runs out while no bot runs.
    tokio::time::sleep(Duration::from_secs(30)).await;
    let conversation = timed();
    let h = Harness::start_with(tg.clone(), configure(clock), conversation.clone()).await;
    assert_eq!(
        h.tg.expect_reply_to(&alice).await.text(),
        "Timed out in Size",
        "an expiry missed while down runs at startup, with the update the wait began on"
    );
    assert!(conversation.state_of(&bob_key).is_some());
    tokio::time::sleep(Duration::from_secs(29)).await;
    assert!(
        conversation.state_of(&bob_key).is_some(),
        "bob has 30 s left at startup, not a fresh minute nor nothing"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(h.tg.expect_reply_to(&bob).await.text(), "Timed out in Size");
    assert_eq!(conversation.state_of(&bob_key), None);
    h.stop().await;
    let stored = std::fs::read_to_string(dir.join("conversations/order.json")).unwrap_or_default();
    assert!(
        !stored.contains("Size"),
        "both ended in the store: {stored}"
    );
}
