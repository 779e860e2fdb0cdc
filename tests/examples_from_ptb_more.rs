//! More examples ported from python-telegram-bot's (issue #18), driven through the fake
//! Telegram: a menu walked by editing one message, arbitrary callback data, typed per-chat and
//! per-user data, a raw `getUpdates` loop, and a persisted conversation across a restart.

#[path = "support/app.rs"]
mod app;
#[path = "../examples/arbitrary_callback_data.rs"]
#[allow(dead_code)]
mod arbitrary_callback_data;
#[path = "../examples/context_types.rs"]
#[allow(dead_code)]
mod context_types;
#[path = "../examples/conversation2.rs"]
#[allow(dead_code)]
mod conversation2;
#[path = "../examples/inline_keyboard2.rs"]
#[allow(dead_code)]
mod inline_keyboard2;
#[path = "../examples/raw_api.rs"]
#[allow(dead_code)]
mod raw_api;
#[path = "support/temp_dir.rs"]
mod temp_dir;

use std::time::Duration;
use telebot::testing::{FakeTelegram, SentMessage, TestUser};
use temp_dir::TempDir;

/// The labels of a message's inline keyboard, row by row.
fn labels(message: &SentMessage) -> Vec<Vec<String>> {
    message
        .buttons()
        .into_iter()
        .map(|row| row.into_iter().map(|b| b.text).collect())
        .collect()
}

