use telebot::job;

#[job(cron = "0 9 * *")]
async fn report() {}

fn main() {}
