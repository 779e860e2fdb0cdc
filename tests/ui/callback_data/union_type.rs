use telebot::callback_data::CallbackData;

#[derive(CallbackData)]
union Bits {
    a: u32,
    b: f32,
}

fn main() {}
