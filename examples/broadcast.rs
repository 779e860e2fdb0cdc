//! A newsletter bot: `/subscribe` and `/unsubscribe` keep a list of chats, and
//! `/broadcast <text>` sends the text to every subscriber as fast as Telegram's flood limits
//! allow (the application's rate limiter: 30 messages a second in all, one a second per
//! private chat, 20 a minute per group), then reports how many were delivered, how many chats
//! blocked the bot (they leave the list) and how many failed otherwise. Groups that became
//! supergroups are sent again at their new id, which replaces the old one in the list.
//!
//! ```sh
//! cargo run --example broadcast    # the sandbox: `:user bob` speaks as bob, `:block` blocks the bot
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example broadcast
//! ```
//!
//! Replies to users keep their normal priority while a broadcast runs at low priority, so the
//! bot stays responsive during a long one.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The chats that asked for the newsletter.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Subscribers(BTreeSet<i64>);

/// What a broadcast did, counted.
#[derive(Debug, Default, PartialEq)]
struct Tally {
    delivered: usize,
    blocked: usize,
    failed: usize,
}

impl<T> From<&telebot::ratelimit::BroadcastReport<T>> for Tally {
    fn from(report: &telebot::ratelimit::BroadcastReport<T>) -> Self {
        use telebot::ratelimit::Delivery;
        let mut tally = Tally::default();
        for (_, delivery) in &report.deliveries {
            match delivery {
                Delivery::Sent(_) | Delivery::Migrated { result: Ok(_), .. } => {
                    tally.delivered += 1
                }
                Delivery::Blocked | Delivery::Deactivated | Delivery::Gone => tally.blocked += 1,
                _ => tally.failed += 1,
            }
        }
        tally
    }
}

#[telebot::bot]
mod newsletter {
    use super::{Subscribers, Tally};
    use telebot::api::Message;
    use telebot::extract::Rest;
    use telebot::ratelimit::broadcast;
    use telebot::{Bot, CallbackContext, ChatId, HandlerResult};

    /// Subscribes this chat to the newsletter.
    #[command("subscribe", "start")]
    async fn subscribe(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
        let chat = msg.chat.id;
        let count = ctx
            .application()
            .with_bot_data(|s: &mut Subscribers| {
                s.0.insert(chat);
                s.0.len()
            })
            .await?;
        bot.send_message(chat, format!("Subscribed ({count} subscribers)."))
            .await?;
        Ok(())
    }

    /// Unsubscribes this chat.
    #[command("unsubscribe", "stop")]
    async fn unsubscribe(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
        let chat = msg.chat.id;
        ctx.application()
            .with_bot_data(|s: &mut Subscribers| s.0.remove(&chat))
            .await?;
        bot.send_message(chat, "Unsubscribed.").await?;
        Ok(())
    }

    /// Sends the text to every subscriber.
    #[command("broadcast")]
    async fn send_all(
        bot: Bot,
        msg: Message,
        ctx: CallbackContext,
        Rest(text): Rest,
    ) -> HandlerResult {
        let app = ctx.application();
        // A copy of the list: the data is not held while the broadcast runs.
        let chats: Vec<i64> = app
            .with_bot_data(|s: &mut Subscribers| s.0.iter().copied().collect())
            .await?;
        let report = broadcast(&bot, chats, |bot, chat| {
            let text = text.clone();
            async move { bot.send_message(chat, text).await }
        })
        .await;
        let unreachable: Vec<i64> = report
            .unreachable()
            .into_iter()
            .filter_map(|chat| match chat {
                ChatId::Id(id) => Some(*id),
                ChatId::Username(_) => None,
            })
            .collect();
        let migrations: Vec<(i64, i64)> = report
            .migrations()
            .into_iter()
            .filter_map(|(chat, to)| match chat {
                ChatId::Id(id) => Some((*id, to)),
                ChatId::Username(_) => None,
            })
            .collect();
        app.with_bot_data(|s: &mut Subscribers| {
            for id in &unreachable {
                s.0.remove(id);
            }
            for (from, to) in &migrations {
                s.0.remove(from);
                s.0.insert(*to);
            }
        })
        .await?;
        let tally = Tally::from(&report);
        bot.send_message(
            msg.chat.id,
            format!(
                "Broadcast to {} chats: delivered {}, blocked {}, failed {}.",
                report.deliveries.len(),
                tally.delivered,
                tally.blocked,
                tally.failed
            ),
        )
        .await?;
        Ok(())
    }
}

#[telebot::main]
async fn main(
    app: telebot::application::ApplicationBuilder,
) -> telebot::application::ApplicationBuilder {
    // Telegram's published limits, and a call may wait up to 10 minutes in a long broadcast.
    let limits =
        telebot::ratelimit::Limits::telegram().max_wait(std::time::Duration::from_secs(600));
    app.handlers(newsletter::handlers())
        .configure_bot(|bot| bot.rate_limiter(limits))
}
