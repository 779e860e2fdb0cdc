//! What every kind of [`ChatMember`] has: the user and the status (PTB's `ChatMember.user` and
//! `.status`), and what a [`ChatMemberUpdated`] changed (PTB's chatmemberbot pattern: was the
//! user a member before, are they now).

use crate::api::{ChatMember, ChatMemberUpdated, User};

/// What a chat member update changed: the statuses before and after, and whether the user was
/// and is in the chat (a restricted user may be in it or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange<'a> {
    /// The status before (`member`, `left`, `administrator`, …).
    pub old_status: &'a str,
    /// The status after.
    pub new_status: &'a str,
    /// Whether the user was in the chat before.
    pub was_member: bool,
    /// Whether the user is in the chat now.
    pub is_member: bool,
}

impl StatusChange<'_> {
    /// The user came into the chat (joined, was added, or unbanned into it).
    pub fn joined(&self) -> bool {
        !self.was_member && self.is_member
    }

    /// The user is no longer in the chat (left, was removed or banned).
    pub fn left(&self) -> bool {
        self.was_member && !self.is_member
    }
}

impl ChatMemberUpdated {
    /// What the update changed; `None` when neither the status nor membership did (an
    /// administrator's rights changed, say).
    ///
    /// ```
    /// let update: telebot_api::api::ChatMemberUpdated = serde_json::from_value(serde_json::json!({
    ///     "chat": {"id": -1, "type": "group", "title": "G"},
    ///     "from": {"id": 7, "is_bot": false, "first_name": "Ann"}, "date": 1,
    ///     "old_chat_member": {"status": "left", "user": {"id": 7, "is_bot": false, "first_name": "Ann"}},
    ///     "new_chat_member": {"status": "member", "user": {"id": 7, "is_bot": false, "first_name": "Ann"}}
    /// })).unwrap();
    /// let change = update.status_change().unwrap();
    /// assert!(change.joined());
    /// assert_eq!((change.old_status, change.new_status), ("left", "member"));
    /// ```
    pub fn status_change(&self) -> Option<StatusChange<'_>> {
        let change = StatusChange {
            old_status: self.old_chat_member.status(),
            new_status: self.new_chat_member.status(),
            was_member: self.old_chat_member.is_present(),
            is_member: self.new_chat_member.is_present(),
        };
        (change.old_status != change.new_status || change.was_member != change.is_member)
            .then_some(change)
    }
}

impl ChatMember {
    /// The member's user, whatever the member's status (`None` only for a status a newer Bot
    /// API added, whose user is in the raw JSON).
    pub fn user(&self) -> Option<&User> {
        match self {
            ChatMember::Owner(m) => Some(&m.user),
            ChatMember::Administrator(m) => Some(&m.user),
            ChatMember::Member(m) => Some(&m.user),
            ChatMember::Restricted(m) => Some(&m.user),
            ChatMember::Left(m) => Some(&m.user),
            ChatMember::Banned(m) => Some(&m.user),
            ChatMember::Unknown(_) => None,
        }
    }

    /// The status as the Bot API names it: `creator`, `administrator`, `member`,
    /// `restricted`, `left` or `kicked` (or a newer one, as sent).
    pub fn status(&self) -> &str {
        match self {
            ChatMember::Owner(_) => "creator",
            ChatMember::Administrator(_) => "administrator",
            ChatMember::Member(_) => "member",
            ChatMember::Restricted(_) => "restricted",
            ChatMember::Left(_) => "left",
            ChatMember::Banned(_) => "kicked",
            ChatMember::Unknown(raw) => raw["status"].as_str().unwrap_or_default(),
        }
    }

    /// Whether the user is in the chat: the owner, an administrator, a member, or a restricted
    /// user who is still a member.
    pub fn is_present(&self) -> bool {
        match self {
            ChatMember::Owner(_) | ChatMember::Administrator(_) | ChatMember::Member(_) => true,
            ChatMember::Restricted(m) => m.is_member,
            ChatMember::Left(_) | ChatMember::Banned(_) | ChatMember::Unknown(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::api::ChatMember;

    #[test]
    fn every_kind_gives_its_user_and_status() {
        let member: ChatMember = serde_json::from_value(serde_json::json!({
            "status": "kicked", "until_date": 0,
            "user": {"id": 7, "is_bot": false, "first_name": "Eve"}
        }))
        .unwrap();
        assert_eq!(member.user().map(|u| u.id), Some(7));
        assert_eq!(member.status(), "kicked");
        assert!(!member.is_present());
        let member: ChatMember = serde_json::from_value(serde_json::json!({
            "status": "creator", "is_anonymous": false,
            "user": {"id": 8, "is_bot": false, "first_name": "Ann"}
        }))
        .unwrap();
        assert_eq!(
            (member.user().map(|u| u.id), member.status()),
            (Some(8), "creator")
        );
        assert!(member.is_present());
    }
}
