//! The inline-keyboard example in the sandbox: typed `Vote` buttons are counted and the poll is
//! edited to show the tally; the "Why?" button, whose value is too long for a button, comes
//! back from the callback-data cache, which the example keeps in its file store.

#[path = "support/example.rs"]
mod example;
#[path = "support/store.rs"]
mod store;

use telebot::persistence::{FilePersistence, Persistence};

#[tokio::test]
async fn votes_are_tallied_and_the_long_value_comes_back_from_the_stored_cache() {
    let dir = store::TempDir::new("example-inline-keyboard");
    let input = "/poll\n:press 1\n:press 2\n:press 1\n:press 3\n/reset\n";
    let (out, ok) = example::run_in_sandbox("inline_keyboard", dir.path(), input);
    assert!(ok, "the sandbox ends with success:\n{out}");
    let lines = example::bot_lines(&out);
    let expected = [
        "bot: Pizza tonight?",
        "    [1: Yes] [2: No]",
        "    [3: Why?]",
        "bot (edited): Pizza tonight?",
        "Yes: 1  No: 0",
        "bot (edited): Pizza tonight?",
        "Yes: 1  No: 1",
        "bot (edited): Pizza tonight?",
        "Yes: 2  No: 1",
        "bot: Because the oven is already hot and the place on the corner closes at ten.",
        "bot: Votes cleared.",
    ];
    let mut rest = out.as_str();
    for line in expected {
        match rest.find(line) {
            Some(at) => rest = &rest[at + line.len()..],
            None => panic!("`{line}` is missing (or out of order):\n{out}\nbot lines: {lines:#?}"),
        }
    }
    // The long value is in the cache the file store keeps (written through after the press).
    let stored = FilePersistence::open(dir.path().join("inline-keyboard-data"))
        .unwrap()
        .get_callback_data()
        .await
        .unwrap()
        .expect("the example stores its callback-data cache");
    let entries = stored["entries"].as_array().expect("a list of entries");
    assert_eq!(entries.len(), 1, "{stored}");
    assert!(
        entries[0][1]
            .as_str()
            .is_some_and(|data| data.starts_with("why:1:")),
        "{stored}"
    );
}
