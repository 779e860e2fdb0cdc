//! Procedural macros of telebot: handler attributes, the command set and the bot entry point.
//! Use them through `telebot` (`telebot::command`, `telebot::bot`, …), whose docs show what
//! each one expands into.

mod args;
mod bot;
mod callback_data;
mod conversation;
mod declare;
mod diag;
mod expansion;
mod handler;
mod handler_fn;
mod handlers_list;
mod job;
mod kind;
mod main_fn;
mod paths;

use proc_macro::TokenStream;

fn handler_attribute(name: &str, args: TokenStream, item: TokenStream) -> TokenStream {
    expansion::entry(name, args, item)
}

/// Declares a `/command` handler.
///
/// # Grammar
/// ```text
/// #[command("name", "alias"…, description = "…", description(de = "…", …), hidden,
///           scope = default | all_private_chats | all_group_chats | all_chat_administrators
///                 | chat(ID) | chat_administrators(ID) | [scope, …],
///           require = admin | creator, allow_edited, filter = <expr>, group = N,
///           block = false, crate = path)]
/// async fn name(<extractor>: <Type>, …) -> HandlerResult { … }
/// ```
///
/// # Typing requirements
/// Each parameter's type implements `FromContext<kind::Command>` (`Bot`, `Message`, `User`,
/// `Chat`, `Args<T>`, `Rest`, `ChatData<T>`, `UserData<T>`, `BotData<T>`, `State<T>`, `Help`,
/// `CallbackContext`, …); the function returns `()`, `Flow`, `HandlerResult` or a `Result` of
/// them. A parameter the kind cannot offer is an error under its type. A parameter may also be
/// borrowed from the update, `&T` with `T: FromContextRef<kind::Command>` (`&Message`,
/// `&User`, `&Chat`, `&Update`, `&Bot`, `&CallbackContext`, a kind's payload such as
/// `&CallbackQuery`): no copy is made; this holds for every handler attribute, and `&mut` is
/// an error.
///
/// # Semantics
/// Names follow Telegram's rule (1–32 of `a-z0-9_`), descriptions are 1–256 characters; both
/// are checked at compile time. The first paragraph of the doc comment is the description
/// unless `description` is given; a command without one is handled but not listed in menus
/// and `/help`. Beside the function, which stays as written, a braced struct of the same name
/// declares the handler for `handlers![…]` and `#[telebot::bot]`.
///
/// # Equivalent code
/// ```
/// use telebot::commands::Role;
/// use telebot::handlers::{CommandHandler, HandlerSet};
/// # async fn ban() {}
/// let set = HandlerSet::new().command(
///     CommandHandler::new(["ban", "b"], ban)
///         .description("Bans a user")
///         .require(Role::Admin),
///     0,
/// );
/// ```
///
/// # Example
/// ```
/// use telebot::extract::Args;
/// use telebot::{Bot, HandlerResult, api::Message, command, handlers};
///
/// /// Adds two integers.
/// #[command("add", "plus")]
/// async fn add(bot: Bot, msg: Message, Args((a, b)): Args<(i64, i64)>) -> HandlerResult {
///     msg.reply_text(&bot, (a + b).to_string()).await?;
///     Ok(())
/// }
///
/// let set = handlers![add];
/// assert_eq!(set.commands().help_text(None, None), "/add - Adds two integers.");
/// ```
///
/// # Expands to
/// For `#[command("start")] async fn start() {}`:
/// ```text
/// async fn start() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct start {}
/// impl ::telebot::__private::Declared for start {
///     const COMMANDS: &'static [&'static str] = &["start"];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         let __telebot_spec = ::telebot::__private::CommandSpec {
///             names: &["start"],
///             description: ::core::option::Option::None,
///             translations: &[],
///             scopes: &[],
///             hidden: false,
///             allow_edited: false,
///             block: ::core::option::Option::None,
///             require: ::core::option::Option::None,
///             params: {
///                 use ::telebot::__private::{KnownArgs as _, NoArgs as _};
///                 ::telebot::__private::arg_names(&[])
///             },
///             has_args: ::telebot::__private::HasArgs::Any,
///             payload: ::core::option::Option::None,
///             location: ::telebot::__private::Location::new(
///                 ::core::file!(),
///                 ::core::line!(),
///                 ::core::column!(),
///             ),
///         };
///         __telebot_set.command(
///             ::telebot::__private::command(
///                 __telebot_spec,
///                 ::core::option::Option::None,
///                 ::telebot::__private::generated(
///                     |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                         ::telebot::__private::run(async move {
///                             ::telebot::__private::Ok(::telebot::__private::outcome(start().await))
///                         })
///                     },
///                 ),
///             ),
///             0,
///         )
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn command(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("command", args, item)
}

