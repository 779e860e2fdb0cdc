//! Every kind of schedule, run by an application's job queue on tokio's paused clock: the
//! callbacks run at exactly the instants of the schedule, in the schedule's time zone (the
//! queue's by default, from `Defaults::time_zone`), across clock changes, month ends and leap
//! days; and a repeating job does not drift over 10,000 runs even when each run takes time.

#[path = "support/jobs.rs"]
mod jobs;

use jobs::{Runs, app_at, builder_at, ts};
use std::time::Duration;
use telebot::client::Defaults;
use telebot::jobs::{
    CronSchedule, Daily, JobOptions, JobQueue, Monthly, Repeating, parse_time_of_day,
    parse_weekdays, time_zone,
};

fn time(text: &str) -> telebot::jobs::TimeOfDay {
    parse_time_of_day(text).unwrap()
}

#[tokio::test(start_paused = true)]
async fn run_once_runs_after_a_delay_at_a_date_time_and_right_away_when_past() {
    let app = app_at("2026-06-01T12:00:00Z");
    let mut runs = Runs::new();
    let jq = app.job_queue();
    jq.run_once(runs.callback(), Duration::from_secs(90), JobOptions::new())
        .unwrap();
    jq.run_once(
        runs.callback(),
        ts("2026-06-02T08:15:00Z"),
        JobOptions::new(),
    )
    .unwrap();
    let local = "2026-06-01T18:00:00".parse::<telebot::jobs::jiff::civil::DateTime>();
    jq.run_once(runs.callback(), local.unwrap(), JobOptions::new())
        .unwrap();
    app.start().await;
    assert_eq!(
        runs.take(3).await,
        [
            "2026-06-01T12:01:30Z",
            "2026-06-01T18:00:00Z", // a civil date-time in the queue's zone, UTC
            "2026-06-02T08:15:00Z"
        ]
    );
    jq.run_once(
        runs.callback(),
        ts("2020-01-01T00:00:00Z"),
        JobOptions::new(),
    )
    .unwrap();
    assert_eq!(runs.take(1).await, ["2026-06-02T08:15:00Z"]);
    assert!(jq.jobs().is_empty(), "one-shot jobs leave after their run");
}

