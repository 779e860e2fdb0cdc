use telebot::job;

#[job(every = "10s", cron = "0 9 * * *")]
async fn tick() {}

fn main() {}
