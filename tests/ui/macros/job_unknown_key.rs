use telebot::job;

#[job(evry = "10s")]
async fn tick() {}

fn main() {}