/// Presses `button` on `menu` as `user`: the press must be answered (with no alert) and the
/// same message edited; returns the answer's text and the edited message.
async fn press_and_edit(
    tg: &FakeTelegram,
    app: &telebot::Application,
    user: &TestUser,
    menu: &SentMessage,
    button: &str,
) -> (Option<String>, SentMessage) {
    let answer = user.press(menu, button).await.expect_answer().await;
    assert!(!answer.show_alert, "{button}: {answer:?}");
    let edited = tg.expect_edit(menu).await;
    assert_eq!(
        (edited.chat_id, edited.message_id),
        (menu.chat_id, menu.message_id),
        "edited in place"
    );
    // The handler's data is written back when it returns, after the edit.
    app::settle(tg, app).await;
    (answer.text, edited)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_keyboard2_walks_the_menu_by_editing_one_message() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(inline_keyboard2::routes::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");

    ann.send("/start").await;
    let menu = tg.expect_reply_to(&ann).await;
    assert_eq!(menu.text(), "Welcome to the menu. Pick a route:");
    assert_eq!(labels(&menu), [["1", "2"]]);

    let steps: [(&str, &str, Vec<&str>); 7] = [
        ("1", "Route 1 taken. Next: 3 or 4?", vec!["3", "4"]),
        ("4", "Route 4 taken. Next: 2 or 3?", vec!["2", "3"]),
        ("2", "Route 2 taken. Next: 1 or 3?", vec!["1", "3"]),
        (
            "3",
            "Route 3: the end of the line. Start over?",
            vec!["Start over", "That's enough"],
        ),
        (
            "Start over",
            "Welcome to the menu. Pick a route:",
            vec!["1", "2"],
        ),
        ("1", "Route 1 taken. Next: 3 or 4?", vec!["3", "4"]),
        (
            "3",
            "Route 3: the end of the line. Start over?",
            vec!["Start over", "That's enough"],
        ),
    ];
    let mut current = menu.clone();
    for (button, text, buttons) in steps {
        let (_, edited) = press_and_edit(&tg, &app, &ann, &current, button).await;
        assert_eq!(edited.text(), text, "after {button}");
        assert_eq!(labels(&edited), [buttons], "after {button}");
        current = edited;
    }
    let (_, last) = press_and_edit(&tg, &app, &ann, &current, "That's enough").await;
    assert_eq!(last.text(), "Goodbye! /start opens the menu again.");
    assert!(last.buttons().is_empty(), "the keyboard is gone");

    // One message all along; the conversation is over, so a stale "1" does nothing, and
    // /start opens a new menu.
    assert_eq!(tg.bot_messages_in(&ann).len(), 1);
    let stale = ann.press_forged(&last, "1").await;
    app::settle(&tg, &app).await;
    assert_eq!(
        tg.refresh(&last).unwrap().text(),
        "Goodbye! /start opens the menu again."
    );
    assert!(
        stale.answer().is_none_or(|a| a.text.is_none()),
        "not taken as a route"
    );
    ann.send("/start").await;
    let again = tg.expect_reply_to(&ann).await;
    assert_ne!(again.message_id, menu.message_id);
    assert_eq!(labels(&again), [["1", "2"]]);
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arbitrary_callback_data_builds_the_list_and_refuses_forged_and_cleared_buttons() {
    use arbitrary_callback_data::picker::INVALID;
    let tg = FakeTelegram::start().await;
    let app = arbitrary_callback_data::setup(app::builder(&tg))
        .unwrap()
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let ann = tg.user("ann");

    ann.send("/start").await;
    let menu = tg.expect_reply_to(&ann).await;
    assert_eq!(labels(&menu), [["1", "2", "3", "4", "5"]]);
    let first = menu.button("1").unwrap().callback_data.unwrap();
    assert!(
        first.starts_with("pick:") && !first.contains('#'),
        "short data travels in the button: {first}"
    );

    // Sixteen picks: the list outgrows 64 bytes and moves to the cache, unnoticed.
    let picks: [u8; 16] = [3, 1, 4, 1, 5, 2, 5, 3, 5, 4, 2, 1, 3, 2, 4, 5];
    let mut current = menu.clone();
    for (i, number) in picks.iter().enumerate() {
        let (answer, edited) = press_and_edit(&tg, &app, &ann, &current, &number.to_string()).await;
        assert_eq!(answer.as_deref(), Some(format!("Added {number}").as_str()));
        let so_far: Vec<String> = picks[..=i].iter().map(u8::to_string).collect();
        assert_eq!(
            edited.text(),
            format!("Your list: {}. Pick the next one:", so_far.join(", "))
        );
        current = edited;
    }
    let long = current.button("1").unwrap().callback_data.unwrap();
    assert!(long.starts_with("pick#"), "a cache key: {long}");
    assert!(long.len() <= 64);

    // Forged data: a list the bot never sent, and a cache key it never made.
    for forged in ["pick:1:0:9.9.9:1:AAAAAAAAAAAAAAAAAAAAAA", "pick#not-a-key"] {
        let answer = ann
            .press_forged(&current, forged)
            .await
            .expect_answer()
            .await;
        assert!(answer.show_alert, "{forged}: {answer:?}");
        assert_eq!(answer.text.as_deref(), Some(INVALID), "{forged}");
    }

    // A second menu (short buttons), then /clear: the old buttons of both are refused.
    ann.send("/start").await;
    let second = tg.expect_reply_to(&ann).await;
    ann.send("/clear").await;
    assert!(
        tg.expect_reply_to(&ann)
            .await
            .text()
            .starts_with("All clear")
    );
    app::settle(&tg, &app).await;
    for old in [&current, &second] {
        let answer = ann.press(old, "2").await.expect_answer().await;
        assert!(answer.show_alert, "{answer:?}");
        assert_eq!(answer.text.as_deref(), Some(INVALID));
    }
    app::settle(&tg, &app).await;
    assert_eq!(tg.refresh(&current).unwrap().text(), current.text());
    assert_eq!(
        tg.refresh(&second).unwrap().text(),
        "Pick a number; each press adds it to your list."
    );

    // A new menu works again.
    ann.send("/start").await;
    let fresh = tg.expect_reply_to(&ann).await;
    let (_, edited) = press_and_edit(&tg, &app, &ann, &fresh, "5").await;
    assert_eq!(edited.text(), "Your list: 5. Pick the next one:");
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn context_types_counts_clicks_per_message_and_messages_per_chat_and_user() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(context_types::counters::handlers())
        .build()
        .unwrap();
    let running = app::run(&tg, &app).await;
    let group = tg.supergroup("Club");
    let [ann, ben] = ["ann", "ben"].map(|name| tg.user(name));
    for user in [&ann, &ben] {
        group.add(user).await;
    }

    ann.send_in(&group, "/start").await;
    let button = tg.expect_message_in(&group).await;
    assert_eq!(button.text(), "This button was clicked 0 times.");
    app::settle(&tg, &app).await;

    let clicks = [
        (
            &ann,
            1,
            "You clicked 1 times and sent me 1 messages in all.",
        ),
        (
            &ben,
            2,
            "You clicked 1 times and sent me 0 messages in all.",
        ),
        (
            &ann,
            3,
            "You clicked 2 times and sent me 1 messages in all.",
        ),
    ];
    let mut current = button.clone();
    for (user, times, said) in clicks {
        let (answer, edited) = press_and_edit(&tg, &app, user, &current, "Click me!").await;
        assert_eq!(answer.as_deref(), Some(said));
        assert_eq!(
            edited.text(),
            format!("This button was clicked {times} times.")
        );
        current = edited;
    }

    ben.send_in(&group, "hello all").await;
    app::settle(&tg, &app).await;
    ben.send_in(&group, "/stats").await;
    assert_eq!(
        tg.expect_message_in(&group).await.text(),
        "This chat: 3 messages, 3 clicks. You: 2 messages, 1 clicks, in all chats."
    );

    // Ann's private chat: its own counts; hers go on from the group.
    ann.send("/start").await;
    let private = tg.expect_reply_to(&ann).await;
    assert_eq!(private.text(), "This button was clicked 0 times.");
    app::settle(&tg, &app).await;
    let (answer, edited) = press_and_edit(&tg, &app, &ann, &private, "Click me!").await;
    assert_eq!(edited.text(), "This button was clicked 1 times.");
    assert_eq!(
        answer.as_deref(),
        Some("You clicked 3 times and sent me 2 messages in all.")
    );
    ann.send("/stats").await;
    assert_eq!(
        tg.expect_reply_to(&ann).await.text(),
        "This chat: 2 messages, 1 clicks. You: 3 messages, 3 clicks, in all chats."
    );
    // The group's button kept its own count.
    assert_eq!(
        tg.refresh(&current).unwrap().text(),
        "This button was clicked 3 times."
    );
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_api_echoes_in_order_and_confirms_what_it_handled() {
    let tg = FakeTelegram::start().await;
    let bot = tg.bot();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        raw_api::echo_loop(&bot, 0, async {
            let _ = stopped.await;
        })
        .await
    });
    tg.wait_until_polling().await;
    let ann = tg.user("ann");
    ann.send("first").await;
    ann.send("second").await;
    assert_eq!(tg.expect_reply_to(&ann).await.text(), "first");
    assert_eq!(tg.expect_reply_to(&ann).await.text(), "second");

    // The next poll carries the offset: both updates are confirmed.
    tg.wait_until_polling().await;
    assert_eq!(tg.pending_updates(), Vec::<serde_json::Value>::new());

    stop.send(()).unwrap();
    let offset = tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the loop stops when asked")
        .unwrap();
    // Stopped: a new message waits, unechoed, with the id the loop would have asked for next.
    ann.send("third").await;
    let pending = tg.pending_updates();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0]["update_id"].as_i64(), Some(offset));
    assert_eq!(tg.bot_messages_in(&ann).len(), 2);
}

