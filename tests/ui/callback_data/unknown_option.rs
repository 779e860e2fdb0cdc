use telebot::callback_data::CallbackData;

#[derive(CallbackData)]
#[callback_data(prefix = "vote", signed = true)]
struct Vote {
    poll: u32,
}

fn main() {}
