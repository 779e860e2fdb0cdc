use telebot::command;

struct Bot;

impl Bot {
    #[command("start")]
    async fn start(&self) {}
}

fn main() {}
