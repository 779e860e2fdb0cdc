//! A `#[telebot::bot]` module: attributes without imports, `handlers()` with everything.

#[telebot::bot]
mod commands {
    use telebot::extract::Args;
    use telebot::{Bot, HandlerResult, api::Message};

    /// Greets.
    #[command("start")]
    pub async fn start(bot: Bot, msg: Message) -> HandlerResult {
        msg.reply_text(&bot, "Hi").await?;
        Ok(())
    }

    /// Adds two numbers.
    #[telebot::command("add")]
    async fn add(Args((a, b)): Args<(i64, i64)>) {
        let _ = a + b;
    }

    #[regex(r"^ping$")]
    async fn ping() {}

    #[error_handler]
    async fn oops() {}

    pub fn helper() -> u8 {
        7
    }
}

mod other {
    // The same function name in another module does not clash.
    #[telebot::command("start2")]
    pub async fn start() {}
}

macro_rules! declare {
    ($name:ident, $command:literal) => {
        #[telebot::command($command)]
        async fn $name() {}
    };
}

declare!(from_macro, "macro");

fn main() {
    let set = commands::handlers();
    assert_eq!(set.len(), 3);
    assert_eq!(commands::helper(), 7);
    assert_eq!(
        set.commands().help_text(None, None),
        "/start - Greets.\n/add - Adds two numbers."
    );
    let more = telebot::handlers![other::start, from_macro, commands::start];
    assert_eq!(more.len(), 3);
    // The function itself is still an ordinary async fn.
    let _future = other::start();
}
