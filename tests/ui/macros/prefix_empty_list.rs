use telebot::prefix;

#[prefix(prefix = [], command = "ban")]
async fn ban() {}

fn main() {}
