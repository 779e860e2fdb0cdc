//! The "did you mean /…?" answer to commands no handler declares.

use super::registry::Registry;
use crate::commands::UnknownCommand;
use crate::context::CallbackContext;
use crate::handlers::command::parse_command;
use crate::handlers::{CheckInfo, Checked, Handler, Outcome};
use crate::{ChatType, Update};
use futures_util::future::BoxFuture;
use std::sync::Arc;

/// Runs first (in the lowest group) for commands that no handler of the application declares:
/// in private chats, and in groups when the command names this bot (`/cmd@bot`). It answers with
/// the closest declared command and stops the update there, so catch-all handlers never see it.
pub(crate) struct UnknownCommandHandler {
    pub(crate) registry: Arc<Registry>,
}

impl Handler for UnknownCommandHandler {
    fn check(&self, update: &Update, info: &CheckInfo) -> Option<Checked> {
        let (name, _) = parse_command(update, &info.bot_username, false)?;
        let private = update
            .effective_chat()
            .is_some_and(|c| c.kind == ChatType::Private);
        let text = update.effective_message()?.text.as_deref()?;
        let addressed = text
            .split_whitespace()
            .next()
            .is_some_and(|word| word.contains('@'));
        if !(private || addressed) || self.registry.knows(&name) {
            return None;
        }
        Some(Checked {
            command: Some(name),
            ..Checked::default()
        })
    }

    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        Box::pin(async move {
            let registry = ctx.application().commands();
            let typed = ctx.command().unwrap_or_default();
            let known = registry.listed_names(ctx.update().and_then(Update::effective_chat));
            let reply = registry.with_set(|set| {
                let unknown = UnknownCommand {
                    typed,
                    suggestion: set.suggest(typed),
                    has_help: set.get("help").is_some() || registry.knows("help"),
                    known: &known,
                };
                (registry.options.unknown)(&unknown)
            });
            let Some(reply) = reply else {
                return Outcome::Stop;
            };
            let Some(message) = ctx.update().and_then(Update::effective_message) else {
                return Outcome::Stop;
            };
            match message.reply_text(ctx.bot(), reply).await {
                Ok(_) => Outcome::Stop,
                Err(e) => Outcome::Failed(Box::new(e)),
            }
        })
    }

    fn update_kinds(&self) -> Vec<&'static str> {
        vec!["message"]
    }

    fn describe(&self) -> String {
        "UnknownCommandHandler (did you mean)".to_string()
    }
}
