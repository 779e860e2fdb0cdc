//! What every kind of [`ChatMember`] has: the user and the status (PTB's `ChatMember.user` and
//! `.status`).

use crate::api::{ChatMember, User};

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
