//! `crate = path` on `handlers![…]` and `#[telebot::main]`: telebot reached through a
//! re-export, as in a framework built on it.

mod framework {
    pub use ::telebot;
}

#[telebot::command("start", crate = crate::framework::telebot)]
async fn start() {}

mod program {
    #[telebot::main(crate = crate::framework::telebot)]
    pub async fn main() -> telebot::handlers::HandlerSet {
        telebot::handlers![crate = crate::framework::telebot; super::start]
    }
}

fn main() {
    let set = telebot::handlers![crate = crate::framework::telebot; start];
    assert_eq!(set.len(), 1);
    let _ = program::main;
}
