//! `#[job]` with each kind of schedule, collected like handlers; `#[telebot::main]` compiles
//! (its `main` is not run here: it would start a bot).

use telebot::{Bot, CallbackContext, job};

#[job(every = "10s", first = "1s", last = "1h", name = "ticker", data = "payload", chat_id = -100123)]
async fn tick(bot: Bot, ctx: CallbackContext) {
    let _ = (bot, ctx);
}

#[job(after = "30s")]
async fn once() {}

#[job(daily, at = "09:00:30", days = "mon-fri")]
async fn morning() {}

#[job(cron = "0 9 * * 1-5")]
async fn report() -> telebot::HandlerResult {
    Ok(())
}

mod program {
    #[telebot::main]
    pub async fn main(app: telebot::application::ApplicationBuilder) -> telebot::application::ApplicationBuilder {
        app.handlers(telebot::handlers![super::once])
    }
}

fn main() {
    use telebot::__private::DeclaredSchedule as Schedule;
    let set = telebot::handlers![tick, once, morning, report];
    let jobs = set.jobs();
    assert_eq!(jobs.len(), 4);
    assert_eq!(jobs[0].spec.name, "ticker");
    assert_eq!(jobs[0].spec.schedule, Schedule::Every(std::time::Duration::from_secs(10)));
    assert_eq!(jobs[0].spec.first, Some(std::time::Duration::from_secs(1)));
    assert_eq!(jobs[0].spec.chat_id, Some(-100123));
    assert_eq!(jobs[0].spec.data, Some("payload"));
    assert_eq!(jobs[1].spec.name, "once");
    assert_eq!(jobs[2].spec.schedule, Schedule::Daily { at: (9, 0, 30), days: &[0, 1, 2, 3, 4] });
    assert_eq!(jobs[3].spec.schedule, Schedule::Cron("0 9 * * 1-5"));
    let _ = program::main;
}