/// Declares a handler for new messages whose text matches a regex (checked at compile time).
///
/// # Grammar
/// ```text
/// #[regex(r"pattern", caption, allow_edited, filter = <expr>, group = N, block = false)]
/// ```
/// Parameters implement `FromContext<kind::Message>`: `Matches`, `Groups<(A, …)>` (one type per
/// capture group, checked against the pattern), `Message`, … Equivalent:
/// `RegexHandler::new(r"pattern", name).caption(true)`.
///
/// # Expands to
/// For `#[regex(r"^hi")] async fn hi() {}`:
/// ```text
/// async fn hi() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct hi {}
/// impl ::telebot::__private::Declared for hi {
///     const COMMANDS: &'static [&'static str] = &[];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         static __TELEBOT_PATTERN: ::telebot::__private::Pattern =
///             ::telebot::__private::Pattern::new(r"^hi");
///         __telebot_set.handler(
///             ::telebot::__private::regex(
///                 ::telebot::__private::RegexSpec {
///                     pattern: &__TELEBOT_PATTERN,
///                     caption: false,
///                     allow_edited: false,
///                     block: ::core::option::Option::None,
///                 },
///                 ::core::option::Option::None,
///                 ::telebot::__private::generated(
///                     |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                         ::telebot::__private::run(async move {
///                             ::telebot::__private::Ok(::telebot::__private::outcome(hi().await))
///                         })
///                     },
///                 ),
///             ),
///             0,
///         )
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn regex(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("regex", args, item)
}

/// Declares a handler for prefix commands such as `!ban` or `#note` (PTB's `PrefixHandler`):
/// messages whose first word is one of the prefixes followed by one of the commands, compared
/// without case.
///
/// # Grammar
/// ```text
/// #[prefix(prefix = "!", command = "ban", filter = <expr>, group = N, block = false)]
/// #[prefix(prefix = ["!", "#"], command = ["ban", "kick"])]
/// ```
///
/// # Semantics
/// Parameters implement `FromContext<kind::Command>`, as in a `#[command]` handler: `Args<…>`
/// takes the words after the first. Prefix commands are not Telegram commands: they are not in
/// the menu, `/help` or the command set's uniqueness checks. Each prefix and command is
/// checked at compile time (not empty, no whitespace, none twice).
///
/// # Equivalent code
/// ```
/// use telebot::handlers::{HandlerSet, PrefixHandler};
/// # async fn ban() {}
/// let set = HandlerSet::new().handler(PrefixHandler::new(["!", "#"], ["ban", "kick"], ban), 0);
/// ```
///
/// # Example
/// ```
/// use telebot::extract::Args;
/// use telebot::{Bot, HandlerResult, api::Message, handlers, prefix};
///
/// #[prefix(prefix = ["!", "#"], command = "ban")]
/// async fn ban(bot: Bot, msg: Message, Args((who,)): Args<(String,)>) -> HandlerResult {
///     msg.reply_text(&bot, format!("{who} is banned")).await?;
///     Ok(())
/// }
///
/// assert_eq!(handlers![ban].len(), 1);
/// ```
///
/// # Expands to
/// For `#[prefix(prefix = "!", command = "ban")] async fn ban() {}`:
/// ```text
/// async fn ban() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct ban {}
/// impl ::telebot::__private::Declared for ban {
///     const COMMANDS: &'static [&'static str] = &[];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         __telebot_set.handler(
///             ::telebot::__private::prefix(
///                 ::telebot::__private::PrefixSpec {
///                     prefixes: &["!"],
///                     commands: &["ban"],
///                     description: ::core::option::Option::None,
///                     params: {
///                         use ::telebot::__private::{KnownArgs as _, NoArgs as _};
///                         ::telebot::__private::arg_names(&[])
///                     },
///                     block: ::core::option::Option::None,
///                 },
///                 ::core::option::Option::None,
///                 ::telebot::__private::generated(
///                     |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                         ::telebot::__private::run(async move {
///                             ::telebot::__private::Ok(::telebot::__private::outcome(ban().await))
///                         })
///                     },
///                 ),
///             ),
///             0,
///         )
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn prefix(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("prefix", args, item)
}

