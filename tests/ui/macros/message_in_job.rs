use telebot::api::Message;
use telebot::job;

#[job(every = "1h")]
async fn remind(message: Message) {
    let _ = message;
}

fn main() {}
