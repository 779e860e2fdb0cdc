use telebot::prefix;

#[prefix(prefix = ["!", "#"], command = ["ban", "ban user"])]
async fn ban() {}

fn main() {}