/// Sends `text` as `user` and returns the bot's reply.
async fn say(tg: &FakeTelegram, user: &TestUser, text: &str) -> SentMessage {
    user.send(text).await;
    tg.expect_reply_to(user).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversation2_keeps_the_conversation_and_the_facts_across_a_restart() {
    let dir = TempDir::new("example-conversation2");
    let tg = FakeTelegram::start().await;
    let ann = tg.user("ann");
    let app = conversation2::application(app::builder(&tg), &dir).unwrap();
    let running = app::run(&tg, &app).await;

    let hello = say(&tg, &ann, "/start").await;
    assert!(hello.text().starts_with("Hello!"), "{}", hello.text());
    assert_eq!(
        hello.keyboard(),
        [
            vec!["Age", "Favourite colour"],
            vec!["Number of siblings", "Something else..."],
            vec!["Done"],
        ]
    );
    assert_eq!(
        say(&tg, &ann, "Age").await.text(),
        "Your age? Go on, tell me."
    );
    let noted = say(&tg, &ann, "33").await;
    assert_eq!(
        noted.text(),
        "Noted! So far you told me:\nage: 33\nTell me more, or change something."
    );
    assert_eq!(noted.keyboard(), hello.keyboard());
    assert!(
        say(&tg, &ann, "Something else...")
            .await
            .text()
            .starts_with("Which topic?")
    );
    assert_eq!(
        say(&tg, &ann, "Favourite book").await.text(),
        "Your favourite book? Go on, tell me."
    );
    app::settle(&tg, &app).await;
    running.stop().await.unwrap();

    // A new process on the same directory: the question asked before the stop is answered.
    let app = conversation2::application(app::builder(&tg), &dir).unwrap();
    let running = app::run(&tg, &app).await;
    assert_eq!(
        say(&tg, &ann, "Dune").await.text(),
        "Noted! So far you told me:\nage: 33\nfavourite book: Dune\nTell me more, or change something."
    );
    assert_eq!(
        say(&tg, &ann, "/show_data").await.text(),
        "You told me:\nage: 33\nfavourite book: Dune"
    );
    assert_eq!(
        say(&tg, &ann, "Number of siblings").await.text(),
        "Your number of siblings? Go on, tell me."
    );
    say(&tg, &ann, "2").await;
    assert_eq!(
        say(&tg, &ann, "Done").await.text(),
        "Here is what you told me:\nage: 33\nfavourite book: Dune\nnumber of siblings: 2\nUntil next time!"
    );
    // Ended: an answer is no longer taken.
    let sent = tg.bot_messages_in(&ann).len();
    ann.send("Dune").await;
    app::settle(&tg, &app).await;
    assert_eq!(tg.bot_messages_in(&ann).len(), sent);
    running.stop().await.unwrap();

    // And after another restart the facts are still known.
    let app = conversation2::application(app::builder(&tg), &dir).unwrap();
    let running = app::run(&tg, &app).await;
    assert_eq!(
        say(&tg, &ann, "/start").await.text(),
        "Welcome back! You told me:\nage: 33\nfavourite book: Dune\nnumber of siblings: 2\n\
         Pick something to tell me more, or to change."
    );
    running.stop().await.unwrap();
}
