#[telebot::bot]
mod commands {
    /// Starts.
    #[command("start", args = none)]
    async fn start() {}

    /// Deep links.
    #[command("start", args = some)]
    async fn deep_link() {}

    /// Any count overlaps with at least one.
    #[command("start", args = any)]
    async fn anything() {}
}

fn main() {}
