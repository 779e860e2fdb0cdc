use telebot::command;

#[command(description = "Starts the bot")]
async fn start() {}

fn main() {}
