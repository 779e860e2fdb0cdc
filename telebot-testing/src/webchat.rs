//! The web sandbox: the fake Telegram behind a chat page in the browser, for what a terminal
//! cannot show (formatting, keyboards in rows, edits in place, alerts, photos, polls, the
//! command menu). `cargo run --example echo -- --web` (or `TELEBOT_SANDBOX=web`) starts it
//! and prints the address to open.
//!
//! The server listens on 127.0.0.1 only, on a free port, and answers only requests that
//! carry the random token printed in the address. The page is plain HTML, CSS and JavaScript
//! embedded in the binary; it follows the fake Telegram's state through server-sent events
//! and acts through the same script API the tests use ([`TestUser`](crate::TestUser)). Bot
//! data reaches the page as text and is put into the page as text only.

mod actions;
mod assets;
mod markup;
mod segments;
mod server;
mod token;
mod view;

use std::future::Future;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::Bot;
use crate::sandbox::{STOP_TIMEOUT, Sandbox, Stop, with_argument};
use crate::script::FakeTelegram;

/// A running web sandbox over a [`FakeTelegram`]; it stops when dropped.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use telebot_testing::{FakeTelegram, WebChat};
/// let tg = FakeTelegram::start().await;
/// tg.user("alice");
/// let web = WebChat::start(&tg).await?;
/// println!("open {}", web.url());
/// // … run the bot against tg.bot() …
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct WebChat {
    url: String,
    server: JoinHandle<()>,
}

impl WebChat {
    /// Serves the page for `tg` on 127.0.0.1, on a free port.
    ///
    /// # Errors
    /// When no local port can be bound or the system gives no random bytes for the token.
    pub async fn start(tg: &FakeTelegram) -> std::io::Result<WebChat> {
        let token = token::AccessToken::generate()?;
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let url = format!("{origin}/?t={}", token.as_str());
        let shared = Arc::new(server::Shared {
            tg: tg.clone(),
            token,
            origin,
        });
        let server = tokio::spawn(server::serve(listener, shared));
        Ok(WebChat { url, server })
    }

    /// The address to open, with its token: `http://127.0.0.1:PORT/?t=…`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for WebChat {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Runs `bot_main` in the web sandbox: prints the page's address and serves it until Ctrl-C
/// (then stops the bot gracefully) or until the bot ends.
pub(crate) async fn run_bot<F, Fut>(command: &str, why: &str, bot_main: F) -> ExitCode
where
    F: FnOnce(Bot, Stop) -> Fut,
    Fut: Future<Output = ExitCode> + Send + 'static,
{
    let sandbox = Sandbox::start().await;
    let web = match WebChat::start(sandbox.telegram()).await {
        Ok(web) => web,
        Err(error) => {
            eprintln!("telebot web sandbox: cannot serve the page: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "telebot web sandbox: {why}, so the bot talks to a fake Telegram in your browser.\n\
         Open {}\n\
         (127.0.0.1 only; the address holds a token, keep it to yourself.) Ctrl-C stops.\n\
         In the terminal instead: {}\n\
         To run it on Telegram: get a token from @BotFather (send /newbot), then\n  \
         TELEGRAM_BOT_TOKEN=<token> {command}",
        web.url(),
        with_argument(command, "--sandbox"),
    );
    let _ = out.flush();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut task = tokio::spawn(bot_main(
        sandbox.bot(),
        Box::pin(async move {
            let _ = stopped.await;
        }),
    ));
    tokio::select! {
        result = &mut task => return result.unwrap_or(ExitCode::FAILURE),
        _ = tokio::signal::ctrl_c() => {}
    }
    let _ = stop.send(());
    match tokio::time::timeout(STOP_TIMEOUT, &mut task).await {
        Ok(result) => result.unwrap_or(ExitCode::FAILURE),
        Err(_) => {
            eprintln!("(the bot did not stop within {STOP_TIMEOUT:?})");
            task.abort();
            ExitCode::FAILURE
        }
    }
}
