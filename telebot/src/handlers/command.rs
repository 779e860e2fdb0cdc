//! `/command` handlers.

use super::parts::setting_methods;
use super::{CheckInfo, Checked, Handler, HandlerFn, Outcome, SharedHandlerFn};
use crate::commands::{CommandInfo, CommandScope, HasArgs, Location, Refusal, Role};
use crate::context::CallbackContext;
use crate::extract::kind;
use crate::filters::SharedFilter;
use crate::format::utf16_slice;
use crate::{ChatType, MessageEntityType, Update, UpdateKind};
use futures_util::future::BoxFuture;
use std::sync::Arc;

/// Command names a handler answers to: one name or several.
pub trait IntoCommands {
    /// The names.
    fn into_commands(self) -> Vec<String>;
}

impl IntoCommands for &str {
    fn into_commands(self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl IntoCommands for String {
    fn into_commands(self) -> Vec<String> {
        vec![self]
    }
}

impl<const N: usize> IntoCommands for [&str; N] {
    fn into_commands(self) -> Vec<String> {
        self.iter().map(|s| s.to_string()).collect()
    }
}

impl IntoCommands for &[&str] {
    fn into_commands(self) -> Vec<String> {
        self.iter().map(|s| s.to_string()).collect()
    }
}

impl IntoCommands for Vec<&str> {
    fn into_commands(self) -> Vec<String> {
        self.into_iter().map(str::to_string).collect()
    }
}

/// Checks a command name as Telegram defines them: 1–32 of `a-z`, `0-9` and `_`. The error
/// says what is wrong and the name to write instead (`Start` → `start`); the `#[command]`
/// attribute applies the same rule at compile time.
pub fn validate_command(name: &str) -> Result<(), String> {
    telebot_syntax::command::check_name(name)
}

/// Runs for `/command` messages (PTB's `CommandHandler`): the command at the start of the text,
/// optionally addressed to this bot (`/start@this_bot`; commands addressed to another bot are
/// ignored). The words after it are `context.args` and the [`Args`](crate::extract::Args)
/// extractor's input.
///
/// ```
/// use telebot::handlers::CommandHandler;
/// async fn start(bot: telebot::Bot, msg: telebot::api::Message) -> telebot::HandlerResult {
///     msg.reply_text(&bot, "Hello!").await?;
///     Ok(())
/// }
/// let handler = CommandHandler::new(["start", "hello"], start).allow_edited(true);
/// assert_eq!(handler.commands(), ["start", "hello"]);
/// ```
pub struct CommandHandler {
    commands: Vec<String>,
    info: Arc<CommandInfo>,
    allow_edited: bool,
    filter: Option<SharedFilter>,
    block: Option<bool>,
    payload: Option<regex::Regex>,
    callback: SharedHandlerFn,
}

impl CommandHandler {
    /// A handler for one or more commands (without `/`).
    ///
    /// # Panics
    /// When a name is not a valid command (1–32 of `a-z`, `0-9`, `_`); the message says why.
    /// The `#[command]` macro checks this at compile time instead.
    #[track_caller]
    pub fn new<H, A>(commands: impl IntoCommands, handler: H) -> Self
    where
        H: HandlerFn<kind::Command, A>,
    {
        let commands = commands.into_commands();
        for name in &commands {
            if let Err(why) = validate_command(name) {
                panic!("CommandHandler: {why}");
            }
        }
        CommandHandler {
            info: Arc::new(CommandInfo::new(commands.clone(), Location::caller())),
            commands,
            allow_edited: false,
            filter: None,
            block: None,
            payload: None,
            callback: handler.into_callback(),
        }
    }

    /// Only when the text after the command matches `pattern` (PTB's deep-linking pattern:
    /// `/start ref-42` from `t.me/<bot>?start=ref-42`); the match is the context's `matches`
    /// (`Groups` takes its groups). Declare it before a handler of the same command without a
    /// payload, which would take the message first.
    ///
    /// ```
    /// use telebot::extract::Groups;
    /// use telebot::handlers::CommandHandler;
    /// async fn referred(Groups((by,)): Groups<(i64,)>) {
    ///     println!("referred by {by}");
    /// }
    /// let handler = CommandHandler::new("start", referred).payload(r"^ref-(\d+)$");
    /// ```
    ///
    /// # Panics
    /// When `pattern` is not a valid regex (`#[command(payload = …)]` checks it at compile
    /// time).
    #[track_caller]
    pub fn payload(self, pattern: &str) -> Self {
        match regex::Regex::new(pattern) {
            Ok(regex) => self.payload_regex(regex),
            Err(e) => panic!("CommandHandler::payload: invalid pattern: {e}"),
        }
    }

    /// [`payload`](Self::payload) with a compiled regex.
    pub fn payload_regex(mut self, regex: regex::Regex) -> Self {
        self.info_mut().payload = Some(regex.as_str().to_string());
        self.payload = Some(regex);
        self
    }

    setting_methods!(allow_edited, filter, block);

    /// The commands handled.
    pub fn commands(&self) -> &[String] {
        &self.commands
    }

    /// What the handler declares for menus, `/help` and usage lines.
    pub fn info(&self) -> &CommandInfo {
        &self.info
    }

    fn info_mut(&mut self) -> &mut CommandInfo {
        Arc::make_mut(&mut self.info)
    }

    /// The description in the command menu and `/help`. A command without one is handled but
    /// not listed.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.info_mut().description = Some(text.into());
        self
    }

    /// The description for users whose Telegram speaks `language` (`"de"`, `"es"`, …).
    pub fn translation(mut self, language: impl Into<String>, text: impl Into<String>) -> Self {
        self.info_mut()
            .translations
            .push((language.into(), text.into()));
        self
    }

    /// The menus the command is listed in (replacing the default menu).
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = CommandScope>) -> Self {
        self.info_mut().scopes = scopes.into_iter().collect();
        self
    }

