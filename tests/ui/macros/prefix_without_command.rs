use telebot::prefix;

#[prefix(prefix = "!")]
async fn ban() {}

fn main() {}
