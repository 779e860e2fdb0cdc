//! `require = admin | creator`: the caller's chat-member status, checked with `getChatMember`
//! and cached for a while.

use super::Role;
use crate::api::ChatMember;
use crate::{Bot, Error};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use telebot_client::poison::MutexUnpoisoned;

/// Member statuses by (chat, user), each trusted for a time-to-live.
#[derive(Default)]
pub(crate) struct MemberCache {
    entries: Mutex<HashMap<(i64, i64), (Standing, Instant)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Creator,
    Admin,
    Other,
}

impl Standing {
    fn of(member: &ChatMember) -> Standing {
        match member {
            ChatMember::Owner(_) => Standing::Creator,
            ChatMember::Administrator(_) => Standing::Admin,
            _ => Standing::Other,
        }
    }

    fn satisfies(self, role: Role) -> bool {
        match role {
            Role::Creator => self == Standing::Creator,
            Role::Admin => matches!(self, Standing::Creator | Standing::Admin),
        }
    }
}

impl MemberCache {
    /// Whether `user` has `role` in `chat`, from the cache while fresh, else from Telegram.
    pub(crate) async fn has_role(
        &self,
        bot: &Bot,
        chat: i64,
        user: i64,
        role: Role,
        ttl: Duration,
    ) -> Result<bool, Error> {
        let cached = self
            .entries
            .lock_unpoisoned()
            .get(&(chat, user))
            .filter(|(_, at)| at.elapsed() < ttl)
            .map(|(standing, _)| *standing);
        let standing = match cached {
            Some(standing) => standing,
            None => {
                let standing = Standing::of(&bot.get_chat_member(chat, user).await?);
                self.entries
                    .lock_unpoisoned()
                    .insert((chat, user), (standing, Instant::now()));
                standing
            }
        };
        Ok(standing.satisfies(role))
    }
}