    /// Handled, but left out of menus and `/help`.
    pub fn hidden(mut self, yes: bool) -> Self {
        self.info_mut().hidden = yes;
        self
    }

    /// Only users with `role` in the chat may use it (private chats always may); others get
    /// the polite refusal of [`CommandOptions`](crate::commands::CommandOptions). The status
    /// comes from `getChatMember` and is cached.
    pub fn require(mut self, role: Role) -> Self {
        self.info_mut().require = Some(role);
        self
    }

    /// Only messages with these many arguments (PTB's `has_args`): `HasArgs::None` for the bare
    /// `/start`, `HasArgs::Some` for `/start <payload>`. Handlers of one command whose counts
    /// do not overlap may coexist in a declared set.
    pub fn has_args(mut self, has_args: HasArgs) -> Self {
        self.info_mut().has_args = has_args;
        self
    }

    /// Names of the arguments for usage lines (`/add <a> <b>`).
    pub fn params<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.info_mut().params = names.into_iter().map(Into::into).collect();
        self
    }

    /// Where the handler was declared, for setup errors (default: where `new` was called).
    pub fn location(mut self, location: Location) -> Self {
        self.info_mut().location = location;
        self
    }
}

/// Whether the sender may run a command that requires `role`; `Err` carries the outcome when
/// not (the refusal was sent, or the check failed).
async fn permitted(ctx: &CallbackContext, role: Role, command: &str) -> Result<(), Outcome> {
    let Some(update) = ctx.update() else {
        return Ok(());
    };
    let (Some(chat), Some(user)) = (update.effective_chat(), update.effective_user()) else {
        return Err(Outcome::Continue);
    };
    if chat.kind == ChatType::Private {
        return Ok(());
    }
    let registry = ctx.application().commands();
    let ttl = registry.options.member_cache_ttl;
    match registry
        .members
        .has_role(ctx.bot(), chat.id, user.id, role, ttl)
        .await
    {
        Ok(true) => Ok(()),
        Ok(false) => {
            let refusal = Refusal { command, role };
            let reply = (registry.options.refusal)(&refusal);
            if let (Some(reply), Some(message)) = (reply, update.effective_message())
                && let Err(e) = message.reply_text(ctx.bot(), reply).await
            {
                return Err(Outcome::Failed(Box::new(e)));
            }
            Err(Outcome::Continue)
        }
        Err(e) => Err(Outcome::Failed(Box::new(e))),
    }
}

/// The command of a message and the words after it, if the text starts with one addressed to
/// this bot (or to no bot in particular).
pub(crate) fn parse_command(
    update: &Update,
    bot_username: &str,
    allow_edited: bool,
) -> Option<(String, Vec<String>)> {
    let message = match &update.kind {
        UpdateKind::Message(m) => m,
        UpdateKind::EditedMessage(m) if allow_edited => m,
        _ => return None,
    };
    let text = message.text.as_deref()?;
    let entity = message.entities.as_ref()?.first()?;
    if entity.kind != MessageEntityType::BotCommand || entity.offset != 0 {
        return None;
    }
    let command = utf16_slice(text, 0, usize::try_from(entity.length).ok()?)?;
    let rest = &text[command.len()..];
    let command = command.strip_prefix('/')?;
    let (name, target) = match command.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (command, None),
    };
    if target.is_some_and(|t| !t.eq_ignore_ascii_case(bot_username)) {
        return None;
    }
    Some((
        name.to_lowercase(),
        rest.split_whitespace().map(str::to_string).collect(),
    ))
}

