use telebot::extract::Args;
use telebot::regex;

#[regex(r"^sum (\d+) (\d+)$")]
async fn sum(Args((a, b)): Args<(i64, i64)>) {
    let _ = a + b;
}

fn main() {}
