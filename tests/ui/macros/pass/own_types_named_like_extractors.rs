//! Types of the user's own named `Callback` and `Args` are plain extractors: the macros do not
//! take them for telebot's by their names (`Args`' bindings are no usage names, a `Callback` of
//! callback data restricts no handler to its prefix).

use telebot::callback_data::CallbackData;
use telebot::extract::{ExtractError, FromContext};
use telebot::{CallbackContext, handlers};

/// A parameter type of the bot's own, generic like telebot's.
pub struct Callback<T>(pub T);

impl<K, T: Default + Send> FromContext<K> for Callback<T> {
    async fn from_context(_: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(Callback(T::default()))
    }
}

/// Another one, named like telebot's `Args`.
pub struct Args<T>(pub T);

impl<K, T: Default + Send> FromContext<K> for Args<T> {
    async fn from_context(_: &CallbackContext) -> Result<Self, ExtractError> {
        Ok(Args(T::default()))
    }
}

#[derive(Default, CallbackData)]
#[callback_data(prefix = "vote")]
pub struct Vote {
    pub choice: u8,
}

#[telebot::callback_query]
async fn pressed(Callback(vote): Callback<Vote>) {
    let _ = vote.choice;
}

/// Adds two numbers.
#[telebot::command("add")]
async fn add(Args((a, b)): Args<(i64, i64)>) {
    let _ = a + b;
}

/// Adds two numbers, the telebot way.
#[telebot::command("sum")]
async fn sum(telebot::extract::Args((a, b)): telebot::extract::Args<(i64, i64)>) {
    let _ = a + b;
}

fn main() {
    let set = handlers![pressed, add, sum];
    let usage = |name: &str| set.commands().get(name).map(|c| c.params.clone());
    assert_eq!(usage("add"), Some(Vec::new()));
    assert_eq!(usage("sum"), Some(vec!["a".to_string(), "b".to_string()]));
}
