use telebot::extract::Groups;
use telebot::regex;

#[regex(r"^(?P<name>\w+) is (?P<age>\d+)$")]
async fn person(Groups((age, name)): Groups<(u32, String)>) {
    let _ = (name, age);
}

fn main() {}
