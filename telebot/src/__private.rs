//! What the macros' generated code calls: descriptors and the functions that turn them into
//! handlers. Not a public API: names and shapes change without notice. Everything here has a
//! public, documented equivalent (the handler constructors and [`HandlerSet`]).

pub use crate::callback_data;
pub use crate::commands::{CommandScope, Location, Role};
pub use crate::context::CallbackContext;
pub use crate::conversation::{
    ConversationHandler, ConversationParts, ConversationRole, ConversationState, Edge, Endpoint,
    Graph as ConversationGraph,
};
pub use crate::extract::{ExtractError, FromContext, FromContextRef, kind};
pub use crate::filters::{self, SharedFilter};
pub use crate::handlers::{
    HandlerSet, IntoOutcome, MediaGroupHandler, Outcome, TypeHandler, UpdateKindHandler,
};
pub use crate::jobs::declaration::{DeclaredJob, DeclaredSchedule, JobSpec};
pub use ::core::result::Result::{Err, Ok};

use crate::handlers::{
    CallbackQueryHandler, CommandHandler, HandlerFn, InlineQueryHandler, MessageHandler,
    PrefixHandler, RegexHandler,
};
use std::future::Future;
use std::sync::OnceLock;

/// A handler declared by an attribute: the braced struct beside the user's function.
pub trait Declared {
    /// The command names it declares (for `handlers![…]`'s compile-time uniqueness check).
    const COMMANDS: &'static [&'static str];
    /// The argument counts its command takes: two handlers of one command may share it when
    /// these do not overlap.
    const HAS_ARGS: HasArgs = HasArgs::Any;
    /// Whether its command takes only arguments matching a payload pattern: such handlers are
    /// told apart from the others of the command at run time (`CommandSet::check`).
    const PAYLOAD: bool = false;
    /// Adds the handler to a set.
    fn declare(set: HandlerSet) -> HandlerSet;
}

pub use crate::commands::HasArgs;

/// What `handlers![…]`'s compile-time check knows of one declared handler.
pub struct Listed {
    /// The command names it declares.
    pub commands: &'static [&'static str],
    /// Its command's argument counts.
    pub has_args: HasArgs,
    /// Whether its command takes only arguments matching a payload pattern.
    pub payload: bool,
    /// The message when a later handler clashes with it (names it).
    pub clash: &'static str,
}

impl Listed {
    /// The entry of the declared handler `D`, named in `clash`.
    pub const fn of<D: Declared>(clash: &'static str) -> Listed {
        Listed {
            commands: D::COMMANDS,
            has_args: D::HAS_ARGS,
            payload: D::PAYLOAD,
            clash,
        }
    }
}

/// Whether two listed handlers would both take some `/command` message: a shared name, and
/// argument counts that overlap.
pub const fn clash(a: &Listed, b: &Listed) -> bool {
    shares_command(a.commands, b.commands)
        && a.has_args.overlaps(b.has_args)
        && !a.payload
        && !b.payload
}

/// `handlers![…]`'s check of the handler at `index` against those before it (one constant per
/// handler, so the check adds as many items as there are handlers): the first earlier one
/// that clashes with it.
pub const fn first_clash(listed: &[Listed], index: usize) -> Option<usize> {
    let mut earlier = 0;
    while earlier < index {
        if clash(&listed[earlier], &listed[index]) {
            return Some(earlier);
        }
        earlier += 1;
    }
    None
}