/// Declares a handler for button presses, optionally only those whose data matches
/// `pattern = r"…"` (checked at compile time); `game` matches game short names instead.
/// A parameter `Callback<T>` (typed callback data) restricts the handler to queries whose
/// data carries `T`'s prefix, so handlers of several callback types can share a group.
/// Equivalent: `CallbackQueryHandler::new(name).pattern(r"…")` (and `.data::<T>()`).
///
/// # Expands to
/// For `#[callback_query(pattern = "^yes")] async fn yes() {}`:
/// ```text
/// async fn yes() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct yes {}
/// impl ::telebot::__private::Declared for yes {
///     const COMMANDS: &'static [&'static str] = &[];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         static __TELEBOT_PATTERN: ::telebot::__private::Pattern =
///             ::telebot::__private::Pattern::new("^yes");
///         __telebot_set.handler(
///             {
///                 use ::telebot::__private::{KnownPrefix as _, NoPrefix as _};
///                 ::telebot::__private::only_data(
///                     ::telebot::__private::callback_query(
///                         ::core::option::Option::Some(&__TELEBOT_PATTERN),
///                         false,
///                         ::core::option::Option::None,
///                         ::telebot::__private::generated(
///                             |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                                 ::telebot::__private::run(async move {
///                                     ::telebot::__private::Ok(::telebot::__private::outcome(
///                                         yes().await,
///                                     ))
///                                 })
///                             },
///                         ),
///                     ),
///                     &[],
///                 )
///             },
///             0,
///         )
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn callback_query(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("callback_query", args, item)
}

/// Declares a handler for inline queries, optionally matching `pattern = r"…"` and from
/// `chat_types = ["private", …]`. Equivalent: `InlineQueryHandler::new(name).pattern(r"…")`.
///
/// # Expands to
/// For `#[inline_query] async fn search() {}`:
/// ```text
/// async fn search() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct search {}
/// impl ::telebot::__private::Declared for search {
///     const COMMANDS: &'static [&'static str] = &[];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         __telebot_set.handler(
///             ::telebot::__private::inline_query(
///                 ::core::option::Option::None,
///                 &[],
///                 ::core::option::Option::None,
///                 ::telebot::__private::generated(
///                     |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                         ::telebot::__private::run(async move {
///                             ::telebot::__private::Ok(::telebot::__private::outcome(search().await))
///                         })
///                     },
///                 ),
///             ),
///             0,
///         )
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn inline_query(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("inline_query", args, item)
}

/// Declares a handler for messages passing `filter = <expr>` (every message without one).
/// Equivalent: `MessageHandler::new(filter, name)`.
///
/// # Expands to
/// For `#[message] async fn echo() {}`:
/// ```text
/// async fn echo() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct echo {}
/// impl ::telebot::__private::Declared for echo {
///     const COMMANDS: &'static [&'static str] = &[];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         __telebot_set.handler(
///             ::telebot::__private::message(
///                 ::core::option::Option::None,
///                 ::core::option::Option::None,
///                 ::core::option::Option::None,
///                 ::telebot::__private::generated(
///                     |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                         ::telebot::__private::run(async move {
///                             ::telebot::__private::Ok(::telebot::__private::outcome(echo().await))
///                         })
///                     },
///                 ),
///             ),
///             0,
///         )
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn message(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("message", args, item)
}

/// Declares a handler for errors and panics of other handlers (`CallbackContext::error`).
/// Equivalent: `Application::add_error_handler(name)`.
///
/// # Expands to
/// For `#[error_handler] async fn failed() {}`:
/// ```text
/// async fn failed() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct failed {}
/// impl ::telebot::__private::Declared for failed {
///     const COMMANDS: &'static [&'static str] = &[];
///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
///     const PAYLOAD: bool = false;
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         __telebot_set.error_handler(::telebot::__private::generated(
///             |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                 ::telebot::__private::run(async move {
///                     ::telebot::__private::Ok(::telebot::__private::outcome(failed().await))
///                 })
///             },
///         ))
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn error_handler(args: TokenStream, item: TokenStream) -> TokenStream {
    handler_attribute("error_handler", args, item)
}

macro_rules! update_attributes {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            ///
            /// Options: `group = N`, `block = false`, `crate = path`; where the kind's updates
            /// have a chat, `chat_id = -100…` and `chat_username = "name"`, where they have a
            /// user, `user_id = 42` and `username = "name"` (each also a list: `user_id = [1,
            /// 2]`; the handler's `.chat_ids(…)`, `.chat_usernames(…)`, `.user_ids(…)`,
            /// `.usernames(…)`); on chosen inline results, shipping and pre-checkout queries,
            /// `pattern = r"…"` on the query or the invoice payload (`.pattern(…)`, its groups
            /// taken by `Groups`). A key the kind does not have is a compile error. Parameters
            /// implement `FromContext` for the update's kind; the payload type is one of them.
            ///
            /// # Expands to
            /// For `#[chat_member] async fn joined() {}`:
            /// ```text
            /// async fn joined() {}
            /// #[doc(hidden)]
            /// #[allow(non_camel_case_types)]
            /// struct joined {}
            /// impl ::telebot::__private::Declared for joined {
            ///     const COMMANDS: &'static [&'static str] = &[];
            ///     const HAS_ARGS: ::telebot::__private::HasArgs = ::telebot::__private::HasArgs::Any;
            ///     const PAYLOAD: bool = false;
            ///     fn declare(
            ///         __telebot_set: ::telebot::__private::HandlerSet,
            ///     ) -> ::telebot::__private::HandlerSet {
            ///         __telebot_set.handler(
            ///             ::telebot::__private::given(
            ///                 ::telebot::__private::UpdateKindHandler::chat_member(
            ///                     ::telebot::__private::generated(
            ///                         |__telebot_ctx: ::telebot::__private::CallbackContext| {
            ///                             ::telebot::__private::run(async move {
            ///                                 ::telebot::__private::Ok(::telebot::__private::outcome(
            ///                                     joined().await,
            ///                                 ))
            ///                             })
            ///                         },
            ///                     ),
            ///                 ),
            ///                 ::core::option::Option::None,
            ///                 ::telebot::__private::UpdateKindHandler::block,
            ///             ),
            ///             0,
            ///         )
            ///     }
            /// }
            /// ```
            #[proc_macro_attribute]
            pub fn $name(args: TokenStream, item: TokenStream) -> TokenStream {
                handler_attribute(stringify!($name), args, item)
            }
        )*
    };
}

