use telebot::{Bot, HandlerResult, api::Message, command};

#[command("Start")]
async fn start(bot: Bot, msg: Message) -> HandlerResult {
    msg.reply_text(&bot, "hi").await?;
    Ok(())
}

fn main() {}
