//! How the application answers around commands: unknown commands, refusals, usage errors.

use super::Role;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A command that no handler declares, as the "did you mean" reply sees it.
#[derive(Debug, Clone)]
pub struct UnknownCommand<'a> {
    /// What the user typed, without `/`.
    pub typed: &'a str,
    /// The closest declared command, when one is close.
    pub suggestion: Option<&'a str>,
    /// Whether the bot has a `/help` command.
    pub has_help: bool,
    /// The commands the bot answers to in this chat (not hidden ones, nor ones that need a
    /// role), sorted, without `/`.
    pub known: &'a [String],
}

/// A refused command: the user lacks the role the command requires.
#[derive(Debug, Clone)]
pub struct Refusal<'a> {
    /// The command, without `/`.
    pub command: &'a str,
    /// The role it requires.
    pub role: Role,
}

/// Arguments that do not fit a command's `Args`.
#[derive(Debug, Clone)]
pub struct Usage<'a> {
    /// What the user typed before the command: `/`, or a prefix command's prefix (`!`).
    pub prefix: &'a str,
    /// The command, without `/` (or its prefix).
    pub command: &'a str,
    /// The argument part of the usage line (`<a> <b>`, `<integer> <integer>`).
    pub arguments: &'a str,
    /// The command's description, when it has one.
    pub description: Option<&'a str>,
    /// What was wrong (`` `x` is not an integer ``).
    pub problem: &'a str,
}

type UnknownReply = Arc<dyn Fn(&UnknownCommand<'_>) -> Option<String> + Send + Sync>;
type RefusalReply = Arc<dyn Fn(&Refusal<'_>) -> Option<String> + Send + Sync>;

/// How the application answers around commands (give it to
/// [`ApplicationBuilder::command_options`](crate::application::ApplicationBuilder::command_options)).
#[derive(Clone)]
pub struct CommandOptions {
    pub(crate) did_you_mean: bool,
    pub(crate) sync_menu: bool,
    pub(crate) member_cache_ttl: Duration,
    pub(crate) unknown: UnknownReply,
    pub(crate) refusal: RefusalReply,
    pub(crate) usage: Arc<dyn Fn(&Usage<'_>) -> String + Send + Sync>,
}

impl fmt::Debug for CommandOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommandOptions")
            .field("did_you_mean", &self.did_you_mean)
            .field("sync_menu", &self.sync_menu)
            .field("member_cache_ttl", &self.member_cache_ttl)
            .finish_non_exhaustive()
    }
}

impl Default for CommandOptions {
    fn default() -> Self {
        CommandOptions {
            did_you_mean: true,
            sync_menu: false,
            member_cache_ttl: Duration::from_secs(60),
            unknown: Arc::new(|u: &UnknownCommand<'_>| Some(default_unknown(u))),
            refusal: Arc::new(|r: &Refusal<'_>| {
                Some(format!(
                    "Sorry, only {} can use /{}.",
                    r.role.describe(),
                    r.command
                ))
            }),
            usage: Arc::new(default_usage),
        }
    }
}

fn default_unknown(u: &UnknownCommand<'_>) -> String {
    let mut reply = format!("I don't know /{}.", u.typed);
    if let Some(s) = u.suggestion {
        reply.push_str(&format!(" Did you mean /{s}?"));
    } else if u.has_help {
        reply.push_str(" Send /help to see what I can do.");
    } else if !u.known.is_empty() {
        let known: Vec<String> = u.known.iter().map(|c| format!("/{c}")).collect();
        reply.push_str(&format!(" I know {}.", known.join(", ")));
    }
    reply
}

fn default_usage(u: &Usage<'_>) -> String {
    let mut reply = format!("Usage: {}{} {}", u.prefix, u.command, u.arguments);
    if let Some(description) = u.description {
        reply.push_str(&format!("\n{description}"));
    }
    reply.push_str(&format!("\n{}", u.problem));
    reply
}

impl CommandOptions {
    /// The defaults: "did you mean" on, no menu sync at startup, member statuses cached 60 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether commands that no handler declares get a "did you mean /…?" reply (in private
    /// chats, and in groups when addressed to this bot as `/cmd@bot`). Default: yes.
    pub fn did_you_mean(mut self, yes: bool) -> Self {
        self.did_you_mean = yes;
        self
    }

    /// Whether `initialize` brings Telegram's command menus in step with the declared set
    /// (`setMyCommands` only for the menus that differ). Default: no.
    pub fn sync_menu(mut self, yes: bool) -> Self {
        self.sync_menu = yes;
        self
    }

    /// How long a `getChatMember` answer is trusted for `require = admin`. Default 60 s.
    pub fn member_cache_ttl(mut self, ttl: Duration) -> Self {
        self.member_cache_ttl = ttl;
        self
    }

    /// The reply to an unknown command; `None` stays silent.
    pub fn unknown_reply(
        mut self,
        f: impl for<'a> Fn(&UnknownCommand<'a>) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.unknown = Arc::new(move |u: &UnknownCommand<'_>| f(u));
        self
    }

    /// The reply to a refused command; `None` stays silent.
    pub fn refusal_reply(
        mut self,
        f: impl for<'a> Fn(&Refusal<'a>) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.refusal = Arc::new(move |r: &Refusal<'_>| f(r));
        self
    }

    /// The reply to arguments that do not fit a command's `Args`.
    pub fn usage_reply(
        mut self,
        f: impl for<'a> Fn(&Usage<'a>) -> String + Send + Sync + 'static,
    ) -> Self {
        self.usage = Arc::new(f);
        self
    }
}
