#[telebot::conversation]
mod order {
    use telebot::conversation::Next;

    #[states]
    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    pub enum Order {
        Size,
    }

    #[entry]
    #[command("order")]
    async fn start() -> Next<Order> {
        Next::To(Order::Size)
    }

    #[state(Order::Size, Order::Sise)]
    #[message]
    async fn size() -> Next<Order> {
        Next::End
    }
}

fn main() {}
