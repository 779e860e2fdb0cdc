use std::time::Duration;
use telebot::api::Message;
use telebot::jobs::{JobOptions, JobQueue};

async fn tick(message: Message) {
    let _ = message.message_id;
}

fn schedule(jobs: &JobQueue) {
    let _ = jobs.run_once(tick, Duration::ZERO, JobOptions::new());
}

fn main() {}
