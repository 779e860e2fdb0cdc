use telebot::regex;

#[regex(r"^hello (\w+")]
async fn hello() {}

fn main() {}
