//! Every `#[command]` option, and what the command set makes of them.

use telebot::commands::{CommandScope, Help};
use telebot::extract::{Args, Rest};
use telebot::{Bot, HandlerResult, api::Message, command, filters, handlers};

/// Starts the bot.
///
/// Longer text that is not part of the description.
#[command("start", "begin", description(de = "Startet den Bot"))]
async fn start(bot: Bot, msg: Message) -> HandlerResult {
    msg.reply_text(&bot, "Hi").await?;
    Ok(())
}

#[command(
    "ban",
    description = "Bans a user",
    scope = [all_group_chats, chat_administrators(-100123)],
    require = admin,
    allow_edited,
    filter = filters::chat_type::groups(),
    group = -1,
    block = false,
    crate = ::telebot,
)]
async fn ban(Args((user,)): Args<(i64,)>) {
    let _ = user;
}

#[command("secret", description = "Not listed", hidden)]
async fn secret(Rest(text): Rest) -> telebot::Flow {
    let _ = text;
    telebot::Flow::Stop
}

/// Lists the commands.
#[command("help")]
async fn help(Help(text): Help) {
    let _ = text;
}

fn main() {
    let set = handlers![start, ban, secret, help];
    assert_eq!(set.len(), 4);
    let start = set.commands().get("begin").expect("start answers to /begin");
    assert_eq!(start.description.as_deref(), Some("Starts the bot."));
    assert_eq!(start.description_in(Some("de")), Some("Startet den Bot"));
    let ban = set.commands().get("ban").expect("ban");
    assert_eq!(
        ban.scopes,
        [CommandScope::AllGroupChats, CommandScope::ChatAdministrators(-100123)]
    );
    assert_eq!(ban.require, Some(telebot::commands::Role::Admin));
    assert_eq!(ban.params, ["user"]);
    assert!(set.commands().get("secret").is_some_and(|c| c.hidden));
    assert_eq!(
        set.commands().help_text(None, None),
        "/start - Starts the bot.\n/help - Lists the commands."
    );
}
