use telebot::command;

#[command("ban", require = owner)]
async fn ban() {}

fn main() {}
