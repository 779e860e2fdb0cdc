use telebot::{filters, poll_answer};

#[poll_answer(filter = filters::text())]
async fn voted() {}

fn main() {
    let _ = filters::text();
}
