use telebot::regex;

#[regex(r"^a", r"^b")]
async fn ab() {}

fn main() {}
