use telebot::api::Message;
use telebot::extract::Args;
use telebot::{HandlerResult, command};

#[command("add")]
async fn add(msg: &Message, args: &Args<(i64, i64)>) -> HandlerResult {
    let _ = (msg, args);
    Ok(())
}

fn main() {}
