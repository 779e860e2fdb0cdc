use telebot::command;

#[command("start")]
fn start() {}

fn main() {}
