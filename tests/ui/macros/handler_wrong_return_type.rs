use telebot::command;

#[command("count")]
async fn count() -> i32 {
    1
}

fn main() {}
