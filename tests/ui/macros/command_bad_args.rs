use telebot::command;

#[command("start", args = maybe)]
async fn start() {}

fn main() {}
