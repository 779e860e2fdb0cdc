use telebot::extract::Groups;
use telebot::regex;

#[regex(r"^hello (\w+)$")]
async fn hello(Groups((name, age)): Groups<(String, u32)>) {
    let _ = (name, age);
}

fn main() {}
