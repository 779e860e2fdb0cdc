use telebot::api::Message;
use telebot::poll_answer;

#[poll_answer]
async fn voted(message: Message) {
    let _ = message;
}

fn main() {}
