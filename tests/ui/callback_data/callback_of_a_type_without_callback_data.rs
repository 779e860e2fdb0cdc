// A `Callback<T>` parameter whose `T` is not callback data: one error, at the parameter.
struct Settings {
    volume: u8,
}

#[telebot::callback_query]
async fn pressed(telebot::extract::Callback(settings): telebot::extract::Callback<Settings>) {
    let _ = settings.volume;
}

fn main() {}
