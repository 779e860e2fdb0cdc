//! [`broadcast`]: one message to many chats, as fast as the limits allow, with a result per chat.

use super::{Priority, RateLimiter, with_priority};
use crate::{Bot, ChatId, Error};
use futures_util::stream::{FuturesUnordered, StreamExt};
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// How many sends of a broadcast wait in the limiter at once.
const IN_FLIGHT: usize = 64;

/// What happened in one chat.
#[derive(Debug)]
pub enum Delivery<T> {
    /// Sent; what the send returned.
    Sent(T),
    /// The group had become a supergroup; sent again at the new id.
    Migrated {
        /// The supergroup's id.
        to: i64,
        /// The send at the new id.
        result: Result<T, Error>,
    },
    /// The user blocked the bot (403).
    Blocked,
    /// The user's account is deleted (403 "user is deactivated").
    Deactivated,
    /// The bot was removed from the chat, or it does not exist (403 "kicked", 400 "chat not
    /// found").
    Gone,
    /// Any other failure.
    Failed(Error),
}

/// The result of a [`broadcast`]: one [`Delivery`] per chat, in the order the chats were given.
#[derive(Debug)]
pub struct BroadcastReport<T> {
    /// Each chat and what happened there.
    pub deliveries: Vec<(ChatId, Delivery<T>)>,
    /// How long the broadcast took.
    pub elapsed: Duration,
}

impl<T> BroadcastReport<T> {
    /// How many chats got the message (migrated ones included).
    pub fn sent(&self) -> usize {
        self.deliveries
            .iter()
            .filter(|(_, d)| {
                matches!(
                    d,
                    Delivery::Sent(_) | Delivery::Migrated { result: Ok(_), .. }
                )
            })
            .count()
    }

    /// The chats that blocked the bot or whose users are deactivated: drop them from the list.
    pub fn unreachable(&self) -> Vec<&ChatId> {
        self.deliveries
            .iter()
            .filter(|(_, d)| {
                matches!(
                    d,
                    Delivery::Blocked | Delivery::Deactivated | Delivery::Gone
                )
            })
            .map(|(chat, _)| chat)
            .collect()
    }

    /// The chats that moved to a supergroup, with their new ids: update the list.
    pub fn migrations(&self) -> Vec<(&ChatId, i64)> {
        self.deliveries
            .iter()
            .filter_map(|(chat, d)| match d {
                Delivery::Migrated { to, .. } => Some((chat, *to)),
                _ => None,
            })
            .collect()
    }
}

fn classify<T>(error: Error) -> Delivery<T> {
    if let Error::Api {
        error_code,
        description,
        ..
    } = &error
    {
        let description = description.to_ascii_lowercase();
        if *error_code == 403 && description.contains("deactivated") {
            return Delivery::Deactivated;
        }
        if *error_code == 403 && description.contains("blocked") {
            return Delivery::Blocked;
        }
        if (*error_code == 403 && description.contains("kicked"))
            || (*error_code == 400 && description.contains("chat not found"))
        {
            return Delivery::Gone;
        }
    }
    Delivery::Failed(error)
}

/// Sends to every chat with `send` (for instance `|bot, chat| bot.send_message(chat, "…")`),
/// at low priority so that replies to users go first, paced by the bot's rate limiter (or
/// Telegram's default limits when the bot has none), and reports what happened in each chat.
///
/// Blocked users, deactivated accounts and vanished chats are reported, not retried; a group
/// that became a supergroup is sent again at its new id.
///
/// ```no_run
/// # async fn demo(bot: telebot_client::Bot, subscribers: Vec<i64>) {
/// use telebot_client::ratelimit::broadcast;
///
/// let report = broadcast(&bot, subscribers, |bot, chat| async move {
///     bot.send_message(chat, "Our new release is out!").await
/// })
/// .await;
/// println!("sent {} of {}", report.sent(), report.deliveries.len());
/// # }
/// ```
pub async fn broadcast<C, F, Fut, T>(
    bot: &Bot,
    chats: impl IntoIterator<Item = C>,
    send: F,
) -> BroadcastReport<T>
where
    C: Into<ChatId>,
    F: Fn(Bot, ChatId) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let start = Instant::now();
    let bot = match bot.rate_limiter() {
        Some(_) => bot.clone(),
        None => bot
            .to_builder()
            .rate_limiter(RateLimiter::default())
            .build_copy(),
    };
    let chats: Vec<ChatId> = chats.into_iter().map(Into::into).collect();
    let mut results: Vec<Option<Delivery<T>>> = chats.iter().map(|_| None).collect();
    let mut pending = chats.iter().cloned().enumerate();
    let mut running = FuturesUnordered::new();
    let one = |index: usize, chat: ChatId| {
        let bot = bot.clone();
        let send = &send;
        with_priority(Priority::Low, async move {
            let delivery = match send(bot.clone(), chat).await {
                Ok(value) => Delivery::Sent(value),
                Err(error) => match error.migrate_to_chat_id() {
                    Some(to) => Delivery::Migrated {
                        to,
                        result: send(bot, ChatId::Id(to)).await,
                    },
                    None => classify(error),
                },
            };
            (index, delivery)
        })
    };
    for (index, chat) in pending.by_ref().take(IN_FLIGHT) {
        running.push(one(index, chat));
    }
    while let Some((index, delivery)) = running.next().await {
        results[index] = Some(delivery);
        if let Some((index, chat)) = pending.next() {
            running.push(one(index, chat));
        }
    }
    BroadcastReport {
        deliveries: chats
            .into_iter()
            .zip(results)
            .filter_map(|(chat, result)| result.map(|delivery| (chat, delivery)))
            .collect(),
        elapsed: start.elapsed(),
    }
}
