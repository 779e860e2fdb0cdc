use telebot::command;

#[command("ban", description = "Bans a user", scope = admins)]
async fn ban() {}

fn main() {}