/// Whether two lists of command names share one (a `const fn` for `handlers![…]`).
pub const fn shares_command(a: &[&str], b: &[&str]) -> bool {
    let mut i = 0;
    while i < a.len() {
        let mut j = 0;
        while j < b.len() {
            if str_eq(a[i], b[j]) {
                return true;
            }
            j += 1;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Extracts one parameter of type `T` for a handler of kind `K`. The future is boxed so that
/// its type does not carry the `FromContext` bound: a parameter the kind cannot offer is then
/// one error, at the parameter's type.
pub fn extract<K: 'static, T: FromContext<K> + 'static>(
    ctx: &CallbackContext,
) -> futures_util::future::BoxFuture<'_, Result<T, ExtractError>> {
    Box::pin(T::from_context(ctx))
}

/// Borrows one parameter of type `&T` for a handler of kind `K` from the context the
/// generated code holds for the call (the bound on `T` here puts a parameter the kind cannot
/// lend as one error at the parameter's type).
pub fn extract_ref<K: 'static, T: FromContextRef<K> + ?Sized + 'static>(
    ctx: &CallbackContext,
) -> Result<&T, ExtractError> {
    T::from_context_ref(ctx)
}

/// A generated callback: the macro's closure extracts its own parameters from the context it
/// is given, so the handler hands the context over as it is, where a function taking a
/// `CallbackContext` parameter would be given a copy and the first held beside it.
pub struct Generated<C>(C);

/// The argument list of a [`Generated`] callback for [`HandlerFn`]: the context, whole.
pub struct WholeContext;

/// Wraps the closure a handler attribute generates.
pub fn generated<C, Fut>(callback: C) -> Generated<C>
where
    C: Fn(CallbackContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    Generated(callback)
}

impl<K, C, Fut> HandlerFn<K, WholeContext> for Generated<C>
where
    K: Send + Sync + 'static,
    C: Fn(CallbackContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    fn call(&self, ctx: CallbackContext) -> futures_util::future::BoxFuture<'static, Outcome> {
        Box::pin((self.0)(ctx))
    }
}

/// Runs the generated extraction and call: an extractor's refusal becomes the outcome.
///
/// Not an `async fn`: one would hold `body` twice (as its argument and as the future it
/// awaits), and this future is allocated for every update a handler runs for.
pub fn run(
    body: impl Future<Output = Result<Outcome, ExtractError>>,
) -> impl Future<Output = Outcome> {
    futures_util::FutureExt::map(body, |result| result.unwrap_or_else(Outcome::Rejected))
}

/// The outcome of what the user's function returned.
pub fn outcome<R: IntoOutcome>(returned: R) -> Outcome {
    returned.into_outcome()
}

/// A regex compiled once, on first use, from a pattern the macro checked.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<regex::Regex>,
}

impl Pattern {
    /// A pattern not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The compiled regex (a cheap clone of the one compiled once).
    pub fn regex(&'static self) -> regex::Regex {
        self.compiled
            .get_or_init(|| {
                regex::Regex::new(self.source).unwrap_or_else(|e| {
                    panic!("the pattern was checked by the attribute macro, yet: {e}")
                })
            })
            .clone()
    }
}

/// What `#[command]` declares.
#[derive(Debug)]
pub struct CommandSpec {
    /// Names, without `/`.
    pub names: &'static [&'static str],
    /// The description (attribute or first doc paragraph).
    pub description: Option<&'static str>,
    /// Descriptions by language.
    pub translations: &'static [(&'static str, &'static str)],
    /// Menus; empty for the default menu.
    pub scopes: &'static [CommandScope],
    /// Left out of menus and `/help`.
    pub hidden: bool,
    /// Also edited messages.
    pub allow_edited: bool,
    /// Whether later updates of the chat wait for it (`None`: the application's default).
    pub block: Option<bool>,
    /// Who may use it.
    pub require: Option<Role>,
    /// Argument names from the `Args((a, b))` pattern.
    pub params: &'static [&'static str],
    /// Which argument counts it takes.
    pub has_args: HasArgs,
    /// The pattern its arguments must match (`payload = r"…"`).
    pub payload: Option<&'static Pattern>,
    /// Where it was declared.
    pub location: Location,
}

/// `handler` with `block` set by `set` when the attribute gave it; else the application's
/// default applies.
pub fn given<H>(handler: H, block: Option<bool>, set: fn(H, bool) -> H) -> H {
    match block {
        Some(block) => set(handler, block),
        None => handler,
    }
}

