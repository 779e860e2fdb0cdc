use telebot::command;

#[command("a_command_name_that_is_far_too_long_for_telegram")]
async fn long() {}

fn main() {}
