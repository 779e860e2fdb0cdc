//! `#[regex]`, `#[message]` and the message-kind attributes.

use telebot::api::Message;
use telebot::extract::{Groups, Matches};
use telebot::{business_message, channel_post, edited_message, filters, message, regex};

#[regex(r"^hello (\w+)", caption, allow_edited, filter = filters::chat_type::private(), group = 2)]
async fn hello(Groups((name,)): Groups<(String,)>, matches: Matches) {
    let _ = (name, matches);
}

#[regex(r"^(?P<word>\w+)$")]
async fn word(Groups((word,)): Groups<(String,)>) {
    let _ = word;
}

#[message]
async fn any_message(message: Message) {
    let _ = message;
}

#[message(filter = filters::media::photo() | filters::media::video(), block = false)]
async fn media(message: Message) {
    let _ = message;
}

#[edited_message(filter = filters::text())]
async fn edited(message: Message) {
    let _ = message;
}

#[channel_post]
async fn post(message: Message) {
    let _ = message;
}

#[business_message]
async fn business(message: Message) {
    let _ = message;
}

fn main() {
    let set = telebot::handlers![hello, word, any_message, media, edited, post, business];
    assert_eq!(set.len(), 7);
    assert!(set.commands().is_empty());
}
