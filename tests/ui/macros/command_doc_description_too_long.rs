use telebot::command;

/// word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word
#[command("start")]
async fn start() {}

fn main() {}
