//! The timer example with no token runs in the sandbox: piped commands get their answers, in
//! order, and the program ends with success at the end of input.

#[path = "support/example.rs"]
mod example;

#[test]
fn timer_sets_and_cancels_alarms_from_piped_stdin() {
    let (out, ok) = example::run_in_sandbox(
        "timer",
        &std::env::temp_dir(),
        "/set soon\n/set 600\n/set 900\n/unset\n/unset\n",
    );
    assert!(ok, "{out}");
    let replies: Vec<&str> = out.lines().filter(|l| l.starts_with("bot: ")).collect();
    assert_eq!(
        replies,
        [
            "bot: Usage: /set <seconds>",
            "bot: Timer set.",
            "bot: Timer set; the old one was removed.",
            "bot: Timer cancelled.",
            "bot: You have no active timer.",
        ],
        "{out}"
    );
}
