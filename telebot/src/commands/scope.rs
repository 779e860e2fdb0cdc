//! The menus a command is listed in (Telegram's `BotCommandScope`): the one `CommandScope` of
//! `telebot-syntax`, which the macros read `scope = …` into, and what the runtime does with it.

use crate::ChatType;
use crate::api::{
    BotCommandScope, BotCommandScopeAllChatAdministrators, BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats, BotCommandScopeChat, BotCommandScopeChatAdministrators,
    BotCommandScopeDefault, Chat,
};

pub use telebot_syntax::command::CommandScope;

/// The Bot API value of `scope`.
pub(crate) fn to_api(scope: CommandScope) -> BotCommandScope {
    match scope {
        CommandScope::Default => BotCommandScope::Default(BotCommandScopeDefault::default()),
        CommandScope::AllPrivateChats => {
            BotCommandScope::AllPrivateChats(BotCommandScopeAllPrivateChats::default())
        }
        CommandScope::AllGroupChats => {
            BotCommandScope::AllGroupChats(BotCommandScopeAllGroupChats::default())
        }
        CommandScope::AllChatAdministrators => {
            BotCommandScope::AllChatAdministrators(BotCommandScopeAllChatAdministrators::default())
        }
        CommandScope::Chat(id) => BotCommandScope::Chat(BotCommandScopeChat::new(id)),
        CommandScope::ChatAdministrators(id) => {
            BotCommandScope::ChatAdministrators(BotCommandScopeChatAdministrators::new(id))
        }
    }
}

/// Whether a user of `chat` sees the commands of `scope` in `/help` (admin menus count for
/// everyone in the chat; the refusal, not the help text, stops others).
pub(crate) fn covers(scope: CommandScope, chat: Option<&Chat>) -> bool {
    let group = chat.is_some_and(|c| matches!(c.kind, ChatType::Group | ChatType::Supergroup));
    match scope {
        CommandScope::Default => true,
        CommandScope::AllPrivateChats => chat.is_some_and(|c| c.kind == ChatType::Private),
        CommandScope::AllGroupChats | CommandScope::AllChatAdministrators => group,
        CommandScope::Chat(id) | CommandScope::ChatAdministrators(id) => {
            chat.is_some_and(|c| c.id == id)
        }
    }
}
