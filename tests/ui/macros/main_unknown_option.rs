#[telebot::main(token = "123:abc")]
async fn main() -> telebot::handlers::HandlerSet {
    telebot::handlers::HandlerSet::new()
}
