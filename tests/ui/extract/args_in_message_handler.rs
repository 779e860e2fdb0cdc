use telebot::extract::Args;
use telebot::filters;
use telebot::handlers::MessageHandler;

async fn sum(Args((a, b)): Args<(i64, i64)>) {
    let _ = a + b;
}

fn main() {
    let _ = MessageHandler::new(filters::text(), sum);
}
