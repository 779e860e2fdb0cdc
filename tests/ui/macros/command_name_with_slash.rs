use telebot::command;

#[command("/start")]
async fn start() {}

fn main() {}
