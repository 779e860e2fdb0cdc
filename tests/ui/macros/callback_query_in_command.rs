use telebot::api::CallbackQuery;
use telebot::command;

#[command("start")]
async fn start(query: CallbackQuery) {
    let _ = query.id;
}

fn main() {}
