use telebot::callback_query;

#[callback_query(r"^vote:(\d+)$")]
async fn vote() {}

fn main() {}
