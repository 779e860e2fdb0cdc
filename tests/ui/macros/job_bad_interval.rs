use telebot::job;

#[job(every = "10x")]
async fn tick() {}

fn main() {}
