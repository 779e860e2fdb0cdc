use telebot::command;

#[command("start", description = "")]
async fn start() {}

fn main() {}
