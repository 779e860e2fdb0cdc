use telebot::command;

#[command("start", descripton = "Starts the bot")]
async fn start() {}

fn main() {}
