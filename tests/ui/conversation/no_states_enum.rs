#[telebot::conversation]
mod order {
    use telebot::conversation::Next;

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    pub enum Order {
        Size,
    }

    #[entry]
    #[command("order")]
    async fn start() -> Next<Order> {
        Next::To(Order::Size)
    }
}

fn main() {
    // The conversation's one mistake is reported at the module; `handlers()` still exists, so
    // this call adds no second error.
    let _ = telebot::handlers::HandlerSet::new().merge(order::handlers());
}
