use telebot::{command, handlers};

/// Starts.
#[command("start", args = none)]
async fn start() {}

/// Deep links: no clash with `start`.
#[command("start", args = some)]
async fn deep_link() {}

/// Exactly one argument overlaps with `deep_link`'s at least one.
#[command("start", args = 1)]
async fn one() {}

fn main() {
    let _ = handlers![start, deep_link, one];
}
