//! [`CommandSet`]: every declared command, checked as a whole.

use super::{CommandInfo, CommandScope, Menu};
use crate::api::{BotCommand, Chat};
use std::collections::BTreeMap;
use std::fmt;
use telebot_syntax::command::{MAX_COMMANDS_PER_SCOPE, check_description, check_name};

/// Why a set of handlers cannot run together; each problem names the declarations involved as
/// `file:line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError {
    /// One line per problem.
    pub problems: Vec<String>,
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the handlers do not fit together: {}",
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for SetupError {}

/// Every command of a bot with what it declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommandSet {
    commands: Vec<CommandInfo>,
}

impl CommandSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a command's info (unchecked; see [`check`](Self::check)).
    pub fn push(&mut self, info: CommandInfo) {
        self.commands.push(info);
    }

    /// Adds every command of `other`.
    pub fn extend(&mut self, other: CommandSet) {
        self.commands.extend(other.commands);
    }

    /// The commands, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &CommandInfo> {
        self.commands.iter()
    }

    /// Whether there is no command.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// The command answering to `name`.
    pub fn get(&self, name: &str) -> Option<&CommandInfo> {
        self.commands
            .iter()
            .find(|c| c.names.iter().any(|n| n == name))
    }

    /// Every name (aliases too).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.commands
            .iter()
            .flat_map(|c| c.names.iter().map(String::as_str))
    }

    /// Checks the set as Telegram and the dispatcher need it: valid names and descriptions, no
    /// name declared twice (both places named), at most 100 listed commands per scope and
    /// language.
    pub fn check(&self) -> Result<(), SetupError> {
        let mut problems = Vec::new();
        let mut seen: BTreeMap<&str, Vec<&CommandInfo>> = BTreeMap::new();
        for info in &self.commands {
            for name in &info.names {
                if let Err(why) = check_name(name) {
                    problems.push(format!("{why} (at {})", info.location));
                }
                let earlier = seen.entry(name).or_default();
                // One command may have several handlers when their argument counts or their
                // payload patterns differ.
                if let Some(first) = earlier.iter().find(|e| e.overlaps(info)) {
                    problems.push(format!(
                        "command `/{name}` is declared twice: at {} and at {}",
                        first.location, info.location
                    ));
                } else if let Some(first) = earlier.iter().find(|e| e.shadows(info)) {
                    problems.push(format!(
                        "command `/{name}` at {} takes only payloads matching {:?}, but the handler at {} takes every `/{name}` first: declare the payload handler before it",
                        info.location,
                        info.payload.as_deref().unwrap_or_default(),
                        first.location
                    ));
                }
                earlier.push(info);
            }
            let descriptions = info
                .description
                .iter()
                .chain(info.translations.iter().map(|(_, text)| text));
            for text in descriptions {
                if let Err(why) = check_description(text) {
                    problems.push(format!("/{}: {why} (at {})", info.name(), info.location));
                }
            }
        }
        for menu in self.menus() {
            if menu.commands.len() > MAX_COMMANDS_PER_SCOPE {
                problems.push(format!(
                    "the {:?} menu{} has {} commands; Telegram allows at most {MAX_COMMANDS_PER_SCOPE}",
                    menu.scope,
                    menu.language
                        .as_deref()
                        .map(|l| format!(" for language `{l}`"))
                        .unwrap_or_default(),
                    menu.commands.len()
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SetupError { problems })
        }
    }

    /// The `setMyCommands` lists: one menu per scope that lists a command, plus one per scope
    /// and language that a command translates into.
    pub fn menus(&self) -> Vec<Menu> {
        let listed = || self.commands.iter().filter(|c| c.listed());
        let mut keys: Vec<(CommandScope, Option<String>)> = Vec::new();
        for info in listed() {
            for scope in &info.scopes {
                let languages = std::iter::once(None)
                    .chain(info.translations.iter().map(|(l, _)| Some(l.clone())));
                for language in languages {
                    let key = (*scope, language);
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
        }
        keys.sort();
        keys.into_iter()
            .map(|(scope, language)| {
                let mut commands: Vec<BotCommand> = Vec::new();
                for c in listed().filter(|c| c.scopes.contains(&scope)) {
                    // A command with several handlers (by argument count) is listed once.
                    if commands.iter().any(|b| b.command == c.name()) {
                        continue;
                    }
                    if let Some(text) = c.description_in(language.as_deref()) {
                        commands.push(BotCommand::new(c.name(), text));
                    }
                }
                Menu {
                    scope,
                    language,
                    commands,
                }
            })
            .collect()
    }

    /// The `/help` text for a user of `language` in `chat`: one line per listed command whose
    /// scope covers the chat, `/name - description`.
    pub fn help_text(&self, chat: Option<&Chat>, language: Option<&str>) -> String {
        let lines: Vec<String> = self
            .commands
            .iter()
            .filter(|c| c.listed() && c.scopes.iter().any(|s| super::scope::covers(*s, chat)))
            .filter_map(|c| Some(format!("/{} - {}", c.name(), c.description_in(language)?)))
            .collect();
        lines.join("\n")
    }

    /// The command closest to a mistyped `name`, when one is close enough to be meant.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let candidates = self
            .commands
            .iter()
            .filter(|c| !c.hidden)
            .flat_map(|c| c.names.iter().map(String::as_str));
        super::closest(name, candidates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Location;

    fn info(names: &[&str], description: &str, line: u32) -> CommandInfo {
        let mut info = CommandInfo::new(
            names.iter().map(|n| n.to_string()).collect(),
            Location::new("src/bot.rs", line, 1),
        );
        info.description = Some(description.to_string());
        info
    }

    #[test]
    fn a_name_declared_twice_names_both_places() {
        let mut set = CommandSet::new();
        set.push(info(&["start"], "Start", 3));
        set.push(info(&["go", "start"], "Go", 9));
        let error = set.check().unwrap_err();
        assert_eq!(
            error.problems,
            ["command `/start` is declared twice: at src/bot.rs:3 and at src/bot.rs:9"]
        );
    }

    #[test]
    fn menus_per_scope_and_language_and_help_per_chat() {
        let mut set = CommandSet::new();
        let mut start = info(&["start"], "Start", 1);
        start.translations = vec![("de".into(), "Los".into())];
        set.push(start);
        let mut ban = info(&["ban"], "Ban someone", 2);
        ban.scopes = vec![CommandScope::AllChatAdministrators];
        set.push(ban);
        let mut secret = info(&["secret"], "Hidden", 3);
        secret.hidden = true;
        set.push(secret);
        let menus = set.menus();
        let summary: Vec<(CommandScope, Option<&str>, Vec<&str>)> = menus
            .iter()
            .map(|m| {
                (
                    m.scope,
                    m.language.as_deref(),
                    m.commands.iter().map(|c| c.description.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (CommandScope::Default, None, vec!["Start"]),
                (CommandScope::Default, Some("de"), vec!["Los"]),
                (
                    CommandScope::AllChatAdministrators,
                    None,
                    vec!["Ban someone"]
                ),
            ]
        );
        assert_eq!(set.help_text(None, Some("de")), "/start - Los");
        assert_eq!(set.suggest("strat"), Some("start"));
        assert_eq!(
            set.suggest("secret"),
            None,
            "hidden commands are not suggested"
        );
    }

    #[test]
    fn more_than_a_hundred_commands_in_one_menu_is_refused() {
        let mut set = CommandSet::new();
        for i in 0..101 {
            set.push(info(&[&format!("c{i}")], "x", i));
        }
        let error = set.check().unwrap_err();
        assert!(error.problems[0].contains("101 commands"), "{error}");
    }
}
