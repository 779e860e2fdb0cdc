#[telebot::conversation]
mod order {
    use telebot::conversation::Next;

    #[states]
    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    pub enum Order {
        Size,
    }

    #[state(Order::Size)]
    #[message]
    async fn size() -> Next<Order> {
        Next::To(Order::Size)
    }
}

fn main() {}
