// telebot reached through a path of the user's (`crate = path`), with one mistake in `#[job]`,
// one in each derive: one error each, and nothing else (the stubs they emit after a mistake
// name the crate through the given path too, and the uses below see them).
mod framework {
    pub use ::telebot;
}

#[telebot::job(every = "0s", crate = crate::framework::telebot)]
async fn tick() {}

#[derive(telebot::callback_data::CallbackField)]
#[callback_data(crate = crate::framework::telebot)]
struct Choice {
    option: u8,
}

#[derive(telebot::callback_data::CallbackData)]
#[callback_data(prefix = "", crate = crate::framework::telebot)]
struct Vote {
    choice: Choice,
}

#[telebot::callback_query(crate = crate::framework::telebot)]
async fn voted(telebot::extract::Callback(vote): telebot::extract::Callback<Vote>) {
    let _ = vote.choice.option;
}

fn main() {
    let _ = telebot::handlers![crate = crate::framework::telebot; tick, voted];
}
