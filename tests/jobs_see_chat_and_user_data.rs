//! A job's context is built from the job (PTB's `CallbackContext.from_job`): through the fake
//! Telegram, a command handler schedules a job from its `JobQueue` parameter, and the job
//! callback gets the bot, the job, its data, and the same chat and user data the handlers of
//! that chat and user see. A job without a chat asking for `ChatData`, or with data of another
//! type, fails with an error that says how to fix it, and the error handler sees the job.

#[path = "support/app.rs"]
mod app;

use serde::{Deserialize, Serialize};
use std::time::Duration;
use telebot::api::Message;
use telebot::handlers::CommandHandler;
use telebot::jobs::{Clock, Job, JobData, JobOptions, JobQueue};
use telebot::testing::FakeTelegram;
use telebot::{Bot, BotData, CallbackContext, ChatData, HandlerResult, UserData};
use tokio::sync::mpsc;

/// Jobs on tokio's paused clock read the date from a clock that moves with it.
fn clock() -> Clock {
    Clock::starting_at("2026-01-01T00:00:00Z".parse().unwrap())
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Count(u32);

async fn count(
    bot: Bot,
    msg: Message,
    jobs: JobQueue,
    mut chat: ChatData<Count>,
    mut user: UserData<Count>,
) -> HandlerResult {
    chat.0 += 1;
    user.0 += 10;
    bot.send_message(msg.chat.id, format!("chat {} user {}", chat.0, user.0))
        .await?;
    let from = msg.from.map(|u| u.id).unwrap_or_default();
    if chat.0 == 1 {
        jobs.run_once(
            echo_job,
            Duration::from_secs(5),
            JobOptions::new()
                .name("echo")
                .chat_id(msg.chat.id)
                .user_id(from)
                .data("from the job"),
        )?;
    }
    Ok(())
}

async fn echo_job(
    bot: Bot,
    job: Job,
    JobData(text): JobData<String>,
    mut chat: ChatData<Count>,
    mut user: UserData<Count>,
    mut runs: BotData<Count>,
) -> HandlerResult {
    chat.0 += 1;
    user.0 += 10;
    runs.0 += 1;
    let chat_id = job.chat_id().ok_or("no chat")?;
    bot.send_message(
        chat_id,
        format!(
            "{text}: {} sees chat {} user {}",
            job.name(),
            chat.0,
            user.0
        ),
    )
    .await?;
    Ok(())
}

#[tokio::test(start_paused = true)]
async fn a_job_scheduled_by_a_handler_shares_its_chat_and_user_data() {
    let tg = FakeTelegram::builder()
        .expect_timeout(Duration::from_secs(60))
        .start()
        .await;
    let app = app::builder(&tg).clock(clock()).build().unwrap();
    app.add_handler(CommandHandler::new("count", count), 0);
    let running = app::run(&tg, &app).await;
    let alice = tg.user("alice");
    alice.send("/count").await;
    assert_eq!(tg.expect_reply_to(&alice).await.text(), "chat 1 user 10");
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "from the job: echo sees chat 2 user 20"
    );
    alice.send("/count").await;
    assert_eq!(
        tg.expect_reply_to(&alice).await.text(),
        "chat 3 user 30",
        "the handler sees what the job wrote"
    );
    running.stop().await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_job_without_a_chat_or_with_other_data_fails_with_a_fix_and_the_error_handler_sees_it() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg).clock(clock()).build().unwrap();
    let (tx, mut errors) = mpsc::unbounded_channel::<(Option<String>, String)>();
    app.add_error_handler(move |ctx: CallbackContext| {
        let tx = tx.clone();
        async move {
            let job = ctx.job().map(|j| j.name().to_string());
            let _ = tx.send((job, ctx.error().map(|e| e.to_string()).unwrap_or_default()));
        }
    });
    let jq = app.job_queue();
    jq.run_once(
        |_: ChatData<Count>| async {},
        Duration::ZERO,
        JobOptions::new().name("no chat"),
    )
    .unwrap();
    app.start().await;
    assert_eq!(
        errors.recv().await.unwrap(),
        (
            Some("no chat".into()),
            "job `no chat` has no chat; schedule it with JobOptions::chat_id to take a ChatData parameter".into()
        )
    );
    jq.run_once(
        |JobData(n): JobData<u64>| async move {
            let _ = n;
        },
        Duration::ZERO,
        JobOptions::new().name("wrong data").data("ten"),
    )
    .unwrap();
    let (job, error) = errors.recv().await.unwrap();
    assert_eq!(job.as_deref(), Some("wrong data"));
    assert!(
        error.starts_with("the data of job `wrong data` is not a `u64`"),
        "{error}"
    );
    jq.run_once(
        |JobData(n): JobData<u64>| async move {
            let _ = n;
        },
        Duration::ZERO,
        JobOptions::new().name("no data"),
    )
    .unwrap();
    assert_eq!(
        errors.recv().await.unwrap().1,
        "job `no data` has no data; schedule it with JobOptions::data to take a JobData parameter"
    );
    app.stop().await;
}
