use telebot::command;

#[command("start")]
async fn start<T: Send>(value: T) {
    let _ = value;
}

fn main() {}
