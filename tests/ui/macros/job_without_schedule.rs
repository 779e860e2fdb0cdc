use telebot::job;

#[job(name = "tick")]
async fn tick() {}

fn main() {}
