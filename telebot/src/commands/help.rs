//! The [`Help`] extractor: the `/help` text for the chat and user at hand.

use crate::Update;
use crate::context::CallbackContext;
use crate::extract::{ExtractError, FromContext};

/// The generated `/help` text for the current chat and the user's language: one line per
/// command listed for the chat (`/name - description`), from the application's command set.
///
/// ```
/// use telebot::commands::Help;
/// use telebot::{Bot, HandlerResult, api::Message};
///
/// /// Lists the commands.
/// async fn help(bot: Bot, msg: Message, Help(text): Help) -> HandlerResult {
///     msg.reply_text(&bot, text).await?;
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help(pub String);

impl<K> FromContext<K> for Help {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        let update = ctx.update();
        let chat = update.and_then(Update::effective_chat);
        let language = update
            .and_then(Update::effective_user)
            .and_then(|u| u.language_code.as_deref());
        let text = ctx
            .application()
            .commands()
            .with_set(|set| set.help_text(chat, language));
        Ok(Help(text))
    }
}
