use telebot::inline_query;

#[inline_query(chat_types = ["privat"])]
async fn search() {}

fn main() {}
