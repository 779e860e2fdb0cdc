#[telebot::bot]
mod commands {
    /// Starts.
    #[command("start")]
    async fn start() {}

    /// Begins.
    #[command("begin", "start")]
    async fn begin() {}
}

fn main() {}