// One attribute per update kind without an attribute of its own, generated from the
// update-kind table by `telebot-codegen`.
include!("update_attributes.rs");

update_attributes! {
    /// Declares a handler for albums, once per album with `Album` (`MediaGroupHandler::new`).
    media_group;
    /// Declares a handler for every update (`TypeHandler::any`).
    any_update;
}

/// Collects handlers declared by attributes into a `HandlerSet`, in the order given.
///
/// # Grammar
/// ```text
/// handlers![path, path, …]
/// handlers![crate = path; path, path, …]   // telebot renamed or re-exported
/// ```
///
/// # Semantics
/// Each path names a function with a handler attribute (through the braced struct of the same
/// name). For every pair, a constant assertion fails the build when both declare one command
/// name, naming both paths. What a list cannot see (sets from several calls, hand-written
/// handlers) is checked by `Application::add_handlers` and `ApplicationBuilder::build`.
///
/// # Equivalent code
/// ```
/// use telebot::handlers::{CommandHandler, HandlerSet, RegexHandler};
/// # async fn start() {}
/// # async fn hello() {}
/// let set = HandlerSet::new()
///     .command(CommandHandler::new("start", start), 0)
///     .handler(RegexHandler::new(r"^hello", hello), 0);
/// ```
///
/// # Example
/// ```
/// use telebot::{command, handlers, regex};
/// #[command("start")]
/// async fn start() {}
/// #[regex(r"^hello")]
/// async fn hello() {}
/// assert_eq!(handlers![start, hello].len(), 2);
/// ```
///
/// # Expands to
/// For `handlers![start, help]`:
/// ```text
/// {
///     const __TELEBOT_LISTED: &[::telebot::__private::Listed] = &[
///         ::telebot::__private::Listed::of::<start>(
///             "handlers![…]: this handler declares a command that `start` declares too; rename one of them",
///         ),
///         ::telebot::__private::Listed::of::<help>(
///             "handlers![…]: this handler declares a command that `help` declares too; rename one of them",
///         ),
///     ];
///     const _: () = if let ::core::option::Option::Some(__telebot_earlier) =
///         ::telebot::__private::first_clash(__TELEBOT_LISTED, 0usize)
///     {
///         ::core::panic!("{}", __TELEBOT_LISTED[__telebot_earlier].clash);
///     };
///     const _: () = if let ::core::option::Option::Some(__telebot_earlier) =
///         ::telebot::__private::first_clash(__TELEBOT_LISTED, 1usize)
///     {
///         ::core::panic!("{}", __TELEBOT_LISTED[__telebot_earlier].clash);
///     };
///     let __telebot_set = ::telebot::__private::HandlerSet::new();
///     let __telebot_set = <start as ::telebot::__private::Declared>::declare(__telebot_set);
///     let __telebot_set = <help as ::telebot::__private::Declared>::declare(__telebot_set);
///     __telebot_set
/// }
/// ```
#[proc_macro]
pub fn handlers(input: TokenStream) -> TokenStream {
    expansion::entry("handlers", input, TokenStream::new())
}

