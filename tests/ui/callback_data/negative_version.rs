use telebot::callback_data::CallbackData;

#[derive(CallbackData)]
#[callback_data(version = -1)]
struct Vote {
    poll: u32,
}

fn main() {}
