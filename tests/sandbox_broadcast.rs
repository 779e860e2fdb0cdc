//! The broadcast example in the sandbox: three users subscribe, one blocks the bot, and a
//! broadcast (sent by a fourth user) reports two delivered and one blocked; the blocked chat
//! leaves the list, so the next broadcast reaches two chats.

#[path = "support/example.rs"]
mod example;
#[path = "support/store.rs"]
mod store;

#[test]
fn a_broadcast_reports_delivered_and_blocked_chats_and_drops_the_blocked_ones() {
    let dir = store::TempDir::new("example-broadcast");
    let input = "/subscribe\n:user bob\n/subscribe\n:user carol\n/subscribe\n:block\n\
                 :user dave\n/broadcast Big news today\n/broadcast Second issue\n";
    let (out, ok) = example::run_in_sandbox("broadcast", dir.path(), input);
    assert!(ok, "the sandbox ends with success:\n{out}");
    let replies: Vec<&str> = out.lines().filter(|l| l.starts_with("bot: ")).collect();
    assert_eq!(
        replies,
        [
            "bot: Subscribed (1 subscribers).",
            "bot: Subscribed (2 subscribers).",
            "bot: Subscribed (3 subscribers).",
            "bot: Big news today",
            "bot: Big news today",
            "bot: Broadcast to 3 chats: delivered 2, blocked 1, failed 0.",
            "bot: Second issue",
            "bot: Second issue",
            "bot: Broadcast to 2 chats: delivered 2, blocked 0, failed 0.",
        ],
        "{out}"
    );
}
