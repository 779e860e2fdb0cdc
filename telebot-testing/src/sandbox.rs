//! The sandbox: a bot with no token runs against an in-process [`FakeTelegram`], and the
//! terminal becomes the chat. Each line typed is a message from a sandbox user; the bot's
//! messages are printed, with inline keyboards as numbered buttons. Piped input works too:
//! at the end of input the sandbox waits for the bot to finish what it was doing, prints the
//! last replies and ends.
//!
//! With `--web` (or `TELEBOT_SANDBOX=web`) the chat is a page in the browser instead
//! ([`WebChat`](crate::WebChat)).
//!
//! Commands: `:press N` presses button N of the bot's last keyboard, `:user NAME` switches the
//! user, `:group` moves the conversation into a group (`:private` back), `:block` has the user
//! block the bot (`:unblock`), `:quit` ends, `:help`.

mod render;

use super::script::{FakeTelegram, SentMessage, TestChat, TestUser};
use crate::Bot;
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::future::Future;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;
use tokio::io::{AsyncBufRead, AsyncBufReadExt};
use tokio::task::JoinHandle;

/// How long the sandbox waits, at the end of input, for the bot to handle what it was sent.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// What tells a bot started by [`run_or_sandbox`] to stop gracefully: it completes when the
/// sandbox ends (`:quit`, or the end of piped input), and never for a bot on Telegram (whose
/// stop is a signal).
pub type Stop = std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// The variable that asks for the sandbox (`1`, or `web` for the browser) or forbids it (`0`).
pub const SANDBOX_VAR: &str = "TELEBOT_SANDBOX";

/// How long the sandbox waits, after asking the bot to stop, for its graceful stop (the
/// updates in hand finished, data written).
pub(crate) const STOP_TIMEOUT: Duration = Duration::from_secs(35);

