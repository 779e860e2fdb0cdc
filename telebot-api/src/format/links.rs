//! User mention links and `t.me` deep links.

use super::escape::{MarkdownEntity, MarkdownVersion, escape_html, escape_markdown_entity};

/// Builds an HTML link that mentions the user with the given id, for the `HTML` parse mode.
///
/// The name is escaped with [`escape_html`]. Telegram turns such a link into a
/// `text_mention` entity when the user can be mentioned this way.
///
/// ```
/// use telebot_api::format::mention_html;
///
/// assert_eq!(
///     mention_html(123456789, "Tom & <Jerry>"),
///     r#"<a href="tg://user?id=123456789">Tom &amp; &lt;Jerry&gt;</a>"#,
/// );
/// ```
pub fn mention_html(user_id: i64, name: &str) -> String {
    format!(
        r#"<a href="tg://user?id={user_id}">{}</a>"#,
        escape_html(name)
    )
}

/// Builds a Markdown link that mentions the user with the given id.
///
/// With [`MarkdownVersion::V2`] the name is escaped as ordinary text. Legacy Markdown
/// ([`MarkdownVersion::V1`]) cannot escape anything inside the `[...]` of a link, and a
/// `]` there would end the link text early (letting the name inject markup of its own),
/// so with V1 every `]` is removed from the name and the rest is used as it is.
///
/// ```
/// use telebot_api::format::{mention_markdown, MarkdownVersion};
///
/// assert_eq!(
///     mention_markdown(777000, "Mr. *Bot*", MarkdownVersion::V2),
///     r"[Mr\. \*Bot\*](tg://user?id=777000)",
/// );
/// assert_eq!(
///     mention_markdown(777000, "Mr. *Bot* [x]", MarkdownVersion::V1),
///     "[Mr. *Bot* [x](tg://user?id=777000)",
/// );
/// ```
pub fn mention_markdown(user_id: i64, name: &str, version: MarkdownVersion) -> String {
    match version {
        MarkdownVersion::V1 => {
            let name: String = name.chars().filter(|&c| c != ']').collect();
            format!("[{name}](tg://user?id={user_id})")
        }
        MarkdownVersion::V2 => format!(
            "[{}](tg://user?id={user_id})",
            escape_markdown_entity(name, MarkdownEntity::Plain)
        ),
    }
}

/// The longest start payload Telegram accepts, in characters.
const MAX_PAYLOAD_LEN: usize = 64;

/// The longest Telegram username, in characters.
const MAX_USERNAME_LEN: usize = 32;

/// Why [`create_deep_linked_url`] refused its input.
///
/// ```
/// use telebot_api::format::{create_deep_linked_url, DeepLinkError};
///
/// let err = create_deep_linked_url("my_bot", "ref=42", false).unwrap_err();
/// assert_eq!(err, DeepLinkError::InvalidPayloadChar { ch: '=', position: 3 });
/// assert_eq!(
///     err.to_string(),
///     "deep link payload may only contain A-Z, a-z, 0-9, '_' and '-', \
///      but has '=' at position 3",
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeepLinkError {
    /// The bot username was empty (or only an `@`).
    #[error("bot username is empty")]
    EmptyBotUsername,
    /// The bot username was longer than 32 characters.
    #[error("bot username may be at most 32 characters long, but has {length}")]
    BotUsernameTooLong {
        /// The length of the username (without a leading `@`), in characters.
        length: usize,
    },
    /// The bot username did not start with a Latin letter.
    #[error("bot username must start with a letter A-Z or a-z, but starts with {ch:?}")]
    BotUsernameStartsWithNonLetter {
        /// The first character of the username.
        ch: char,
    },
    /// The bot username contained a character other than `A-Z`, `a-z`, `0-9` and `_`.
    #[error(
        "bot username may only contain A-Z, a-z, 0-9 and '_', but has {ch:?} at position {position}"
    )]
    InvalidBotUsernameChar {
        /// The offending character.
        ch: char,
        /// Its position in the username (without a leading `@`), counted in characters
        /// from 0.
        position: usize,
    },
    /// The payload was longer than 64 characters.
    #[error("deep link payload may be at most 64 characters long, but has {length}")]
    PayloadTooLong {
        /// The length of the payload, in characters.
        length: usize,
    },
    /// The payload contained a character other than `A-Z`, `a-z`, `0-9`, `_` and `-`.
    #[error(
        "deep link payload may only contain A-Z, a-z, 0-9, '_' and '-', but has {ch:?} at position {position}"
    )]
    InvalidPayloadChar {
        /// The offending character.
        ch: char,
        /// Its position in the payload, counted in characters from 0.
        position: usize,
    },
}

