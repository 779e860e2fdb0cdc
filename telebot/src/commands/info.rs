//! What one command handler declares about its commands.

use super::CommandScope;
use std::fmt;

/// Where a handler was declared: the `file:line` in setup errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// The source file.
    pub file: &'static str,
    /// The line.
    pub line: u32,
    /// The column.
    pub column: u32,
}

impl Location {
    /// A location from its parts (what `file!()`, `line!()` and `column!()` give).
    pub const fn new(file: &'static str, line: u32, column: u32) -> Self {
        Location { file, line, column }
    }

    /// The caller's location.
    #[track_caller]
    pub fn caller() -> Self {
        let at = std::panic::Location::caller();
        Location::new(at.file(), at.line(), at.column())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Who may use a command, checked with `getChatMember` (cached) before the handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The chat's administrators and its creator.
    Admin,
    /// The chat's creator only.
    Creator,
}

impl Role {
    /// The word used in refusals: "admins", "the creator".
    pub fn describe(self) -> &'static str {
        match self {
            Role::Admin => "the chat's admins",
            Role::Creator => "the chat's creator",
        }
    }
}

pub use telebot_syntax::command::HasArgs;

/// What a command handler declares: its names, description (with translations), the menus it
/// appears in, whether it is hidden, who may use it, and where it was declared.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandInfo {
    /// The names, without `/`; the first is the one shown in menus and `/help`.
    pub names: Vec<String>,
    /// The description in the menu and `/help`; a command without one is left out of both.
    pub description: Option<String>,
    /// Descriptions by language code (`"de"`, `"es"`, …) for users of that language.
    pub translations: Vec<(String, String)>,
    /// The menus the command is listed in (default: [`CommandScope::Default`]).
    pub scopes: Vec<CommandScope>,
    /// Left out of menus and `/help`, but still handled.
    pub hidden: bool,
    /// Who may use it.
    pub require: Option<Role>,
    /// Names of the arguments for usage lines (`<a> <b>`); empty for the argument types' own
    /// placeholders.
    pub params: Vec<String>,
    /// Which argument counts it takes (default [`HasArgs::Any`]).
    pub has_args: HasArgs,
    /// The pattern its arguments must match (a deep link's payload: `^ref-(\d+)$`), when it
    /// takes only some.
    pub payload: Option<String>,
    /// Where it was declared.
    pub location: Location,
}

impl CommandInfo {
    /// Info for these names, declared at `location`, with nothing else set.
    pub fn new(names: Vec<String>, location: Location) -> Self {
        CommandInfo {
            names,
            description: None,
            translations: Vec::new(),
            scopes: vec![CommandScope::Default],
            hidden: false,
            require: None,
            params: Vec::new(),
            has_args: HasArgs::Any,
            payload: None,
            location,
        }
    }

    /// Whether this command's handler and `other`'s (declared after it, for the same name)
    /// would both take some message: their argument counts overlap, and they have the same
    /// payload pattern or none.
    pub fn overlaps(&self, other: &CommandInfo) -> bool {
        self.has_args.overlaps(other.has_args) && self.payload == other.payload
    }

    /// Whether this command's handler, declared before `later` for the same name, takes every
    /// message `later` would (no payload pattern, overlapping argument counts) while `later`
    /// narrows by a payload: `later` is then never reached in the same group.
    pub fn shadows(&self, later: &CommandInfo) -> bool {
        self.payload.is_none() && later.payload.is_some() && self.has_args.overlaps(later.has_args)
    }

    /// The name shown in menus.
    pub fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    /// Whether it is listed in menus and `/help`: not hidden and described.
    pub fn listed(&self) -> bool {
        !self.hidden && self.description.is_some()
    }

    /// The description for a user of `language` (a code such as `"de"`), falling back to the
    /// default description.
    pub fn description_in(&self, language: Option<&str>) -> Option<&str> {
        language
            .and_then(|lang| {
                self.translations
                    .iter()
                    .find(|(l, _)| l == lang)
                    .map(|(_, text)| text.as_str())
            })
            .or(self.description.as_deref())
    }
}