#[tokio::test(start_paused = true)]
async fn run_repeating_starts_at_first_and_ends_at_last() {
    let app = app_at("2026-06-01T12:00:00Z");
    let mut runs = Runs::new();
    let every = Repeating::every(Duration::from_secs(600))
        .first(Duration::ZERO)
        .last(ts("2026-06-01T12:30:00Z"));
    let job = app
        .job_queue()
        .run_repeating(runs.callback(), every, JobOptions::new())
        .unwrap();
    app.start().await;
    assert_eq!(
        runs.take(4).await,
        [
            "2026-06-01T12:00:00Z",
            "2026-06-01T12:10:00Z",
            "2026-06-01T12:20:00Z",
            "2026-06-01T12:30:00Z"
        ]
    );
    tokio::time::sleep(Duration::from_secs(3600)).await;
    assert!(runs.drain().is_empty(), "no run after `last`");
    assert_eq!(job.next_t(), None);
    assert!(app.job_queue().jobs().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_repeating_job_does_not_drift_over_ten_thousand_runs_that_take_time() {
    let app = app_at("2026-01-01T00:00:00Z");
    let tx = Runs::new();
    let (sender, mut rx) = (tx.sender(), tx);
    let interval = Duration::from_millis(7_300);
    let first = ts("2026-01-01T00:00:05Z");
    app.job_queue()
        .run_repeating(
            move |queue: JobQueue| {
                let sender = sender.clone();
                async move {
                    let _ = sender.send(queue.now());
                    // Each run works for 40% of the interval.
                    tokio::time::sleep(Duration::from_millis(2_920)).await;
                }
            },
            Repeating::every(interval).first(first),
            JobOptions::new(),
        )
        .unwrap();
    app.start().await;
    for k in 0..10_000i128 {
        let ran = rx.next().await;
        let expected = first.as_nanosecond() + k * interval.as_nanos() as i128;
        assert_eq!(
            ran.as_nanosecond(),
            expected,
            "run {k} is on the schedule, not after the previous run"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn run_daily_follows_days_of_the_week_and_berlin_clock_changes() {
    // Friday 2026-03-27; Berlin moves its clocks forward on Sunday 2026-03-29.
    let app = app_at("2026-03-27T00:00:00Z");
    let mut runs = Runs::new();
    let berlin = time_zone("Europe/Berlin").unwrap();
    app.job_queue()
        .run_daily(
            runs.callback(),
            Daily::at(time("02:30"))
                .days(parse_weekdays("fri-mon").unwrap())
                .time_zone(berlin),
            JobOptions::new(),
        )
        .unwrap();
    app.start().await;
    assert_eq!(
        runs.take(5).await,
        [
            "2026-03-27T01:30:00Z", // Fri 02:30 CET
            "2026-03-28T01:30:00Z", // Sat 02:30 CET
            "2026-03-29T01:30:00Z", // Sun: 02:30 does not exist, so 03:30 CEST
            "2026-03-30T00:30:00Z", // Mon 02:30 CEST
            "2026-04-03T00:30:00Z", // Fri
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn run_daily_runs_a_repeated_wall_clock_time_once_when_clocks_go_back() {
    let app = app_at("2026-10-24T00:00:00Z");
    let mut runs = Runs::new();
    let daily = Daily::at(time("02:30")).time_zone(time_zone("Europe/Berlin").unwrap());
    app.job_queue()
        .run_daily(runs.callback(), daily, JobOptions::new())
        .unwrap();
    app.start().await;
    assert_eq!(
        runs.take(3).await,
        [
            "2026-10-24T00:30:00Z", // 02:30 CEST
            "2026-10-25T00:30:00Z", // 02:30 happens twice: once, at the first (CEST)
            "2026-10-26T01:30:00Z", // 02:30 CET
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn daily_jobs_use_the_default_time_zone_or_a_fixed_offset() {
    let defaults = Defaults {
        time_zone: Some(time_zone("America/New_York").unwrap()),
        ..Defaults::default()
    };
    let app = builder_at("2028-02-27T00:00:00Z")
        .configure_bot(|bot| bot.defaults(defaults))
        .build()
        .unwrap();
    let mut new_york = Runs::new();
    let mut india = Runs::new();
    let jq = app.job_queue();
    jq.run_daily(new_york.callback(), time("09:00"), JobOptions::new())
        .unwrap();
    jq.run_daily(
        india.callback(),
        Daily::at(time("09:00")).time_zone(time_zone("+05:30").unwrap()),
        JobOptions::new(),
    )
    .unwrap();
    app.start().await;
    assert_eq!(
        new_york.take(3).await,
        [
            "2028-02-27T14:00:00Z",
            "2028-02-28T14:00:00Z",
            "2028-02-29T14:00:00Z" // the leap day
        ]
    );
    assert_eq!(
        india.take(3).await,
        [
            "2028-02-27T03:30:00Z",
            "2028-02-28T03:30:00Z",
            "2028-02-29T03:30:00Z"
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn run_monthly_skips_short_months_and_finds_the_last_day_of_leap_february() {
    let app = app_at("2027-12-15T00:00:00Z");
    let mut on_31st = Runs::new();
    let mut last_day = Runs::new();
    let jq = app.job_queue();
    jq.run_monthly(
        on_31st.callback(),
        Monthly::on(31, time("08:00")),
        JobOptions::new(),
    )
    .unwrap();
    jq.run_monthly(
        last_day.callback(),
        Monthly::last_day(time("23:00")),
        JobOptions::new(),
    )
    .unwrap();
    app.start().await;
    assert_eq!(
        on_31st.take(4).await,
        [
            "2027-12-31T08:00:00Z",
            "2028-01-31T08:00:00Z",
            "2028-03-31T08:00:00Z", // no 31st in February
            "2028-05-31T08:00:00Z", // nor in April
        ]
    );
    assert_eq!(
        last_day.take(4).await,
        [
            "2027-12-31T23:00:00Z",
            "2028-01-31T23:00:00Z",
            "2028-02-29T23:00:00Z",
            "2028-03-31T23:00:00Z",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn run_custom_fires_on_the_cron_expression_in_its_time_zone() {
    let app = app_at("2026-03-28T12:00:00Z");
    let mut runs = Runs::new();
    let cron = CronSchedule::parse("0 9 * * sat,mon")
        .unwrap()
        .time_zone(time_zone("Europe/Berlin").unwrap());
    app.job_queue()
        .run_custom(runs.callback(), cron, JobOptions::new())
        .unwrap();
    app.start().await;
    assert_eq!(
        runs.take(3).await,
        [
            "2026-03-30T07:00:00Z", // Monday 09:00 CEST (the clocks changed on Sunday)
            "2026-04-04T07:00:00Z", // Saturday
            "2026-04-06T07:00:00Z",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn bad_schedules_and_data_are_refused_when_scheduling() {
    let app = app_at("2026-01-01T00:00:00Z");
    let runs = Runs::new();
    let jq = app.job_queue();
    let zero = jq
        .run_repeating(runs.callback(), Duration::ZERO, JobOptions::new())
        .unwrap_err();
    assert!(zero.to_string().contains("interval above zero"), "{zero}");
    let cron = CronSchedule::parse("0 9 * * funday").unwrap_err();
    assert!(cron.to_string().contains("funday"), "{cron}");
    // Maps with non-string keys do not serialize to JSON.
    let data = std::collections::HashMap::from([((1, 2), 3)]);
    let error = jq
        .run_once(
            runs.callback(),
            Duration::from_secs(1),
            JobOptions::new().data(data),
        )
        .unwrap_err();
    assert!(error.to_string().starts_with("job data"), "{error}");
    assert!(jq.jobs().is_empty(), "nothing was scheduled");
}