/// A command handler from its descriptor.
pub fn command<C: HandlerFn<kind::Command, WholeContext>>(
    spec: CommandSpec,
    filter: Option<SharedFilter>,
    callback: C,
) -> CommandHandler {
    let handler = CommandHandler::new(spec.names, callback).allow_edited(spec.allow_edited);
    let mut handler = given(handler, spec.block, CommandHandler::block)
        .hidden(spec.hidden)
        .params(spec.params.iter().copied())
        .has_args(spec.has_args)
        .location(spec.location);
    if let Some(text) = spec.description {
        handler = handler.description(text);
    }
    for (language, text) in spec.translations {
        handler = handler.translation(*language, *text);
    }
    if !spec.scopes.is_empty() {
        handler = handler.scopes(spec.scopes.iter().copied());
    }
    if let Some(role) = spec.require {
        handler = handler.require(role);
    }
    if let Some(pattern) = spec.payload {
        handler = handler.payload_regex(pattern.regex());
    }
    if let Some(filter) = filter {
        handler = handler.filter(filter);
    }
    handler
}

/// What `#[regex]` declares.
#[derive(Debug)]
pub struct RegexSpec {
    /// The pattern.
    pub pattern: &'static Pattern,
    /// Also captions.
    pub caption: bool,
    /// Also edited messages.
    pub allow_edited: bool,
    /// Whether later updates of the chat wait for it (`None`: the application's default).
    pub block: Option<bool>,
}

/// A regex handler from its descriptor.
pub fn regex<C: HandlerFn<kind::Message, WholeContext>>(
    spec: RegexSpec,
    filter: Option<SharedFilter>,
    callback: C,
) -> RegexHandler {
    let handler = RegexHandler::with_regex(spec.pattern.regex(), callback)
        .caption(spec.caption)
        .allow_edited(spec.allow_edited);
    let handler = given(handler, spec.block, RegexHandler::block);
    match filter {
        Some(filter) => handler.filter(filter),
        None => handler,
    }
}

/// A prefix-command handler (`#[prefix]`): every combination of `prefixes` and `commands`.
pub fn prefix<C: HandlerFn<kind::Command, WholeContext>>(
    spec: PrefixSpec,
    filter: Option<SharedFilter>,
    callback: C,
) -> PrefixHandler {
    let handler = PrefixHandler::new(spec.prefixes, spec.commands, callback);
    let mut handler =
        given(handler, spec.block, PrefixHandler::block).params(spec.params.iter().copied());
    if let Some(text) = spec.description {
        handler = handler.description(text);
    }
    match filter {
        Some(filter) => handler.filter(filter),
        None => handler,
    }
}

/// What `#[prefix]` declares.
#[derive(Debug)]
pub struct PrefixSpec {
    /// The prefixes (`!`, `#`).
    pub prefixes: &'static [&'static str],
    /// The commands (`ban`).
    pub commands: &'static [&'static str],
    /// The first paragraph of the doc comment, for usage lines.
    pub description: Option<&'static str>,
    /// Argument names from the `Args((a, b))` pattern.
    pub params: &'static [&'static str],
    /// Whether later updates of the chat wait for it (`None`: the application's default).
    pub block: Option<bool>,
}

/// A message handler: `filter` (all messages when `None`) and a fixed filter of the attribute
/// (`#[edited_message]`, …), both required.
pub fn message<C: HandlerFn<kind::Message, WholeContext>>(
    kind: Option<SharedFilter>,
    filter: Option<SharedFilter>,
    block: Option<bool>,
    callback: C,
) -> MessageHandler {
    let filter = match (kind, filter) {
        (Some(kind), Some(filter)) => kind & filter,
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => crate::filters::all(),
    };
    given(
        MessageHandler::new(filter, callback),
        block,
        MessageHandler::block,
    )
}

