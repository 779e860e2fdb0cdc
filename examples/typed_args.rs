//! Typed command arguments: each command's parameters say what it takes, and arguments that do
//! not fit are answered with a usage line built from the signature and the description; the
//! function is not called then.
//!
//! ```sh
//! cargo run --example typed_args      # try /add 2 x, /sum 1 2 3, /remind 10 buy milk, /help
//! ```

#[telebot::bot]
mod calculator {
    use telebot::commands::Help;
    use telebot::extract::{Args, Rest};
    use telebot::{Bot, HandlerResult, api::Message};

    /// Adds two integers.
    #[command("add")]
    async fn add(bot: Bot, msg: Message, Args((a, b)): Args<(i64, i64)>) -> HandlerResult {
        msg.reply_text(&bot, format!("{a} + {b} = {}", a.saturating_add(b)))
            .await?;
        Ok(())
    }

    /// Sums any number of integers.
    #[command("sum")]
    async fn sum(bot: Bot, msg: Message, Args(numbers): Args<Vec<i64>>) -> HandlerResult {
        let total = numbers.iter().fold(0i64, |a, b| a.saturating_add(*b));
        msg.reply_text(&bot, total.to_string()).await?;
        Ok(())
    }

    /// Divides one number by another.
    #[command("div")]
    async fn div(bot: Bot, msg: Message, Args((a, b)): Args<(f64, f64)>) -> HandlerResult {
        let answer = if b == 0.0 {
            "cannot divide by zero".to_string()
        } else {
            (a / b).to_string()
        };
        msg.reply_text(&bot, answer).await?;
        Ok(())
    }

    /// Reminds you: /remind <minutes> <text>.
    #[command("remind")]
    async fn remind(
        bot: Bot,
        msg: Message,
        Args((minutes, Rest(text))): Args<(u32, Rest)>,
    ) -> HandlerResult {
        msg.reply_text(&bot, format!("In {minutes} min I would remind you: {text}"))
            .await?;
        Ok(())
    }

    /// Repeats what you say.
    #[command("say")]
    async fn say(bot: Bot, msg: Message, Rest(text): Rest) -> HandlerResult {
        msg.reply_text(&bot, text).await?;
        Ok(())
    }

    /// Lists the commands.
    #[command("help", "start")]
    async fn help(bot: Bot, msg: Message, Help(text): Help) -> HandlerResult {
        msg.reply_text(&bot, text).await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    calculator::handlers()
}
