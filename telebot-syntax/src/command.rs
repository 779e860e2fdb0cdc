//! Command names and descriptions as Telegram defines them: a name is 1–32 of `a-z`, `0-9` and
//! `_`; a description is 1–256 characters; a menu holds at most 100 commands per scope and
//! language.

/// The longest command name Telegram accepts.
pub const MAX_NAME_LEN: usize = 32;
/// The longest command description Telegram accepts, in characters.
pub const MAX_DESCRIPTION_LEN: usize = 256;
/// How many commands one scope and language of the menu may hold.
pub const MAX_COMMANDS_PER_SCOPE: usize = 100;

/// A menu of commands (Telegram's `BotCommandScope`): everyone's, private chats', groups',
/// admins', or one chat's. The macros read `scope = …` into it and the runtime lists commands by
/// it, so both know the same scopes.
///
/// ```
/// use telebot_syntax::command::CommandScope;
/// assert_eq!(CommandScope::named("all_group_chats"), Some(CommandScope::AllGroupChats));
/// assert_eq!(CommandScope::of_chat("chat_administrators", 42), Some(CommandScope::ChatAdministrators(42)));
/// assert_eq!(CommandScope::named("chat"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommandScope {
    /// Every chat without a more specific menu.
    Default,
    /// Every private chat.
    AllPrivateChats,
    /// Every group and supergroup.
    AllGroupChats,
    /// The administrators of every group and supergroup.
    AllChatAdministrators,
    /// One chat.
    Chat(i64),
    /// The administrators of one chat.
    ChatAdministrators(i64),
}

impl CommandScope {
    /// How the scopes are written in `scope = …`, for messages that list the choices.
    pub const CHOICES: &'static str = "`default`, `all_private_chats`, `all_group_chats`, `all_chat_administrators`, `chat(ID)`, `chat_administrators(ID)`";

    /// The scope written as a bare name (`all_private_chats`).
    pub fn named(name: &str) -> Option<CommandScope> {
        match name {
            "default" => Some(CommandScope::Default),
            "all_private_chats" => Some(CommandScope::AllPrivateChats),
            "all_group_chats" => Some(CommandScope::AllGroupChats),
            "all_chat_administrators" => Some(CommandScope::AllChatAdministrators),
            _ => None,
        }
    }

    /// The scope of one chat written as a call (`chat(ID)`, `chat_administrators(ID)`).
    pub fn of_chat(name: &str, id: i64) -> Option<CommandScope> {
        match name {
            "chat" => Some(CommandScope::Chat(id)),
            "chat_administrators" => Some(CommandScope::ChatAdministrators(id)),
            _ => None,
        }
    }
}

/// Which `/command` messages a handler takes by how many words follow the command (PTB's
/// `has_args`), so that `/start` and `/start <payload>` can go to different handlers.
///
/// ```
/// use telebot_syntax::command::HasArgs;
/// assert!(HasArgs::None.accepts(0) && !HasArgs::None.accepts(1));
/// assert!(!HasArgs::None.overlaps(HasArgs::Some));
/// assert!(HasArgs::Any.overlaps(HasArgs::Exactly(2)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HasArgs {
    /// Any number of arguments (the default).
    #[default]
    Any,
    /// At least one argument.
    Some,
    /// No argument: the bare command.
    None,
    /// Exactly this many arguments.
    Exactly(usize),
}

impl HasArgs {
    /// Whether a command followed by `count` words is taken.
    pub const fn accepts(self, count: usize) -> bool {
        match self {
            HasArgs::Any => true,
            HasArgs::Some => count > 0,
            HasArgs::None => count == 0,
            HasArgs::Exactly(n) => count == n,
        }
    }

    /// Whether some message would be taken by both: two handlers of one command must not
    /// overlap.
    pub const fn overlaps(self, other: HasArgs) -> bool {
        match (self, other) {
            (HasArgs::None, _) => other.accepts(0),
            (_, HasArgs::None) => self.accepts(0),
            (HasArgs::Exactly(n), _) => other.accepts(n),
            (_, HasArgs::Exactly(n)) => self.accepts(n),
            // Any and Some both take one argument.
            _ => true,
        }
    }
}

