//! Deep-linking bot (PTB's deeplinking): `t.me/<bot>?start=<payload>` links start the bot with
//! a payload, and each payload pattern goes to its own `/start` handler.
//!
//! ```sh
//! cargo run --example deep_linking                                   # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example deep_linking    # a real bot on Telegram
//! ```
//!
//! - `/start` in a private chat answers with a link that starts the bot again with the payload
//!   `check-this-out`; in a group, with a link to the private chat.
//! - `/start check-this-out` shows a button with a second deep link, `using-entities-here`.
//! - `/start using-entities-here` answers with formatted text.
//! - `/start ref-<user id>` (a referral link) thanks the user who shared it: the id is the
//!   payload pattern's group.
//!
//! The payload handlers come before the plain `/start`, which takes every `/start` they leave;
//! the application refuses the other order when it is built.

/// The `/start` handlers, one per payload pattern.
#[telebot::bot]
pub mod links {
    use telebot::api::{InlineKeyboardButton, InlineKeyboardMarkup, Message};
    use telebot::extract::Groups;
    use telebot::{Bot, HandlerResult, ParseMode, deep_link};

    /// The payload of the first link.
    pub const CHECK_THIS_OUT: &str = "check-this-out";
    /// The payload of the button's link.
    pub const USING_ENTITIES: &str = "using-entities-here";

    async fn username(bot: &Bot) -> Result<String, telebot::Error> {
        Ok(bot.me().await?.username.unwrap_or_default())
    }

    #[command("start", payload = r"^check-this-out$", hidden)]
    async fn check_this_out(bot: Bot, msg: Message) -> HandlerResult {
        let link = deep_link::start(&username(&bot).await?, USING_ENTITIES)?;
        bot.send_message(
            msg.chat.id,
            "You came in through a deep link. This button is another one.",
        )
        .reply_markup(InlineKeyboardMarkup::from_rows([[
            InlineKeyboardButton::url("Continue here", link),
        ]]))
        .await?;
        Ok(())
    }

    #[command("start", payload = r"^using-entities-here$", hidden)]
    async fn using_entities(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            "This link's answer uses <b>formatting</b>: <i>entities</i> and <code>code</code>.",
        )
        .parse_mode(ParseMode::Html)
        .await?;
        Ok(())
    }

    #[command("start", payload = r"^ref-(\d+)$", hidden)]
    async fn referred(bot: Bot, msg: Message, Groups((by,)): Groups<(i64,)>) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            format!("Welcome! You were invited by user {by}."),
        )
        .await?;
        Ok(())
    }

    /// Starts the bot.
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        let username = username(&bot).await?;
        let text = if msg.chat.kind == telebot::ChatType::Private {
            let link = deep_link::start(&username, CHECK_THIS_OUT)?;
            format!("Hello! Open this link to start me again with a payload: {link}")
        } else {
            let link = deep_link::start(&username, CHECK_THIS_OUT)?;
            format!("Talk to me in private through this link: {link}")
        };
        bot.send_message(msg.chat.id, text).await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    links::handlers()
}
