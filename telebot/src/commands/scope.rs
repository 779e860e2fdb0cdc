//! The menus a command is listed in (Telegram's `BotCommandScope`).

use crate::ChatType;
use crate::api::{
    BotCommandScope, BotCommandScopeAllChatAdministrators, BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats, BotCommandScopeChat, BotCommandScopeChatAdministrators,
    BotCommandScopeDefault, Chat,
};

/// A menu of commands: everyone's, private chats', groups', admins', or one chat's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommandScope {
    /// Every chat without a more specific menu.
    Default,
    /// Every private chat.
    AllPrivateChats,
    /// Every group and supergroup.
    AllGroupChats,
    /// The administrators of every group and supergroup.
    AllChatAdministrators,
    /// One chat.
    Chat(i64),
    /// The administrators of one chat.
    ChatAdministrators(i64),
}

impl CommandScope {
    /// The Bot API value.
    pub fn to_api(self) -> BotCommandScope {
        match self {
            CommandScope::Default => BotCommandScope::Default(BotCommandScopeDefault::default()),
            CommandScope::AllPrivateChats => {
                BotCommandScope::AllPrivateChats(BotCommandScopeAllPrivateChats::default())
            }
            CommandScope::AllGroupChats => {
                BotCommandScope::AllGroupChats(BotCommandScopeAllGroupChats::default())
            }
            CommandScope::AllChatAdministrators => BotCommandScope::AllChatAdministrators(
                BotCommandScopeAllChatAdministrators::default(),
            ),
            CommandScope::Chat(id) => BotCommandScope::Chat(BotCommandScopeChat::new(id)),
            CommandScope::ChatAdministrators(id) => {
                BotCommandScope::ChatAdministrators(BotCommandScopeChatAdministrators::new(id))
            }
        }
    }

    /// Whether a user of `chat` sees this menu's commands in `/help` (admin menus count for
    /// everyone in the chat; the refusal, not the help text, stops others).
    pub fn covers(self, chat: Option<&Chat>) -> bool {
        let group = chat.is_some_and(|c| matches!(c.kind, ChatType::Group | ChatType::Supergroup));
        match self {
            CommandScope::Default => true,
            CommandScope::AllPrivateChats => chat.is_some_and(|c| c.kind == ChatType::Private),
            CommandScope::AllGroupChats | CommandScope::AllChatAdministrators => group,
            CommandScope::Chat(id) | CommandScope::ChatAdministrators(id) => {
                chat.is_some_and(|c| c.id == id)
            }
        }
    }
}
