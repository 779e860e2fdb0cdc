use telebot::callback_data::CallbackData;

struct Colour(u8, u8, u8);

#[derive(CallbackData)]
struct Paint {
    colour: Colour,
}

fn main() {}