/// Declares a bot: a module whose handlers form one command set, checked as a whole.
///
/// # Grammar
/// ```text
/// #[telebot::bot]            // or #[telebot::bot(crate = path)]
/// mod name { <items with handler attributes> }
/// ```
///
/// # Semantics
/// Inside the module, handler attributes need no import (`#[command]` means
/// `#[telebot::command]`). The module gets `pub fn handlers() -> HandlerSet` with every
/// handler in declaration order. The whole command set is checked at compile time: a command
/// declared twice is one error spanning both declarations; a menu (scope and language) with
/// more than 100 listed commands is an error at the 101st.
///
/// # Equivalent code
/// ```text
/// pub fn handlers() -> HandlerSet { handlers![start, help, add] }  // without the set-wide checks
/// ```
///
/// # Example
/// ```
/// #[telebot::bot]
/// mod greeter {
///     use telebot::{Bot, HandlerResult, api::Message};
///
///     /// Says hello.
///     #[command("start")]
///     async fn start(bot: Bot, msg: Message) -> HandlerResult {
///         msg.reply_text(&bot, "Hello!").await?;
///         Ok(())
///     }
/// }
///
/// let set = greeter::handlers();
/// assert_eq!(set.commands().help_text(None, None), "/start - Says hello.");
/// ```
///
/// # Expands to
/// For `#[bot] mod greeter { #[command("start")] async fn start() {} }`:
/// ```text
/// mod greeter {
///     #[::telebot::command("start")]
///     async fn start() {}
///     #[doc = r" Every handler declared in this module, in order, with its commands (generated by"]
///     #[doc = r" `#[telebot::bot]`)."]
///     pub fn handlers() -> ::telebot::__private::HandlerSet {
///         let __telebot_set = ::telebot::__private::HandlerSet::new();
///         let __telebot_set = <start as ::telebot::__private::Declared>::declare(__telebot_set);
///         __telebot_set
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn bot(args: TokenStream, item: TokenStream) -> TokenStream {
    expansion::entry("bot", args, item)
}

/// Declares a job: a callback run on a schedule by the application's job queue.
///
/// # Grammar
/// ```text
/// #[job(every = "10s" [, first = "5s"] [, last = "1h"]
///     | after = "30s"
///     | at = "09:00" [, days = "mon-fri"] [, daily]
///     | cron = "0 9 * * 1-5",
///     name = "…", data = "…", chat_id = N, crate = path)]
/// async fn name(<extractor>: <Type>, …) -> HandlerResult { … }
/// ```
///
/// # Typing requirements
/// Parameters implement `FromContext<kind::Job>`: what every kind offers (`Bot`,
/// `CallbackContext`, `BotData<T>`, `State<T>`, …), no `Message` or `Args` (a job has no
/// update); the error names the parameter and the kind.
///
/// # Semantics
/// Intervals, times, weekdays and cron expressions are parsed at compile time with the
/// runtime's parsers (`telebot_syntax::schedule`); zero intervals are refused. The job is
/// declared for `handlers![…]` and `#[telebot::bot]` like any handler; the application keeps it
/// for its job queue. The name defaults to the function's.
///
/// # Example
/// ```
/// use telebot::{Bot, HandlerResult, handlers, job};
///
/// #[job(at = "09:00", days = "mon-fri", chat_id = -100123)]
/// async fn morning(bot: Bot) -> HandlerResult {
///     bot.send_message(-100123, "Good morning!").await?;
///     Ok(())
/// }
///
/// assert_eq!(handlers![morning].jobs().len(), 1);
/// ```
///
/// # Expands to
/// For `#[job(every = "10s")] async fn tick() {}`:
/// ```text
/// async fn tick() {}
/// #[doc(hidden)]
/// #[allow(non_camel_case_types)]
/// struct tick {}
/// impl ::telebot::__private::Declared for tick {
///     const COMMANDS: &'static [&'static str] = &[];
///     fn declare(
///         __telebot_set: ::telebot::__private::HandlerSet,
///     ) -> ::telebot::__private::HandlerSet {
///         __telebot_set.job(::telebot::__private::job(
///             ::telebot::__private::JobSpec {
///                 name: "tick",
///                 schedule: ::telebot::__private::DeclaredSchedule::Every(
///                     ::core::time::Duration::from_millis(10000u64),
///                 ),
///                 first: ::core::option::Option::None,
///                 last: ::core::option::Option::None,
///                 chat_id: ::core::option::Option::None,
///                 data: ::core::option::Option::None,
///                 location: ::telebot::__private::Location::new(
///                     ::core::file!(),
///                     ::core::line!(),
///                     ::core::column!(),
///                 ),
///             },
///             ::telebot::__private::generated(
///                 |__telebot_ctx: ::telebot::__private::CallbackContext| {
///                     ::telebot::__private::run(async move {
///                         ::telebot::__private::Ok(::telebot::__private::outcome(tick().await))
///                     })
///                 },
///             ),
///         ))
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn job(args: TokenStream, item: TokenStream) -> TokenStream {
    expansion::entry("job", args, item)
}

