use telebot::command;

#[command("start", block = 1)]
async fn start() {}

fn main() {}