/// Checks a bot username (without `@`) and returns it unchanged.
fn validate_bot_username(username: &str) -> Result<&str, DeepLinkError> {
    let mut chars = username.chars();
    let first = chars.next().ok_or(DeepLinkError::EmptyBotUsername)?;
    let length = username.chars().count();
    if length > MAX_USERNAME_LEN {
        return Err(DeepLinkError::BotUsernameTooLong { length });
    }
    if !first.is_ascii_alphabetic() {
        return Err(DeepLinkError::BotUsernameStartsWithNonLetter { ch: first });
    }
    if let Some((position, ch)) = username
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(DeepLinkError::InvalidBotUsernameChar { ch, position });
    }
    Ok(username)
}

/// Checks a start payload.
fn validate_payload(payload: &str) -> Result<(), DeepLinkError> {
    if let Some((position, ch)) = payload
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    {
        return Err(DeepLinkError::InvalidPayloadChar { ch, position });
    }
    // Only ASCII is left at this point, so bytes and characters agree.
    if payload.len() > MAX_PAYLOAD_LEN {
        return Err(DeepLinkError::PayloadTooLong {
            length: payload.len(),
        });
    }
    Ok(())
}

/// Builds a `t.me` link that starts a conversation with the bot and hands it `payload`.
///
/// - With `group == false` the link is `https://t.me/<bot>?start=<payload>`: the user
///   opens a private chat with the bot, and pressing *Start* sends `/start <payload>`.
/// - With `group == true` the link is `https://t.me/<bot>?startgroup=<payload>`: the user
///   picks a group to add the bot to, and the bot receives `/start <payload>` there.
///
/// `bot_username` may start with an `@`, which is dropped. It must be a Telegram
/// username: at most 32 characters, made of `A-Z`, `a-z`, `0-9` and `_`, starting with a
/// letter. The minimum length and the `bot` suffix are not checked, since a few old bots
/// (such as `@gif`) have neither.
///
/// `payload` may hold 1 to 64 characters from `A-Z`, `a-z`, `0-9`, `_` and `-` (encode
/// anything else, for example with URL-safe base64). An empty payload means "no payload":
/// the link is then `https://t.me/<bot>` or `https://t.me/<bot>?startgroup`.
///
/// # Errors
///
/// A [`DeepLinkError`] naming the rule that the username or payload breaks.
///
/// ```
/// use telebot_api::format::create_deep_linked_url;
///
/// assert_eq!(
///     create_deep_linked_url("@shop_bot", "promo-2024_A", false).unwrap(),
///     "https://t.me/shop_bot?start=promo-2024_A",
/// );
/// assert_eq!(
///     create_deep_linked_url("shop_bot", "team7", true).unwrap(),
///     "https://t.me/shop_bot?startgroup=team7",
/// );
/// assert_eq!(create_deep_linked_url("shop_bot", "", false).unwrap(), "https://t.me/shop_bot");
/// assert!(create_deep_linked_url("shop_bot", "hello world", false).is_err());
/// ```
pub fn create_deep_linked_url(
    bot_username: &str,
    payload: &str,
    group: bool,
) -> Result<String, DeepLinkError> {
    let username = bot_username.strip_prefix('@').unwrap_or(bot_username);
    let username = validate_bot_username(username)?;
    validate_payload(payload)?;
    let url = match (payload.is_empty(), group) {
        (true, false) => format!("https://t.me/{username}"),
        (true, true) => format!("https://t.me/{username}?startgroup"),
        (false, false) => format!("https://t.me/{username}?start={payload}"),
        (false, true) => format!("https://t.me/{username}?startgroup={payload}"),
    };
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_html_escapes_name() {
        assert_eq!(
            mention_html(1, "\"Q\" <script>"),
            r#"<a href="tg://user?id=1">&quot;Q&quot; &lt;script&gt;</a>"#
        );
        assert_eq!(
            mention_html(5_123_456_789, "Ёжик 🦔"),
            r#"<a href="tg://user?id=5123456789">Ёжик 🦔</a>"#
        );
    }

    #[test]
    fn mention_markdown_v2_escapes_name() {
        assert_eq!(
            mention_markdown(42, "a](https://evil.example)", MarkdownVersion::V2),
            r"[a\]\(https://evil\.example\)](tg://user?id=42)"
        );
        assert_eq!(
            mention_markdown(42, "Анна-Мария", MarkdownVersion::V2),
            r"[Анна\-Мария](tg://user?id=42)"
        );
    }

    #[test]
    fn mention_markdown_v1_cannot_be_broken_out_of() {
        assert_eq!(
            mention_markdown(42, "a](https://evil.example) [b", MarkdownVersion::V1),
            "[a(https://evil.example) [b](tg://user?id=42)"
        );
        assert_eq!(
            mention_markdown(42, "snake_case", MarkdownVersion::V1),
            "[snake_case](tg://user?id=42)"
        );
    }

    #[test]
    fn deep_links() {
        assert_eq!(
            create_deep_linked_url("ExampleBot", "abc", false),
            Ok("https://t.me/ExampleBot?start=abc".to_owned())
        );
        assert_eq!(
            create_deep_linked_url("@ExampleBot", "abc", true),
            Ok("https://t.me/ExampleBot?startgroup=abc".to_owned())
        );
        assert_eq!(
            create_deep_linked_url("ExampleBot", "", true),
            Ok("https://t.me/ExampleBot?startgroup".to_owned())
        );
        assert_eq!(
            create_deep_linked_url("@gif", "", false),
            Ok("https://t.me/gif".to_owned())
        );
    }

    #[test]
    fn payload_length_limits() {
        let max = "a".repeat(64);
        assert_eq!(
            create_deep_linked_url("x_bot", &max, false),
            Ok(format!("https://t.me/x_bot?start={max}"))
        );
        let one = "Z";
        assert_eq!(
            create_deep_linked_url("x_bot", one, false),
            Ok("https://t.me/x_bot?start=Z".to_owned())
        );
        assert_eq!(
            create_deep_linked_url("x_bot", &"-".repeat(65), false),
            Err(DeepLinkError::PayloadTooLong { length: 65 })
        );
    }

    #[test]
    fn payload_bad_characters() {
        assert_eq!(
            create_deep_linked_url("x_bot", "abc def", false),
            Err(DeepLinkError::InvalidPayloadChar {
                ch: ' ',
                position: 3
            })
        );
        assert_eq!(
            create_deep_linked_url("x_bot", "ünï", false),
            Err(DeepLinkError::InvalidPayloadChar {
                ch: 'ü',
                position: 0
            })
        );
        // A bad character is reported even when the payload is also too long.
        let long = format!("{}+", "a".repeat(80));
        assert_eq!(
            create_deep_linked_url("x_bot", &long, false),
            Err(DeepLinkError::InvalidPayloadChar {
                ch: '+',
                position: 80
            })
        );
    }

    #[test]
    fn bot_username_rules() {
        assert_eq!(
            create_deep_linked_url("", "a", false),
            Err(DeepLinkError::EmptyBotUsername)
        );
        assert_eq!(
            create_deep_linked_url("@", "a", false),
            Err(DeepLinkError::EmptyBotUsername)
        );
        assert_eq!(
            create_deep_linked_url("1bot", "a", false),
            Err(DeepLinkError::BotUsernameStartsWithNonLetter { ch: '1' })
        );
        assert_eq!(
            create_deep_linked_url("my-bot", "a", false),
            Err(DeepLinkError::InvalidBotUsernameChar {
                ch: '-',
                position: 2
            })
        );
        assert_eq!(
            create_deep_linked_url("@@bot", "a", false),
            Err(DeepLinkError::BotUsernameStartsWithNonLetter { ch: '@' })
        );
        assert_eq!(
            create_deep_linked_url(&"b".repeat(33), "a", false),
            Err(DeepLinkError::BotUsernameTooLong { length: 33 })
        );
        assert!(create_deep_linked_url(&"b".repeat(32), "a", false).is_ok());
    }

    #[test]
    fn error_messages_name_the_rule() {
        assert_eq!(
            DeepLinkError::PayloadTooLong { length: 70 }.to_string(),
            "deep link payload may be at most 64 characters long, but has 70"
        );
        assert_eq!(
            DeepLinkError::InvalidBotUsernameChar {
                ch: '.',
                position: 4
            }
            .to_string(),
            "bot username may only contain A-Z, a-z, 0-9 and '_', but has '.' at position 4"
        );
        assert_eq!(
            DeepLinkError::BotUsernameStartsWithNonLetter { ch: '_' }.to_string(),
            "bot username must start with a letter A-Z or a-z, but starts with '_'"
        );
        assert_eq!(
            DeepLinkError::EmptyBotUsername.to_string(),
            "bot username is empty"
        );
    }
}
