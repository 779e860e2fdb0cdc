//! The command menus Telegram shows, and keeping them in step with the declared set.

use super::CommandScope;
use crate::api::BotCommand;
use crate::{Bot, Error};

/// One `setMyCommands` list: a scope, an optional language and its commands.
#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    /// The scope.
    pub scope: CommandScope,
    /// The language code, or `None` for users of every language without their own menu.
    pub language: Option<String>,
    /// The commands, in declaration order.
    pub commands: Vec<BotCommand>,
}

/// What a menu sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// The menus that differed from Telegram's and were set.
    pub updated: Vec<(CommandScope, Option<String>)>,
    /// The menus that were already as declared.
    pub unchanged: Vec<(CommandScope, Option<String>)>,
}

impl Menu {
    /// Asks Telegram for this menu and sets it only when it differs; `true` when it was set.
    pub async fn sync(&self, bot: &Bot) -> Result<bool, Error> {
        let mut current = bot
            .get_my_commands()
            .scope(super::scope::to_api(self.scope));
        if let Some(language) = &self.language {
            current = current.language_code(language.clone());
        }
        if current.await? == self.commands {
            return Ok(false);
        }
        let mut set = bot
            .set_my_commands(self.commands.clone())
            .scope(super::scope::to_api(self.scope));
        if let Some(language) = &self.language {
            set = set.language_code(language.clone());
        }
        set.await?;
        Ok(true)
    }
}
