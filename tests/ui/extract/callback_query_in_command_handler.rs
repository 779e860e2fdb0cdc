use telebot::api::CallbackQuery;
use telebot::handlers::CommandHandler;

async fn start(query: CallbackQuery) {
    let _ = query.id;
}

fn main() {
    let _ = CommandHandler::new("start", start);
}
