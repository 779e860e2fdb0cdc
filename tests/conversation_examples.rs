//! The conversation examples: their documented Mermaid diagrams are the ones the macro
//! generates (so the docs cannot drift from the code), the profile interview runs in the
//! sandbox, and the nested roster conversation runs through the fake Telegram.

#[path = "support/app.rs"]
mod app;
#[path = "support/example.rs"]
mod example;

#[allow(dead_code)]
#[path = "../examples/conversation.rs"]
mod conversation_example;

#[allow(dead_code)]
#[path = "../examples/nested_conversation.rs"]
mod nested_example;

use conversation_example::profile::Profile;
use nested_example::member::Member;
use nested_example::menu::Menu;
use telebot::testing::FakeTelegram;

/// The ```` ```mermaid ```` blocks of a file's `//!` docs, in order.
fn documented_diagrams(source: &str) -> Vec<String> {
    let mut diagrams = Vec::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        match (&mut current, doc) {
            (None, "```mermaid") => current = Some(String::new()),
            (Some(_), "```") => diagrams.extend(current.take()),
            (Some(diagram), line) => {
                diagram.push_str(line);
                diagram.push('\n');
            }
            (None, _) => {}
        }
    }
    diagrams
}

#[test]
fn the_documented_diagrams_are_the_generated_ones() {
    let profile = documented_diagrams(include_str!("../examples/conversation.rs"));
    assert_eq!(profile, [Profile::mermaid()]);
    let nested = documented_diagrams(include_str!("../examples/nested_conversation.rs"));
    assert_eq!(nested, [Menu::mermaid(), Member::mermaid()]);
}

#[test]
fn the_graph_lists_states_and_exits() {
    assert_eq!(
        Profile::GRAPH.states,
        ["Gender", "Photo", "Location", "Bio"]
    );
    assert_eq!(Member::GRAPH.exits, ["Added"]);
}

#[test]
fn the_profile_interview_runs_in_the_sandbox_with_skips() {
    let (out, ok) = example::run_in_sandbox(
        "conversation",
        &std::env::temp_dir(),
        "/start\nOther\n/skip\n/skip\nI like Rust\nstill there?\n",
    );
    assert!(ok, "{out}");
    assert!(
        out.contains(
            "bot: Thank you! Profile: Other, without a photo, somewhere. Bio: I like Rust"
        ),
        "{out}"
    );
    assert!(
        !out.contains("still there"),
        "after the end, text is not taken: {out}"
    );
}

#[tokio::test]
async fn the_nested_roster_returns_to_the_menu_through_the_fake_telegram() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handlers(nested_example::menu::handlers()).unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    let say = async |text: &str| {
        alice.send(text).await;
        let reply = tg.expect_reply_to(&alice).await.text().to_string();
        app.wait_idle().await;
        reply
    };
    assert!(say("/start").await.starts_with("The club roster"));
    assert_eq!(
        say("/add").await,
        "The new member's name? (/back to the menu)"
    );
    assert_eq!(say("Ann").await, "How old is Ann?");
    assert!(say("30").await.starts_with("Added Ann (30)"));
    // Back in the menu's Main state: the menu's own handlers answer again.
    assert_eq!(say("/list").await, "Ann (30)");
    assert_eq!(say("/done").await, "Leave with 1 members? yes/no");
    assert!(say("yes").await.starts_with("Bye!"));
    running.stop().await.unwrap();
}

#[tokio::test]
async fn without_help_an_unknown_command_is_answered_with_the_commands_there_are() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).build().unwrap();
    app.add_handlers(conversation_example::profile::handlers())
        .unwrap();
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/help").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "I don't know /help. I know /cancel, /skip, /start."
    );
    running.stop().await.unwrap();
}
