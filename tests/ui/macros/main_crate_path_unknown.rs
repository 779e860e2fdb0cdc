// The `crate` path is what the generated code uses: a wrong one fails there.
#[telebot::main(crate = nowhere)]
async fn main() -> telebot::handlers::HandlerSet {
    telebot::handlers::HandlerSet::new()
}
