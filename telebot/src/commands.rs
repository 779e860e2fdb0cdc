//! The command set: what a bot's commands are, as Telegram's menu, `/help` and typo hints see
//! them.
//!
//! Each [`CommandHandler`](crate::handlers::CommandHandler) carries a [`CommandInfo`] (names,
//! description, translations, [scopes](CommandScope), whether it is hidden, who may use it). A
//! [`HandlerSet`](crate::handlers::HandlerSet) collects them into a [`CommandSet`], which
//!
//! * checks itself: no command twice, at most 100 per scope (both places as `file:line`);
//! * gives the `BotCommand` lists per scope and language ([`CommandSet::menus`]), which
//!   [`Application::sync_commands`](crate::Application::sync_commands) sends with
//!   `setMyCommands` only where Telegram's menu differs;
//! * writes the `/help` text ([`CommandSet::help_text`], the [`Help`] extractor);
//! * suggests the closest command for a typo ([`CommandSet::suggest`]).
//!
//! The `#[command]` attribute fills a `CommandInfo` from its arguments and doc comment, and the
//! `#[telebot::bot]` module and `handlers![…]` build the set; everything here works by hand too.
//! [`CommandOptions`] says how the application answers unknown commands, refusals and usage
//! errors.

mod help;
mod info;
mod menu;
mod options;
pub(crate) mod registry;
mod require;
mod scope;
mod set;
mod suggest;
mod unknown;

pub use help::Help;
pub use info::{CommandInfo, HasArgs, Location, Role};
pub use menu::{Menu, SyncReport};
pub use options::{CommandOptions, Refusal, UnknownCommand, Usage};
pub(crate) use require::MemberCache;
pub use scope::CommandScope;
pub use set::{CommandSet, SetupError};
pub use suggest::closest;
pub(crate) use unknown::UnknownCommandHandler;
