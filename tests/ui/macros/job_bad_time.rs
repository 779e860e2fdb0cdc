use telebot::job;

#[job(at = "25:00")]
async fn morning() {}

fn main() {}
