use telebot::command;

#[command("start")]
struct Start;

fn main() {}
