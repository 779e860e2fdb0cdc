use telebot::callback_data::CallbackData;

#[derive(CallbackData)]
struct Page<T> {
    item: T,
}

fn main() {}
