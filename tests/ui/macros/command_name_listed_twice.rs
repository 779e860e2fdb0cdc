use telebot::command;

#[command("start", "go", "start")]
async fn start() {}

fn main() {}
