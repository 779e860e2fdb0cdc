use telebot::command;

#[command("start", description = "Start", description(eng = "Start"))]
async fn start() {}

fn main() {}