/// Turns `async fn main` into a program that runs the bot with long polling until Ctrl-C or
/// SIGTERM: the token comes from `TELEGRAM_BOT_TOKEN`, and without one the bot runs in the
/// terminal sandbox (with telebot's `testing` feature) so that it can be tried at once.
///
/// # Grammar
/// ```text
/// #[telebot::main]                 // or #[telebot::main(crate = path)]
/// async fn main() -> HandlerSet { handlers![…] }                      // or
/// async fn main(app: ApplicationBuilder) -> ApplicationBuilder { app.handlers(…).state(…) }
/// ```
/// The function may also return a `Result` of either. `crate = path` names telebot where the
/// dependency is renamed or re-exported (`crate = my_framework::telebot`).
///
/// # Equivalent code
/// ```no_run
/// # async fn start() {}
/// # fn handlers() -> telebot::handlers::HandlerSet { telebot::handlers::HandlerSet::new() }
/// #[tokio::main]
/// async fn main() -> std::process::ExitCode {
///     // `stop` completes when the terminal sandbox ends (never for a bot on Telegram).
///     telebot::testing::run_or_sandbox("my_bot", |bot, stop| async move {
///         let built = telebot::Application::builder()
///             .bot(bot)
///             .handlers(handlers())
///             .from_env() // TELEBOT_METRICS_LISTEN and the like
///             .and_then(|builder| builder.build());
///         let app = match built {
///             Ok(app) => app,
///             Err(e) => {
///                 eprintln!("my_bot: {e}");
///                 return std::process::ExitCode::FAILURE;
///             }
///         };
///         // Webhook, cluster or long polling, as the environment says.
///         let signal = telebot::updates::shutdown_signal();
///         let until = async move {
///             tokio::select! {
///                 _ = signal => {}
///                 _ = stop => {}
///             }
///         };
///         match app.run_from_env_until(until).await {
///             Ok(()) => std::process::ExitCode::SUCCESS,
///             Err(e) => {
///                 eprintln!("my_bot: {e}");
///                 std::process::ExitCode::FAILURE
///             }
///         }
///     })
///     .await
/// }
/// ```
///
/// # Example
/// ```no_run
/// #[telebot::command("start")]
/// async fn start() {}
///
/// #[telebot::main]
/// async fn main() -> telebot::handlers::HandlerSet {
///     telebot::handlers![start]
/// }
/// ```
///
/// # Expands to
/// For `#[main] async fn main() -> HandlerSet { handlers![start] }`:
/// ```text
/// fn main() -> ::std::process::ExitCode {
///     async fn __telebot_main() -> HandlerSet {
///         handlers![start]
///     }
///     ::telebot::__private::run_main(::core::env!("CARGO_CRATE_NAME"), |_| __telebot_main())
/// }
/// ```
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    expansion::entry("main", args, item)
}

/// Derives `telebot::callback_data::CallbackData`: the type travels in inline buttons.
///
/// ```text
/// #[derive(CallbackData)]
/// #[callback_data(prefix = "vote", version = 2)]   // both optional: the type's name, 1
/// #[callback_data(crate = my_bot::telebot)]        // where telebot is not `::telebot`
/// struct Vote { poll: u32, choice: Choice }
/// ```
///
/// Fields are written in declaration order, each with `CallbackField` (integers, `bool`,
/// `char`, `String`, `Option` of those, enums deriving `CallbackField`); an enum writes its
/// variant's number, then the variant's fields. The prefix (1–40 of letters, digits, `_`, `-`,
/// `.`) and the version are checked at compile time. Bump the version when the fields change.
///
/// # Expands to
/// For `#[derive(CallbackData)] struct Vote { choice: u8 }`:
/// ```text
/// impl ::telebot::__private::callback_data::CallbackData for Vote
/// where
///     u8: ::telebot::__private::callback_data::CallbackField,
/// {
///     const PREFIX: &'static str = "Vote";
///     const VERSION: u32 = 1u32;
///     fn write_fields(&self, out: &mut ::telebot::__private::callback_data::Packer) {
///         out.field(&self.choice);
///     }
///     fn read_fields(
///         fields: &mut ::telebot::__private::callback_data::Unpacker<'_>,
///     ) -> ::core::result::Result<Self, ::telebot::__private::callback_data::FieldError> {
///         ::core::result::Result::Ok(Self {
///             choice: fields.field()?,
///         })
///     }
/// }
/// ```
#[proc_macro_derive(CallbackData, attributes(callback_data))]
pub fn derive_callback_data(input: TokenStream) -> TokenStream {
    expansion::entry("CallbackData", TokenStream::new(), input)
}