/// Checks a command name (without `/`). The error says what is wrong and, where one exists,
/// the name to write instead.
///
/// ```
/// use telebot_syntax::command::check_name;
/// assert!(check_name("start").is_ok());
/// assert_eq!(
///     check_name("Start").unwrap_err(),
///     "command names are lowercase: write `start` instead of `Start`"
/// );
/// ```
pub fn check_name(name: &str) -> Result<(), String> {
    if let Some(rest) = name.strip_prefix('/') {
        return Err(format!(
            "write the command without its `/`: `{rest}` instead of `{name}`"
        ));
    }
    if name.is_empty() {
        return Err("a command name cannot be empty; use 1 to 32 of a-z, 0-9 and _".to_string());
    }
    let length = name.chars().count();
    if length > MAX_NAME_LEN {
        return Err(format!(
            "command name `{name}` is {length} characters long; Telegram allows at most {MAX_NAME_LEN}"
        ));
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) && is_valid(&name.to_ascii_lowercase()) {
        return Err(format!(
            "command names are lowercase: write `{}` instead of `{name}`",
            name.to_ascii_lowercase()
        ));
    }
    if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
        let fixed: String = name
            .chars()
            .map(|c| match c {
                '-' | ' ' | '.' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let hint = if is_valid(&fixed) {
            format!("; write `{fixed}`")
        } else {
            String::new()
        };
        return Err(format!(
            "command name `{name}` contains `{bad}`; use only a-z, 0-9 and _{hint}"
        ));
    }
    Ok(())
}

/// Checks a command description: 1 to 256 characters, not only blanks.
pub fn check_description(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(
            "a command description cannot be empty; Telegram needs 1 to 256 characters".to_string(),
        );
    }
    let length = text.chars().count();
    if length > MAX_DESCRIPTION_LEN {
        return Err(format!(
            "this description is {length} characters long; Telegram allows at most {MAX_DESCRIPTION_LEN}"
        ));
    }
    Ok(())
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

fn is_valid(name: &str) -> bool {
    (1..=MAX_NAME_LEN).contains(&name.len()) && name.chars().all(is_name_char)
}

/// Checks one word of a prefix command (PTB's `PrefixHandler`): a prefix such as `!` or a
/// command such as `ban`. `what` names it in the error (`"prefix"`, `"command"`). A word is
/// matched against the first word of a message, so it cannot be empty or hold whitespace.
///
/// ```
/// use telebot_syntax::command::check_prefix_word;
/// assert!(check_prefix_word("prefix", "!").is_ok());
/// assert_eq!(
///     check_prefix_word("command", "ban user").unwrap_err(),
///     "a command cannot contain whitespace (`ban user`): it is matched against the message's first word"
/// );
/// ```
pub fn check_prefix_word(what: &str, word: &str) -> Result<(), String> {
    if word.is_empty() {
        return Err(format!("a {what} cannot be empty"));
    }
    if word.chars().any(char::is_whitespace) {
        return Err(format!(
            "a {what} cannot contain whitespace (`{word}`): it is matched against the message's first word"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_telegrams_rule_with_a_fix_where_one_exists() {
        assert!(check_name("start").is_ok());
        assert!(check_name("set_lang2").is_ok());
        assert!(check_name(&"a".repeat(32)).is_ok());
        assert!(
            check_name(&"a".repeat(33))
                .unwrap_err()
                .contains("at most 32")
        );
        assert!(check_name("").unwrap_err().contains("cannot be empty"));
        assert!(
            check_name("/start")
                .unwrap_err()
                .contains("`start` instead")
        );
        assert!(check_name("Start").unwrap_err().contains("write `start`"));
        assert_eq!(
            check_name("set-lang").unwrap_err(),
            "command name `set-lang` contains `-`; use only a-z, 0-9 and _; write `set_lang`"
        );
        assert!(check_name("héllo").unwrap_err().contains("contains `é`"));
    }

    #[test]
    fn descriptions_are_one_to_256_characters() {
        assert!(check_description("Adds two numbers").is_ok());
        assert!(check_description(&"é".repeat(256)).is_ok());
        assert!(
            check_description(&"é".repeat(257))
                .unwrap_err()
                .contains("257")
        );
        assert!(
            check_description("  ")
                .unwrap_err()
                .contains("cannot be empty")
        );
    }
}
