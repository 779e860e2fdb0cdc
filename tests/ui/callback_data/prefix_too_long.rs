use telebot::callback_data::CallbackData;

#[derive(CallbackData)]
#[callback_data(prefix = "a_prefix_that_leaves_no_room_for_the_fields_at_all")]
struct Vote {
    poll: u32,
}

fn main() {}
