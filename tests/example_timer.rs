//! The timer example against the fake Telegram, on tokio's paused clock: `/set` answers and the
//! alarm arrives in the chat when its seconds are over (not before); a new `/set` replaces the
//! old alarm; `/unset` cancels it; bad seconds get the usage line and huge ones no crash; the
//! heartbeat counts uptime.

#[path = "support/app.rs"]
mod app;
#[path = "../examples/timer.rs"]
#[allow(dead_code)]
mod timer;

use std::time::Duration;
use telebot::jobs::Clock;
use telebot::testing::FakeTelegram;
use tokio::time::Instant;

async fn timer_bot(tg: &FakeTelegram) -> app::Running {
    let builder =
        app::builder(tg).clock(Clock::starting_at("2026-01-01T00:00:00Z".parse().unwrap()));
    let bot = timer::application(builder).expect("the timer bot builds");
    app::run(tg, &bot).await
}

#[tokio::test(start_paused = true)]
async fn set_answers_and_the_alarm_rings_in_the_chat_when_the_time_is_over() {
    let tg = FakeTelegram::builder()
        .expect_timeout(Duration::from_secs(600))
        .start()
        .await;
    let running = timer_bot(&tg).await;
    let alice = tg.user("alice");
    alice.send("/set 300").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "Timer set.");
    let set_at = Instant::now();
    alice.send("/set 120").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "Timer set; the old one was removed."
    );
    let alarm = tg.expect_reply_to(&alice).await;
    assert_eq!(alarm.text(), "Beep! 120 seconds are over.");
    let waited = set_at.elapsed();
    assert!(
        waited >= Duration::from_secs(120) && waited < Duration::from_secs(125),
        "the alarm rang after {waited:?}"
    );
    tokio::time::sleep(Duration::from_secs(400)).await;
    let beeps = tg
        .bot_messages_in(&alice)
        .iter()
        .filter(|m| m.text().starts_with("Beep"))
        .count();
    assert_eq!(beeps, 1, "the replaced 300 s alarm never rang");
    running.stop().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn unset_cancels_the_alarm_and_bad_seconds_get_the_usage() {
    let tg = FakeTelegram::builder()
        .expect_timeout(Duration::from_secs(600))
        .start()
        .await;
    let running = timer_bot(&tg).await;
    let bob = tg.user("bob");
    bob.send("/unset").await;
    assert_eq!(
        tg.expect_reply_to(&bob).await.text(),
        "You have no active timer."
    );
    bob.send("/set -5").await;
    assert!(
        tg.expect_reply_to(&bob)
            .await
            .text()
            .starts_with("Usage: /set"),
        "negative seconds are refused with the usage line"
    );
    bob.send("/set 18446744073709551615").await;
    assert_eq!(
        tg.expect_reply_to(&bob).await.text(),
        "Timer set.",
        "the largest number of seconds is a timer at the end of time, not a crash"
    );
    bob.send("/set 60").await;
    assert_eq!(
        tg.expect_reply_to(&bob).await.text(),
        "Timer set; the old one was removed."
    );
    bob.send("/unset").await;
    assert_eq!(tg.expect_reply_to(&bob).await.text(), "Timer cancelled.");
    tokio::time::sleep(Duration::from_secs(300)).await;
    assert!(
        tg.bot_messages_in(&bob)
            .iter()
            .all(|m| !m.text().starts_with("Beep")),
        "the cancelled alarm never rang"
    );
    running.stop().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_heartbeat_counts_uptime_for_status() {
    let tg = FakeTelegram::builder()
        .expect_timeout(Duration::from_secs(600))
        .start()
        .await;
    let running = timer_bot(&tg).await;
    tokio::time::sleep(Duration::from_secs(95)).await;
    let carol = tg.user("carol");
    carol.send("/status").await;
    assert_eq!(
        tg.expect_reply_to(&carol).await.text(),
        "Up for 3 heartbeats (about 90 s)."
    );
    running.stop().await.unwrap();
}
