use telebot::callback_data::CallbackField;

#[derive(CallbackField)]
enum Size {
    Small,
    Custom(u32),
}

fn main() {}
