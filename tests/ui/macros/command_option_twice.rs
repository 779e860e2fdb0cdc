use telebot::command;

#[command("start", hidden, hidden)]
async fn start() {}

fn main() {}