/// Runs `bot_main` against Telegram when `TELEGRAM_BOT_TOKEN` is set, or else in the terminal
/// sandbox when it is wanted: `--sandbox` among the arguments or `TELEBOT_SANDBOX=1` (which
/// also win over a token), or, with neither, a debug build (`cargo run --example echo`)
/// unless `TELEBOT_SANDBOX=0`. `--web` or `TELEBOT_SANDBOX=web` ask for the web sandbox
/// instead: the chat is a page served on 127.0.0.1, whose address is printed. A release build without a token is an error naming
/// `TELEGRAM_BOT_TOKEN`, so that a production bot never waits on stdin by mistake.
///
/// `bot_main` gets a [`Stop`]: when the sandbox ends it completes, and the bot should stop
/// gracefully (the sandbox waits for it, so that its data is written as on SIGTERM).
///
/// ```no_run
/// use std::process::ExitCode;
/// async fn run(bot: telebot_client::Bot, stop: telebot_testing::Stop) -> ExitCode {
///     // … a polling loop or an Application, until `stop` …
///     ExitCode::SUCCESS
/// }
/// # async fn demo() -> ExitCode {
/// telebot_testing::run_or_sandbox("echo", run).await
/// # }
/// ```
pub async fn run_or_sandbox<F, Fut>(example: &str, bot_main: F) -> ExitCode
where
    F: FnOnce(Bot, Stop) -> Fut,
    Fut: Future<Output = ExitCode> + Send + 'static,
{
    let flag = std::env::args().skip(1).any(|a| a == "--sandbox");
    let web_flag = std::env::args().skip(1).any(|a| a == "--web");
    let has_token = std::env::var("TELEGRAM_BOT_TOKEN").is_ok_and(|t| !t.trim().is_empty());
    let (wanted, web_wanted) = match std::env::var(SANDBOX_VAR).as_deref().map(str::trim) {
        Ok("1" | "true" | "yes") => (Some(true), false),
        Ok("web") => (Some(true), true),
        Ok("0" | "false" | "no") => (Some(false), false),
        Ok("") | Err(_) => (None, false),
        Ok(other) => {
            eprintln!(
                "{example}: {SANDBOX_VAR}={other:?} is not a yes, no or web (expected 1, 0 or web)"
            );
            return ExitCode::FAILURE;
        }
    };
    let flag = flag || web_flag;
    let forced = flag || wanted == Some(true);
    if has_token && !forced {
        return match Bot::from_env() {
            Ok(bot) => bot_main(bot, Box::pin(std::future::pending())).await,
            Err(e) => {
                eprintln!("{example}: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if !forced && (wanted == Some(false) || !cfg!(debug_assertions)) {
        eprintln!(
            "{example}: TELEGRAM_BOT_TOKEN is not set: set it to the bot's token (talk to \
             @BotFather on Telegram, /newbot), or run with --sandbox (or {SANDBOX_VAR}=1) to try \
             the bot in the terminal"
        );
        return ExitCode::FAILURE;
    }
    let why = if web_flag {
        "--web was given"
    } else if flag {
        "--sandbox was given"
    } else if web_wanted {
        "TELEBOT_SANDBOX=web is set"
    } else if forced {
        "TELEBOT_SANDBOX=1 is set"
    } else {
        "TELEGRAM_BOT_TOKEN is not set"
    };
    if web_flag || web_wanted {
        return crate::webchat::run_bot(&command_line(example), why, bot_main).await;
    }
    let sandbox = Sandbox::start().await;
    let mut out = std::io::stdout();
    sandbox.write_intro(&command_line(example), why, &mut out);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bot_main(
        sandbox.bot(),
        Box::pin(async move {
            let _ = stopped.await;
        }),
    ));
    run_in_terminal(sandbox, task, stop).await
}

/// The sandbox on stdin and stdout, boxed in a plain function: an `async fn`'s body is compiled
/// into every codegen unit that awaits it (a release build's binary held three copies).
fn run_in_terminal(
    sandbox: Sandbox,
    task: JoinHandle<ExitCode>,
    stop: tokio::sync::oneshot::Sender<()>,
) -> BoxFuture<'static, ExitCode> {
    Box::pin(async move {
        let stdin = tokio::io::BufReader::new(tokio::io::stdin());
        sandbox
            .run(stdin, &mut std::io::stdout(), task, Some(stop))
            .await
    })
}

/// How this program was started, for the banner: `cargo run --example echo` for an example
/// cargo built, `cargo run --bin NAME` for a binary in a cargo target directory, else the
/// path it was started by.
fn command_line(name: &str) -> String {
    let argv0 = std::env::args().next().unwrap_or_default();
    command_line_of(&argv0, name)
}

fn command_line_of(argv0: &str, name: &str) -> String {
    let path = std::path::Path::new(argv0);
    let file = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(name)
        .to_string();
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|p| p.to_str());
    let grandparent = path
        .parent()
        .and_then(|p| p.parent())
        .and_then(|p| p.file_name())
        .and_then(|p| p.to_str());
    let release = |profile: Option<&str>| {
        if profile == Some("release") {
            " --release"
        } else {
            ""
        }
    };
    match (parent, grandparent) {
        (Some("examples"), profile) => format!("cargo run{} --example {file}", release(profile)),
        (Some(profile @ ("debug" | "release")), _) => {
            format!("cargo run{} --bin {file}", release(Some(profile)))
        }
        _ => argv0.to_string(),
    }
}

/// `command` run with one more argument: after `--` for `cargo run`.
pub(crate) fn with_argument(command: &str, argument: &str) -> String {
    if command.starts_with("cargo run") {
        format!("{command} -- {argument}")
    } else {
        format!("{command} {argument}")
    }
}

/// A fake Telegram with a sandbox user, driven line by line.
pub struct Sandbox {
    tg: FakeTelegram,
    user: TestUser,
    group: Option<TestChat>,
    in_group: bool,
    printed: HashMap<(i64, i64), u32>,
    last_keyboard: Option<SentMessage>,
}

impl Sandbox {
    /// Starts the fake Telegram with one user, `alice`.
    pub async fn start() -> Sandbox {
        let tg = FakeTelegram::builder()
            .username("sandbox_bot")
            .first_name("Sandbox Bot")
            .start()
            .await;
        tg.set_expect_timeout(Duration::from_secs(3));
        let user = tg.user("alice");
        Sandbox {
            tg,
            user,
            group: None,
            in_group: false,
            printed: HashMap::new(),
            last_keyboard: None,
        }
    }

