use telebot::callback_query;
use telebot::extract::Groups;

#[callback_query]
async fn pressed(Groups((n,)): Groups<(i64,)>) {
    let _ = n;
}

fn main() {}