/// A callback-query handler.
pub fn callback_query<C: HandlerFn<kind::CallbackQuery, WholeContext>>(
    pattern: Option<&'static Pattern>,
    game: bool,
    block: Option<bool>,
    callback: C,
) -> CallbackQueryHandler {
    let handler = CallbackQueryHandler::new(callback).game(game);
    let handler = given(handler, block, CallbackQueryHandler::block);
    match pattern {
        Some(pattern) => handler.regex(pattern.regex()),
        None => handler,
    }
}

/// Restricts a callback-query handler to the prefix of its `Callback<T>` parameter's type:
/// `prefixes` holds each parameter's [`PrefixOf`], `Some` only for telebot's `Callback<T>` of
/// typed callback data (the compiler decides, not the parameter's name).
pub fn only_data(
    handler: CallbackQueryHandler,
    prefixes: &[Option<&'static str>],
) -> CallbackQueryHandler {
    match prefixes.iter().flatten().next() {
        Some(prefix) => handler.data_prefix(prefix),
        None => handler,
    }
}

/// A parameter type's callback-data prefix, read as `(&&PrefixOf::<P>(PhantomData)).prefix()`
/// with [`KnownPrefix`] and [`NoPrefix`] in scope: `Some` when `P` is
/// [`Callback<T>`](crate::extract::Callback) of a `T` that implements
/// [`CallbackData`](crate::callback_data::CallbackData), `None` for any other type (a type of
/// your own named `Callback` too), with no second error beside the extractor's.
pub struct PrefixOf<P>(pub ::core::marker::PhantomData<P>);

/// The prefix of telebot's `Callback<T>` of callback data.
pub trait KnownPrefix {
    /// `Some(T::PREFIX)`.
    fn prefix(&self) -> Option<&'static str>;
}

impl<T: crate::callback_data::CallbackData> KnownPrefix for &PrefixOf<crate::extract::Callback<T>> {
    fn prefix(&self) -> Option<&'static str> {
        Some(T::PREFIX)
    }
}

/// The fallback for every other parameter type.
pub trait NoPrefix {
    /// `None`.
    fn prefix(&self) -> Option<&'static str>;
}

impl<P> NoPrefix for PrefixOf<P> {
    fn prefix(&self) -> Option<&'static str> {
        None
    }
}

/// The argument names a command's usage line shows: the first of `candidates` that is not
/// empty. Each is a parameter's [`ArgNamesOf`].
pub fn arg_names(candidates: &[&'static [&'static str]]) -> &'static [&'static str] {
    candidates
        .iter()
        .copied()
        .find(|names| !names.is_empty())
        .unwrap_or(&[])
}

/// The names bound by a parameter's pattern (`a`, `b` in `Args((a, b))`) as argument names,
/// read as `(&&ArgNamesOf::<P>(PhantomData)).arg_names(&["a", "b"])` with [`KnownArgs`] and
/// [`NoArgs`] in scope: kept when `P` is telebot's [`Args<T>`](crate::extract::Args), empty for
/// any other type (a type of your own named `Args` too).
pub struct ArgNamesOf<P>(pub ::core::marker::PhantomData<P>);

/// The names of telebot's `Args<T>`.
pub trait KnownArgs {
    /// `names`.
    fn arg_names(&self, names: &'static [&'static str]) -> &'static [&'static str];
}

impl<T> KnownArgs for &ArgNamesOf<crate::extract::Args<T>> {
    fn arg_names(&self, names: &'static [&'static str]) -> &'static [&'static str] {
        names
    }
}

/// The fallback for every other parameter type.
pub trait NoArgs {
    /// Nothing.
    fn arg_names(&self, names: &'static [&'static str]) -> &'static [&'static str];
}

impl<P> NoArgs for ArgNamesOf<P> {
    fn arg_names(&self, _: &'static [&'static str]) -> &'static [&'static str] {
        &[]
    }
}