    /// A bot talking to the sandbox.
    pub fn bot(&self) -> Bot {
        self.tg.bot()
    }

    /// The fake Telegram behind the sandbox.
    pub fn telegram(&self) -> &FakeTelegram {
        &self.tg
    }

    /// Prints what the sandbox is and how to run the bot on Telegram instead.
    pub fn write_intro(&self, command: &str, why: &str, out: &mut impl Write) {
        let _ = writeln!(
            out,
            "telebot sandbox: {why}, so the bot talks to a fake Telegram in this terminal."
        );
        let _ = writeln!(
            out,
            "Type a message and press Enter to send it as alice; :help lists the commands."
        );
        let _ = writeln!(
            out,
            "To chat in a browser instead (formatting, buttons, photos): {}",
            with_argument(command, "--web")
        );
        let _ = writeln!(
            out,
            "To run it on Telegram: get a token from @BotFather (send /newbot), then\n  TELEGRAM_BOT_TOKEN=<token> {command}"
        );
        let _ = out.flush();
    }

    /// Feeds `input` line by line until its end or `:quit`, printing the bot's messages to `out`
    /// as they come; then waits (bounded) for the bot to become idle, prints what is left and
    /// stops the bot task: gracefully through `stop` when given (waiting, bounded, for it to
    /// end), else at once. Returns the bot's exit code.
    pub async fn run<R, W>(
        mut self,
        input: R,
        out: &mut W,
        mut task: JoinHandle<ExitCode>,
        stop: Option<tokio::sync::oneshot::Sender<()>>,
    ) -> ExitCode
    where
        R: AsyncBufRead + Unpin,
        W: Write,
    {
        let mut lines = input.lines();
        let mut finished: Option<ExitCode> = None;
        loop {
            let core = self.tg.core().clone();
            let printed = self.printed.clone();
            let next_output = core.wait_for(Duration::from_secs(3600), |state| {
                render::unprinted(state, &printed).filter(|found| !found.is_empty())
            });
            tokio::select! {
                line = lines.next_line() => match line {
                    Ok(Some(line)) => {
                        if !self.handle_line(line.trim_end(), out).await {
                            break;
                        }
                        // Let the bot finish with this line before the next one, so that a
                        // piped script reads like a conversation (and `:press` sees the
                        // keyboard the previous line asked for).
                        tokio::select! {
                            _ = self.tg.wait_until_idle(DRAIN_TIMEOUT) => {}
                            result = &mut task => {
                                finished = Some(result.unwrap_or(ExitCode::FAILURE));
                                break;
                            }
                        }
                        let found = render::unprinted(&mut self.tg.core().lock(), &self.printed).unwrap_or_default();
                        self.print(found, out);
                    }
                    _ => break,
                },
                found = next_output => {
                    if let Some(found) = found {
                        self.print(found, out);
                    }
                }
                result = &mut task => {
                    finished = Some(result.unwrap_or(ExitCode::FAILURE));
                    break;
                }
            }
        }
        if finished.is_none() && !self.tg.wait_until_idle(DRAIN_TIMEOUT).await {
            let _ = writeln!(
                out,
                "(the bot did not finish handling the last messages within {DRAIN_TIMEOUT:?})"
            );
        }
        let rest = render::unprinted(&mut self.tg.core().lock(), &self.printed).unwrap_or_default();
        self.print(rest, out);
        let _ = out.flush();
        if finished.is_some() {
            return finished.unwrap_or(ExitCode::SUCCESS);
        }
        // A graceful stop, as on SIGTERM: the bot writes its data before the process ends.
        if let Some(stop) = stop
            && stop.send(()).is_ok()
        {
            match tokio::time::timeout(STOP_TIMEOUT, &mut task).await {
                Ok(result) => return result.unwrap_or(ExitCode::FAILURE),
                Err(_) => {
                    let _ = writeln!(out, "(the bot did not stop within {STOP_TIMEOUT:?})");
                }
            }
        }
        task.abort();
        ExitCode::SUCCESS
    }

