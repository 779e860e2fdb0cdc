//! A chat action ("typing…") kept alive while a handler runs.

use super::NextHandler;
use crate::ChatAction;
use crate::context::CallbackContext;
use crate::handlers::Outcome;
use futures_util::future::BoxFuture;
use std::time::Duration;

/// Telegram shows a chat action for 5 seconds, or until the bot's next message.
const REPEAT: Duration = Duration::from_millis(4500);

/// A handler middleware that shows `action` ("typing…", "uploading photo…") in the update's
/// chat while each handler runs: sent when the handler starts and again every 4.5 s (Telegram
/// shows it for 5 s) until it ends. Updates without a chat run as they are.
///
/// ```
/// # fn setup(app: &telebot::Application) {
/// app.add_handler_middleware(telebot::middleware::chat_action(telebot::ChatAction::Typing));
/// # }
/// ```
pub fn chat_action(
    action: ChatAction,
) -> impl Fn(CallbackContext, NextHandler) -> BoxFuture<'static, Outcome> + Send + Sync + 'static {
    move |ctx, next| {
        let chat = ctx.update().and_then(|u| u.effective_chat()).map(|c| c.id);
        let Some(chat) = chat else {
            return next.run(ctx);
        };
        let bot = ctx.bot().clone();
        let action = action.clone();
        Box::pin(async move {
            let keep_alive = async {
                loop {
                    if let Err(error) = bot.send_chat_action(chat, action.clone()).await {
                        tracing::debug!(%error, "the chat action could not be sent");
                    }
                    tokio::time::sleep(REPEAT).await;
                }
            };
            tokio::select! {
                outcome = next.run(ctx) => outcome,
                () = keep_alive => unreachable!("the keep-alive loop never ends"),
            }
        })
    }
}
