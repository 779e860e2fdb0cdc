use telebot::job;

#[job(every = "0s")]
async fn tick() {}

fn main() {}
