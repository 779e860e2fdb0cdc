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

fn main() {}
