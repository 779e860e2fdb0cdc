use telebot::command;

#[command("start", group = "1")]
async fn start() {}

fn main() {}