/// Derives `telebot::callback_data::CallbackField` for an enum of unit variants, written as the
/// variant's number, so it can be a field of callback data. Takes
/// `#[callback_data(crate = path)]` where telebot is not `::telebot`.
///
/// # Expands to
/// For `#[derive(CallbackField)] enum Choice { Yes, No }`:
/// ```text
/// impl ::telebot::__private::callback_data::CallbackField for Choice {
///     const NAME: &'static str = ::core::stringify!(Choice);
///     fn write(&self, out: &mut ::std::string::String) {
///         let index: u32 = match self {
///             Self::Yes => 0u32,
///             Self::No => 1u32,
///         };
///         ::telebot::__private::callback_data::CallbackField::write(&index, out);
///     }
///     fn read(text: &str) -> ::core::option::Option<Self> {
///         match <u32 as ::telebot::__private::callback_data::CallbackField>::read(text)? {
///             0u32 => ::core::option::Option::Some(Self::Yes),
///             1u32 => ::core::option::Option::Some(Self::No),
///             _ => ::core::option::Option::None,
///         }
///     }
/// }
/// ```
#[proc_macro_derive(CallbackField, attributes(callback_data))]
pub fn derive_callback_field(input: TokenStream) -> TokenStream {
    expansion::entry("CallbackField", TokenStream::new(), input)
}

