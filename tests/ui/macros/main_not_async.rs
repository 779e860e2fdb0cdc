#[telebot::main]
fn main() -> telebot::handlers::HandlerSet {
    telebot::handlers::HandlerSet::new()
}
