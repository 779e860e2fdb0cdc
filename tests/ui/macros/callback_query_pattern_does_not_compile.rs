use telebot::callback_query;

#[callback_query(pattern = r"^vote:(\d+$")]
async fn vote() {}

fn main() {}
