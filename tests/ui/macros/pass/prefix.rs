//! `#[prefix]`: one prefix and command, lists of both, and every option.

use telebot::extract::Args;
use telebot::{filters, prefix};

#[prefix(prefix = "!", command = "ban")]
async fn ban(Args((who,)): Args<(String,)>) {
    let _ = who;
}

#[prefix(
    prefix = ["!", "#", "."],
    command = ["note", "n"],
    filter = filters::chat_type::groups(),
    group = 3,
    block = false
)]
async fn note() {}

fn main() {
    let set = telebot::handlers![ban, note];
    assert_eq!(set.len(), 2);
    assert!(set.commands().is_empty(), "prefix commands are not bot commands");
}
