use telebot::api::Message;
use telebot::handlers::UpdateKindHandler;

async fn on_poll(message: Message) {
    let _ = message.message_id;
}

fn main() {
    let _ = UpdateKindHandler::poll(on_poll);
}
