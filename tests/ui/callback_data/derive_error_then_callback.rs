// A mistake in `#[derive(CallbackData)]` is one error, at the mistake: the derive still emits an
// impl, so the `Callback<Vote>` parameter below adds no "`CallbackData` is not implemented".
#[derive(telebot::callback_data::CallbackData)]
#[callback_data(prefix = "vote:")]
struct Vote {
    choice: u8,
}

#[telebot::callback_query]
async fn voted(telebot::extract::Callback(vote): telebot::extract::Callback<Vote>) {
    let _ = vote.choice;
}

fn main() {
    let _ = telebot::handlers![voted];
}
