#[telebot::bot]
fn commands() {}

fn main() {}