impl Handler for CommandHandler {
    fn check(&self, update: &Update, info: &CheckInfo) -> Option<Checked> {
        let (name, args) = parse_command(update, &info.bot_username, self.allow_edited)?;
        if !self.commands.contains(&name) || !self.info.has_args.accepts(args.len()) {
            return None;
        }
        let found = match &self.payload {
            Some(pattern) => Some(crate::filters::RegexMatch::search(
                pattern,
                &args.join(" "),
            )?),
            None => None,
        };
        let mut data = super::extra_filter(self.filter.as_ref(), update)?;
        data.matches.extend(found);
        Some(Checked {
            args,
            data,
            command: Some(name),
            route: None,
        })
    }

    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        let ctx = ctx.with_command_info(Arc::clone(&self.info));
        let Some(role) = self.info.require else {
            return (self.callback)(ctx);
        };
        let callback = Arc::clone(&self.callback);
        Box::pin(async move {
            let command = ctx.command().unwrap_or_default().to_string();
            match permitted(&ctx, role, &command).await {
                Ok(()) => callback(ctx).await,
                Err(outcome) => outcome,
            }
        })
    }

    fn block(&self) -> Option<bool> {
        self.block
    }

    fn command_names(&self) -> Vec<String> {
        self.commands.clone()
    }

    fn update_kinds(&self) -> Vec<&'static str> {
        super::new_messages(self.allow_edited)
    }

    fn describe(&self) -> String {
        let names: Vec<String> = self.commands.iter().map(|c| format!("/{c}")).collect();
        format!("CommandHandler({})", names.join(", "))
    }
}

/// Runs for messages whose first word is one of the prefixes followed by one of the commands
/// (PTB's `PrefixHandler`): `!ban`, `#note`, …, compared without case.
pub struct PrefixHandler {
    triggers: Vec<(String, String)>,
    info: Arc<CommandInfo>,
    filter: Option<SharedFilter>,
    block: Option<bool>,
    callback: SharedHandlerFn,
}

impl PrefixHandler {
    /// A handler for every combination of `prefixes` and `commands`.
    #[track_caller]
    pub fn new<H, A>(prefixes: impl IntoCommands, commands: impl IntoCommands, handler: H) -> Self
    where
        H: HandlerFn<kind::Command, A>,
    {
        let commands = commands.into_commands();
        let info = Arc::new(CommandInfo::new(commands.clone(), Location::caller()));
        let triggers = prefixes
            .into_commands()
            .iter()
            .flat_map(|p| {
                commands
                    .iter()
                    .map(move |c| (format!("{p}{c}").to_lowercase(), c.to_lowercase()))
            })
            .collect();
        PrefixHandler {
            triggers,
            info,
            filter: None,
            block: None,
            callback: handler.into_callback(),
        }
    }

    setting_methods!(filter, block);

    /// The description shown in usage lines when the arguments do not fit. Prefix commands
    /// are never in Telegram's menu or `/help`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.info).description = Some(text.into());
        self
    }

    /// Names of the arguments for usage lines (`!ban <who>`).
    pub fn params<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        Arc::make_mut(&mut self.info).params = names.into_iter().map(Into::into).collect();
        self
    }

    /// What the handler declares for usage lines.
    pub fn info(&self) -> &CommandInfo {
        &self.info
    }
}

impl Handler for PrefixHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        let UpdateKind::Message(message) = &update.kind else {
            return None;
        };
        let mut words = message.text.as_deref()?.split_whitespace();
        let first = words.next()?.to_lowercase();
        let (_, command) = self.triggers.iter().find(|(t, _)| *t == first)?;
        let data = super::extra_filter(self.filter.as_ref(), update)?;
        Some(Checked {
            args: words.map(str::to_string).collect(),
            data,
            command: Some(command.clone()),
            route: None,
        })
    }

    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        (self.callback)(ctx.with_command_info(Arc::clone(&self.info)))
    }

    fn block(&self) -> Option<bool> {
        self.block
    }

    fn update_kinds(&self) -> Vec<&'static str> {
        vec!["message"]
    }

    fn describe(&self) -> String {
        let triggers: Vec<&str> = self.triggers.iter().map(|(t, _)| t.as_str()).collect();
        format!("PrefixHandler({})", triggers.join(", "))
    }
}
