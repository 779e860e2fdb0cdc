use telebot::{command, handlers};

/// Starts.
#[command("start")]
async fn start() {}

/// Also starts.
#[command("go", "start")]
async fn go() {}

fn main() {
    let _ = handlers![start, go];
}