    fn print(&mut self, found: Vec<(SentMessage, bool)>, out: &mut impl Write) {
        for (message, edited) in found {
            self.printed
                .insert((message.chat_id, message.message_id), message.version);
            let label = (message.chat_id < 0).then(|| "the group".to_string());
            let _ = writeln!(
                out,
                "{}",
                render::message(&message, label.as_deref(), edited)
            );
            if !message.buttons().is_empty() {
                self.last_keyboard = Some(message);
            }
        }
        let _ = out.flush();
    }

    /// Handles one input line; `false` ends the sandbox.
    async fn handle_line(&mut self, line: &str, out: &mut impl Write) -> bool {
        let Some(command) = line.strip_prefix(':') else {
            if line.is_empty() {
                return true;
            }
            match (&self.group, self.in_group) {
                (Some(group), true) => {
                    self.user.send_in(group, line).await;
                }
                _ => {
                    self.user.send(line).await;
                }
            }
            return true;
        };
        let mut words = command.split_whitespace();
        match (words.next(), words.next()) {
            (Some("quit" | "q"), _) => return false,
            (Some("press"), Some(n)) => self.press(n, out).await,
            (Some("user"), Some(name)) => {
                self.user = self.tg.user(name);
                if let (Some(group), true) = (&self.group, self.in_group) {
                    group.add(&self.user).await;
                }
                let _ = writeln!(out, "(you are now {name})");
            }
            (Some("group"), _) => {
                let group = match &self.group {
                    Some(g) => g.clone(),
                    None => self.tg.group("sandbox group"),
                };
                group.add(&self.user).await;
                self.group = Some(group);
                self.in_group = true;
                let _ = writeln!(out, "(now in the group \"sandbox group\" with the bot)");
            }
            (Some("block"), _) => {
                self.user.block_bot().await;
                let _ = writeln!(
                    out,
                    "(you blocked the bot: its messages to you fail with 403)"
                );
            }
            (Some("unblock"), _) => {
                self.user.unblock_bot().await;
                let _ = writeln!(out, "(you unblocked the bot)");
            }
            (Some("private"), _) => {
                self.in_group = false;
                let _ = writeln!(out, "(back in the private chat with the bot)");
            }
            _ => {
                let _ = writeln!(
                    out,
                    ":press N  press button N of the bot's last keyboard\n:user NAME  speak as another user\n\
                     :group  move into a group with the bot   :private  back to the private chat\n\
                     :block  block the bot as this user   :unblock  unblock it\n:quit  stop"
                );
            }
        }
        let _ = out.flush();
        true
    }

    async fn press(&mut self, n: &str, out: &mut impl Write) {
        let Some(message) = self.last_keyboard.clone() else {
            let _ = writeln!(out, "(no keyboard to press yet)");
            return;
        };
        let positions: Vec<(usize, usize, String)> = message
            .buttons()
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(move |(c, b)| (r, c, b.text.clone()))
            })
            .collect();
        match n
            .parse::<usize>()
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| positions.get(i))
        {
            Some((row, col, text)) => {
                let _ = writeln!(out, "(pressed \"{text}\")");
                self.user.press_nth(&message, *row, *col).await;
            }
            None => {
                let _ = writeln!(
                    out,
                    "(no button {n}; the keyboard has {} buttons)",
                    positions.len()
                );
            }
        }
    }
}

#[cfg(test)]
mod command_line_tests {
    use super::command_line_of;

    #[test]
    fn the_banner_names_the_command_that_was_run() {
        assert_eq!(
            command_line_of("/src/bot/target/debug/examples/echo", "echo"),
            "cargo run --example echo"
        );
        assert_eq!(
            command_line_of("/src/mybot/target/debug/mybot", "mybot"),
            "cargo run --bin mybot"
        );
        assert_eq!(
            command_line_of("target/release/mybot", "mybot"),
            "cargo run --release --bin mybot"
        );
        assert_eq!(
            command_line_of("/usr/local/bin/mybot", "mybot"),
            "/usr/local/bin/mybot"
        );
    }
}