/// Declares a conversation (PTB's `ConversationHandler`) on a module, and checks its state
/// graph at compile time.
///
/// # Grammar
/// ```text
/// #[telebot::conversation(name = "…", persistent, per_chat = bool, per_user = bool,
///                         per_message, per_topic, allow_reentry, timeout = "5m",
///                         block = false, crate = path)]
/// mod order {
///     #[states] | #[states(data = Type)]
///     pub enum Order { Size, Toppings { size: String }, #[exit] Done, … }
///
///     #[entry]            #[command("order")]  async fn start(…) -> HandlerResult<Next<Order>> { … }
///     #[state(Order::A, Order::B)] #[message(…)] async fn step(…) -> … { … }
///     #[fallback]         #[command("cancel")] async fn cancel(…) -> … { … }
///     #[on_timeout]       #[any_update]        async fn expired(…) -> … { … }
///     #[while_waiting]    #[message]           async fn busy(…) -> … { … }
///     #[state(Order::A)]  fn nested() -> ConversationHandler<Inner> { inner::conversation() }
/// }
/// ```
///
/// # Typing requirements
/// The `#[states]` enum derives `Clone`, `serde::Serialize` and `serde::Deserialize`; the
/// `data` type (default `()`) also `Default`. Each `async fn` with a role carries a handler
/// attribute (`#[command]`, `#[message]`, `#[callback_query]`, …) and returns `Next<Order>`,
/// `HandlerResult<Next<Order>>` or anything a handler returns (`()` keeps the state). A plain
/// `fn` with a role returns a handler (typically a nested conversation with `map_to_parent`).
///
/// # Semantics
/// The states a handler can go to are the `Order::Variant` expressions in its body (patterns
/// do not count) and `Next::End`. At compile time the macro checks that every `#[state(…)]`
/// and every state a body names exists, that there is an entry point, that every state (but
/// `#[exit]` ones) has a handler, and that every state is reachable from an entry point —
/// each error at the variant or path concerned. It implements `ConversationState` for the
/// enum, adds `Order::GRAPH` and `Order::mermaid()` (the graph as a Mermaid state diagram),
/// and `conversation()` / `handlers()` (with the handlers' commands) to the module. The
/// conversation's name is `name`, else the module's; `persistent` keeps its states in the
/// application's persistence backend.
///
/// # Equivalent code
/// ```
/// # use telebot::conversation::{ConversationHandler, ConversationState, Next};
/// # use telebot::handlers::{CommandHandler, MessageHandler};
/// # #[derive(Clone, serde::Serialize, serde::Deserialize)] enum Order { Size }
/// # impl ConversationState for Order { type Data = (); const STATES: &'static [&'static str] = &["Size"]; fn name(&self) -> &'static str { "Size" } }
/// # async fn start() -> Next<Order> { Next::To(Order::Size) }
/// # async fn size() -> Next<Order> { Next::End }
/// let conversation = ConversationHandler::<Order>::builder()
///     .entry_point(CommandHandler::new("order", start))
///     .state("Size", MessageHandler::new(telebot::filters::text(), size))
///     .name("order")
///     .build();
/// ```
///
/// # Example
/// ```
/// #[telebot::conversation(per_user, timeout = "10m")]
/// mod order {
///     use telebot::conversation::Next;
///     use telebot::{Bot, HandlerResult, api::Message};
///
///     #[states]
///     #[derive(Clone, serde::Serialize, serde::Deserialize)]
///     pub enum Order { Size, Confirm { size: String } }
///
///     #[entry]
///     #[command("order")]
///     async fn start(bot: Bot, msg: Message) -> HandlerResult<Next<Order>> {
///         msg.reply_text(&bot, "Which size?").await?;
///         Ok(Next::To(Order::Size))
///     }
///
///     #[state(Order::Size)]
///     #[message(filter = telebot::filters::text())]
///     async fn size(msg: Message) -> Next<Order> {
///         Next::To(Order::Confirm { size: msg.text.unwrap_or_default() })
///     }
///
///     #[state(Order::Confirm)]
///     #[message]
///     async fn confirm() -> Next<Order> {
///         Next::End
///     }
/// }
///
/// assert!(order::Order::mermaid().contains("Size --> Confirm: size"));
/// let set = order::handlers();
/// assert_eq!(set.len(), 1);
/// ```
///
/// # Expands to
/// For `#[conversation] mod order { #[states] pub enum Order { Size } #[entry] #[command("order")] async fn start() -> Next<Order> { Next::To(Order::Size) } #[state(Order::Size)] #[message] async fn size() -> Next<Order> { Next::End } }`:
/// ```text
/// mod order {
///     pub enum Order {
///         Size,
///     }
///     #[::telebot::command("order")]
///     async fn start() -> Next<Order> {
///         Next::To(Order::Size)
///     }
///     #[::telebot::message()]
///     async fn size() -> Next<Order> {
///         Next::End
///     }
///     impl ::telebot::__private::ConversationState for Order {
///         type Data = ();
///         const STATES: &'static [&'static str] = &["Size"];
///         fn name(&self) -> &'static str {
///             match self {
///                 Self::Size { .. } => "Size",
///             }
///         }
///     }
///     impl Order {
///         #[doc = r" The conversation's states and steps as the `#[telebot::conversation]` macro"]
///         #[doc = r" found them."]
///         pub const GRAPH: ::telebot::__private::ConversationGraph =
///             ::telebot::__private::ConversationGraph {
///                 states: &["Size"],
///                 exits: &[],
///                 edges: &[
///                     ::telebot::__private::Edge {
///                         from: ::telebot::__private::Endpoint::Start,
///                         to: ::telebot::__private::Endpoint::State("Size"),
///                         label: "start",
///                     },
///                     ::telebot::__private::Edge {
///                         from: ::telebot::__private::Endpoint::State("Size"),
///                         to: ::telebot::__private::Endpoint::End,
///                         label: "size",
///                     },
///                 ],
///             };
///         #[doc = r" The state graph as a Mermaid state diagram, generated from the handlers."]
///         pub fn mermaid() -> ::std::string::String {
///             Self::GRAPH.mermaid()
///         }
///     }
///     fn __telebot_conversation_parts() -> ::telebot::__private::ConversationParts<Order> {
///         let __telebot_parts =
///             ::telebot::__private::ConversationParts::<Order>::new(|__telebot_builder| {
///                 __telebot_builder.name("order")
///             });
///         let __telebot_parts =
///             __telebot_parts.declared::<start>(::telebot::__private::ConversationRole::Entry);
///         let __telebot_parts =
///             __telebot_parts.declared::<size>(::telebot::__private::ConversationRole::State("Size"));
///         __telebot_parts
///     }
///     #[doc = r" The conversation declared in this module (generated by `#[telebot::conversation]`)."]
///     #[doc = r" Each call builds a new one, with states of its own: call it once."]
///     pub fn conversation() -> ::telebot::__private::ConversationHandler<Order> {
///         __telebot_conversation_parts().conversation()
///     }
///     #[doc = r" The conversation declared in this module as a handler set, with the commands of its"]
///     #[doc = r" handlers for the menus and `/help` (generated by `#[telebot::conversation]`). Each"]
///     #[doc = r" call builds a new conversation: call it once."]
///     pub fn handlers() -> ::telebot::__private::HandlerSet {
///         __telebot_conversation_parts().handlers()
///     }
/// }
/// ```
#[proc_macro_attribute]
pub fn conversation(args: TokenStream, item: TokenStream) -> TokenStream {
    expansion::entry("conversation", args, item)
}
