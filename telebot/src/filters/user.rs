//! Filters on the user who sent a message (`message.from`) and on the inline bot it was sent
//! via.

use super::SharedFilter;
use super::custom::on_message;
use super::ids::id_set_filter;

id_set_filter! {
    /// Messages sent by one of a set of users (`message.from`), by id or `@username`. The set
    /// can change while the bot runs: every filter built with [`filter`](Users::filter)
    /// shares it.
    ///
    /// ```
    /// use telebot::filters::{self, Users};
    /// let admins = Users::new([5120387741]);
    /// let admin_commands = filters::command() & admins.filter();
    /// admins.add_username("@priya_codes"); // admin_commands accepts her from now on
    /// assert!(admins.contains_username("PRIYA_CODES"));
    /// ```
    Users, "users", "users",
    |m| m.from.as_ref().map(|u| (u.id, u.username.as_deref()))
}

id_set_filter! {
    /// Messages sent via one of a set of inline bots (`message.via_bot`), by id or
    /// `@username`. Changeable at run time like [`Users`]. For any inline bot see
    /// [`via_bot`](super::via_bot).
    ViaBots, "via_bots", "inline bots",
    |m| m.via_bot.as_ref().map(|u| (u.id, u.username.as_deref()))
}

/// Updates from users who added the bot to their attachment menu
/// (`added_to_attachment_menu` of the update's user; PTB's `USER_ATTACHMENT`).
pub fn user_attachment() -> SharedFilter {
    super::custom("user_attachment", |update| {
        update
            .effective_user()
            .is_some_and(|u| u.added_to_attachment_menu == Some(true))
    })
}

/// Messages that mention one of a set of users (PTB's `Mention`): by id through a text
/// mention (a name linked to the user), or by `@username` through a mention in the text or
/// caption.
///
/// ```
/// use telebot::filters::Mentions;
/// let about_us = Mentions::new([5120387741]).with_usernames(["@telebot_dev"]).filter();
/// ```
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    ids: Vec<i64>,
    usernames: Vec<String>,
}

impl Mentions {
    /// Mentions of the users with these ids (text mentions).
    pub fn new(ids: impl IntoIterator<Item = i64>) -> Mentions {
        Mentions {
            ids: ids.into_iter().collect(),
            usernames: Vec::new(),
        }
    }

    /// Also `@username` mentions of these users (`@` optional, any case).
    pub fn with_usernames<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.usernames.extend(
            names
                .into_iter()
                .map(|n| n.as_ref().trim_start_matches('@').to_lowercase()),
        );
        self
    }

    /// The filter.
    pub fn filter(&self) -> SharedFilter {
        SharedFilter::new(self.clone())
    }
}

impl super::Filter for Mentions {
    fn check(&self, update: &crate::Update, _: &mut super::FilterData) -> bool {
        let Some(message) = super::message_of(update) else {
            return false;
        };
        let spans = message
            .parse_entities()
            .into_iter()
            .chain(message.parse_caption_entities());
        spans.into_iter().any(|span| match span.kind.kind {
            crate::MessageEntityType::TextMention => span
                .kind
                .user
                .as_ref()
                .is_some_and(|u| self.ids.contains(&u.id)),
            crate::MessageEntityType::Mention => {
                let name = span.text.trim_start_matches('@').to_lowercase();
                self.usernames.contains(&name)
            }
            _ => false,
        })
    }

    fn describe(&self) -> String {
        let mut all: Vec<String> = self.ids.iter().map(i64::to_string).collect();
        all.extend(self.usernames.iter().map(|n| format!("@{n}")));
        format!("mentions([{}])", all.join(", "))
    }
}

/// Messages sent by a bot.
pub fn is_bot() -> SharedFilter {
    on_message("user::is_bot", |m| {
        m.from.as_ref().is_some_and(|u| u.is_bot)
    })
}

/// Messages sent by a Telegram Premium user.
pub fn is_premium() -> SharedFilter {
    on_message("user::is_premium", |m| {
        m.from.as_ref().is_some_and(|u| u.is_premium == Some(true))
    })
}

