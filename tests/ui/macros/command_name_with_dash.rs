use telebot::command;

#[command("set-lang")]
async fn set_lang() {}

fn main() {}