/// An inline-query handler.
pub fn inline_query<C: HandlerFn<kind::InlineQuery, WholeContext>>(
    pattern: Option<&'static Pattern>,
    chat_types: &'static [&'static str],
    block: Option<bool>,
    callback: C,
) -> InlineQueryHandler {
    let mut handler = given(
        InlineQueryHandler::new(callback),
        block,
        InlineQueryHandler::block,
    );
    if let Some(pattern) = pattern {
        handler = handler.regex(pattern.regex());
    }
    if !chat_types.is_empty() {
        handler = handler.chat_types(chat_types.iter().copied());
    }
    handler
}

/// A declared job from its descriptor and callback.
pub fn job<C: HandlerFn<kind::Job, WholeContext>>(spec: JobSpec, callback: C) -> DeclaredJob {
    DeclaredJob {
        spec,
        callback: callback.into_callback(),
    }
}

/// What `#[telebot::main]` runs: a runtime, the bot (from `TELEGRAM_BOT_TOKEN`, or the
/// sandbox with the `testing` feature), the user's setup, then long polling.
///
/// Only the boxing of `setup` is generic: the runtime, the sandbox and polling are compiled
/// once in telebot instead of again in every bot crate (and on every edit of it).
pub fn run_main<SharedFilter, Fut, S>(name: &str, setup: SharedFilter) -> std::process::ExitCode
where
    SharedFilter: FnOnce(crate::application::ApplicationBuilder) -> Fut + Send + 'static,
    Fut: Future<Output = S> + Send,
    S: crate::application::Setup,
{
    run_boxed_main(
        name,
        Box::new(move |bot: crate::Bot| {
            Box::pin(async move {
                let base = || crate::Application::builder().bot(bot.clone());
                setup(base()).await.apply(base())
            })
        }),
    )
}

/// The user's setup for a bot, boxed: the builder to run, or why there is none.
type BoxedSetup = Box<
    dyn FnOnce(
            crate::Bot,
        ) -> std::pin::Pin<
            Box<
                dyn Future<
                        Output = Result<
                            crate::application::ApplicationBuilder,
                            crate::handlers::HandlerError,
                        >,
                    > + Send,
            >,
        > + Send,
>;

fn run_boxed_main(name: &str, setup: BoxedSetup) -> std::process::ExitCode {
    // Without a token the terminal sandbox talks on the same terminal: only warnings then.
    let default = if std::env::var_os("TELEGRAM_BOT_TOKEN").is_some() {
        "info"
    } else {
        "warn"
    };
    if let Err(e) = crate::logging::init_from_env(default) {
        eprintln!("{name}: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("{name}: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let name = name.to_string();
    runtime.block_on(async move {
        let program = name.clone();
        let bot_main = move |bot: crate::Bot, stop: Stop| async move {
            match serve(bot, setup, stop).await {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{program}: {e}");
                    std::process::ExitCode::FAILURE
                }
            }
        };
        #[cfg(feature = "testing")]
        {
            crate::testing::run_or_sandbox(&name, bot_main).await
        }
        #[cfg(not(feature = "testing"))]
        {
            match crate::Bot::from_env() {
                Ok(bot) => bot_main(bot, Box::pin(std::future::pending())).await,
                Err(e) => {
                    eprintln!("{name}: {e}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
    })
}

/// What ends a bot besides SIGINT and SIGTERM: the end of the terminal sandbox.
type Stop = std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

async fn serve(
    bot: crate::Bot,
    setup: BoxedSetup,
    stop: Stop,
) -> Result<(), crate::handlers::HandlerError> {
    // Every variable is read (and a bad value refused) before anything starts: the intake's
    // here, the metrics address by `from_env`.
    #[cfg(feature = "webhooks")]
    crate::updates::webhook::WebhookConfig::from_env()?;
    #[cfg(feature = "cluster")]
    crate::cluster::Cluster::from_env()?;
    let app = setup(bot).await?.from_env()?.build()?;
    let signal = crate::updates::shutdown_signal();
    app.run_from_env_until(async move {
        tokio::select! {
            _ = signal => {}
            _ = stop => {}
        }
    })
    .await?;
    Ok(())
}