/// Whether an IETF language tag starts with `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(tag: &str, prefix: &str) -> bool {
    tag.len() >= prefix.len()
        && tag.is_char_boundary(prefix.len())
        && tag[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Messages from users whose `language_code` starts with `code`, ignoring case: `"en"`
/// passes `en` and `en-US`, `"pt-br"` only Brazilian Portuguese. Users who share no
/// language code fail.
pub fn language(code: &str) -> SharedFilter {
    languages([code])
}

/// Messages from users whose `language_code` starts with one of `codes` (see [`language`]).
///
/// ```
/// use telebot::filters;
/// assert_eq!(filters::languages(["de", "fr"]).describe(), r#"language(["de", "fr"])"#);
/// assert_eq!(filters::language("en").describe(), r#"language("en")"#);
/// ```
pub fn languages(codes: impl IntoIterator<Item = impl AsRef<str>>) -> SharedFilter {
    let codes: Vec<String> = codes.into_iter().map(|c| c.as_ref().to_string()).collect();
    let name = match codes.as_slice() {
        [one] => format!("language({one:?})"),
        many => format!("language({many:?})"),
    };
    on_message(name, move |m| {
        let Some(tag) = m.from.as_ref().and_then(|u| u.language_code.as_deref()) else {
            return false;
        };
        codes.iter().any(|code| starts_with_ignore_case(tag, code))
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{message, user};
    use super::*;
    use serde_json::json;

    fn from(user: serde_json::Value) -> crate::Update {
        message(json!({"from": user, "text": "hi"}))
    }

    #[test]
    fn users_by_id_and_username_change_at_run_time() {
        let ann = from(user(1, Some("Ann")));
        let bob = from(user(2, None));
        let users = Users::new([2]);
        let f = users.filter();
        assert!(f.matches(&bob));
        assert!(!f.matches(&ann));
        users.add_username("ann");
        assert!(f.matches(&ann));
        assert!(users.remove_username("@ANN"));
        assert!(!f.matches(&ann));
        assert!(!f.matches(&message(json!({"text": "no sender"}))));
        assert_eq!(users.ids(), [2]);
    }

    #[test]
    fn via_bots() {
        let via = message(json!({"text": "x", "via_bot": {"id": 9, "is_bot": true,
            "first_name": "G", "username": "gif"}}));
        assert!(ViaBots::from_usernames(["@GIF"]).filter().matches(&via));
        assert!(ViaBots::new([9]).filter().matches(&via));
        assert!(!ViaBots::new([8]).filter().matches(&via));
        assert!(
            !ViaBots::new([9])
                .filter()
                .matches(&message(json!({"text": "x"})))
        );
    }

    #[test]
    fn bot_and_premium() {
        let mut bot = user(5, None);
        bot["is_bot"] = json!(true);
        let mut premium = user(6, None);
        premium["is_premium"] = json!(true);
        assert!(is_bot().matches(&from(bot.clone())));
        assert!(!is_bot().matches(&from(premium.clone())));
        assert!(is_premium().matches(&from(premium)));
        assert!(!is_premium().matches(&from(bot)));
    }

    #[test]
    fn language_matches_by_prefix() {
        let with_lang = |code: &str| {
            let mut u = user(1, None);
            u["language_code"] = json!(code);
            from(u)
        };
        assert!(language("en").matches(&with_lang("en")));
        assert!(language("en").matches(&with_lang("en-US")));
        assert!(language("EN").matches(&with_lang("en-us")));
        assert!(!language("en-GB").matches(&with_lang("en-US")));
        assert!(!language("en").matches(&with_lang("de")));
        assert!(!language("en").matches(&with_lang("e")));
        assert!(languages(["de", "pt"]).matches(&with_lang("pt-br")));
        assert!(!languages(["de", "pt"]).matches(&with_lang("es")));
        assert!(!language("en").matches(&from(user(1, None))));
        assert!(!language("😀").matches(&with_lang("é")));
    }
}
