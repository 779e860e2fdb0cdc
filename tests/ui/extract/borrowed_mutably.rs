use telebot::api::Message;
use telebot::{HandlerResult, message};

#[message]
async fn shout(msg: &mut Message) -> HandlerResult {
    msg.text = None;
    Ok(())
}

fn main() {}
