//! Headless Chromium driven over WebDriver (chromedriver, started here on a free port) for the
//! web sandbox's tests, and the example binaries started with `--web`.
//!
//! Without /usr/bin/chromedriver the tests are skipped with a message, unless
//! `TELEBOT_REQUIRE_BROWSER` is set (CI sets it): then they fail.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// How long a test waits for something to appear in the page.
pub const PAGE_WAIT: Duration = Duration::from_secs(20);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

fn program(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// Where the tests put their screenshots: `<target>/test-artifacts/webchat/`.
pub fn artifacts() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp
        .parent()
        .unwrap_or(tmp)
        .join("test-artifacts")
        .join("webchat");
    std::fs::create_dir_all(&dir).expect("creating the artifacts directory");
    dir
}

/// How many chromedrivers [`Browser::start`] tries before the test fails.
const SESSION_ATTEMPTS: usize = 3;

/// A chromedriver child and a browser session through it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile, or `None` (after
    /// saying why) when chromedriver is not installed and the browser is not required.
    pub async fn start() -> Option<Browser> {
        let driver_path = program("TELEBOT_CHROMEDRIVER", "/usr/bin/chromedriver");
        let chromium = program("TELEBOT_CHROMIUM", "/usr/bin/chromium");
        if !driver_path.exists() {
            let message = format!(
                "{} is missing: install chromium and chromium-driver \
                 (apt-get install chromium chromium-driver)",
                driver_path.display()
            );
            if std::env::var_os("TELEBOT_REQUIRE_BROWSER").is_some() {
                panic!("{message}; TELEBOT_REQUIRE_BROWSER is set, so this fails");
            }
            eprintln!("skipping the browser test: {message}");
            return None;
        }
        // A session may fail to start for reasons outside the test: the port picked here taken
        // by another process before chromedriver binds it, or chromedriver dropping the first
        // connection. Each attempt is a fresh chromedriver on a fresh port; what went wrong in
        // each is kept for the failure message.
        let mut failures = Vec::new();
        for attempt in 1..=SESSION_ATTEMPTS {
            match Self::try_start(&driver_path, &chromium).await {
                Ok(browser) => return Some(browser),
                Err(failure) => {
                    eprintln!("browser session attempt {attempt} failed: {failure}");
                    failures.push(failure);
                }
            }
        }
        panic!(
            "no browser session through chromedriver in {SESSION_ATTEMPTS} attempts:\n{}",
            failures.join("\n")
        );
    }

    /// One chromedriver on a fresh port and a session through it; on failure, why (with the
    /// end of chromedriver's log), chromedriver stopped and its files removed.
    async fn try_start(driver_path: &Path, chromium: &Path) -> Result<Browser, String> {
        let port = free_port();
        let profile = std::env::temp_dir().join(format!(
            "telebot-webchat-profile-{}-{port}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).expect("creating the browser profile directory");
        let log = profile.join("chromedriver.log");
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let mut starting = Starting {
            driver: Some(driver),
            profile,
            log,
        };
        let deadline = Instant::now() + PAGE_WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = starting.exited() {
                return Err(starting.failure(&format!("chromedriver exited ({status})")));
            }
            if Instant::now() >= deadline {
                return Err(starting.failure(&format!(
                    "chromedriver did not listen on port {port} within {PAGE_WAIT:?}"
                )));
            }
            std::thread::sleep(POLL);
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1000,720", "--force-prefers-reduced-motion",
                    format!("--user-data-dir={}", starting.profile.display()),
                ],
            }),
        );
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => {
                let (driver, profile) = starting.keep();
                Ok(Browser {
                    client,
                    driver,
                    profile,
                })
            }
            Err(error) => Err(starting.failure(&format!("new session on port {port}: {error}"))),
        }
    }

    /// The page the session shows.
    pub fn page(&self) -> Page {
        Page {
            client: self.client.clone(),
        }
    }

    /// Ends the session (Chromium quits) and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Runs `scenario` in a fresh headless browser (or skips, see the module docs); on a panic it
/// saves a screenshot `<name>-failed.png` first. The browser is closed either way.
pub async fn with_browser<F, Fut>(name: &str, scenario: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use futures_util::FutureExt;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let outcome = std::panic::AssertUnwindSafe(scenario(browser.page()))
        .catch_unwind()
        .await;
    if outcome.is_err() {
        let path = browser.page().screenshot(&format!("{name}-failed")).await;
        eprintln!("screenshot of the failure: {}", path.display());
    }
    browser.close().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// A browser page and the waits the tests use.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
}

impl Page {
    /// Opens `url` and waits until the page has its first view.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("opening the page");
        self.wait_js(
            "return document.getElementById('status').textContent === 'connected' \
             && document.getElementById('chat-title').textContent !== ''",
            "the page to connect and show the chat",
        )
        .await;
    }

    /// Waits for an element matching the CSS selector.
    pub async fn wait_css(&self, selector: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(PAGE_WAIT)
            .every(POLL)
            .for_element(Locator::Css(selector))
            .await
        {
            Ok(element) => element,
            Err(error) => {
                self.screenshot("failed-wait").await;
                panic!("no `{selector}` in the page within {PAGE_WAIT:?}: {error}")
            }
        }
    }

    /// Waits until the script (a function body returning a truthy value) is true in the page.
    pub async fn wait_js(&self, script: &str, what: &str) -> Value {
        let deadline = Instant::now() + PAGE_WAIT;
        loop {
            let value = self
                .client
                .execute(script, vec![])
                .await
                .unwrap_or(Value::Null);
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            if Instant::now() >= deadline {
                self.screenshot("failed-wait").await;
                let text = self.messages_text().await;
                panic!("waited {PAGE_WAIT:?} for {what}; the chat shows:\n{text}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for a message from the bot whose text is exactly `text`, and returns it.
    pub async fn wait_bot_text(&self, text: &str) -> Element {
        let script = format!(
            "return [...document.querySelectorAll('#messages .msg.bot .text')]\
             .some(e => e.textContent === {})",
            json!(text)
        );
        self.wait_js(&script, &format!("a bot message {text:?}"))
            .await;
        let found = self
            .client
            .find_all(Locator::Css("#messages .msg.bot"))
            .await
            .expect("listing messages");
        for message in found.into_iter().rev() {
            if let Ok(inner) = message.find(Locator::Css(".text")).await
                && inner.text().await.ok().as_deref() == Some(text)
            {
                return message;
            }
        }
        panic!("the bot message {text:?} vanished");
    }

    /// Types `text` into the message field and presses Enter.
    pub async fn send(&self, text: &str) {
        let input = self.wait_css("#input").await;
        input.click().await.expect("focusing the message field");
        input
            .send_keys(&format!("{text}\u{E007}"))
            .await
            .expect("typing a message");
    }

    /// The text of every message shown, for failure messages.
    pub async fn messages_text(&self) -> String {
        self.client
            .execute(
                "return [...document.querySelectorAll('#messages > *')].map(e => e.innerText).join('\\n---\\n')",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Saves a screenshot as `<artifacts>/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let path = artifacts().join(format!("{name}.png"));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // After `close`, or when a test panicked before it: chromedriver ends (it was started
        // here, by its id).
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A chromedriver not yet holding a session: stopped, its profile and log removed, when dropped.
struct Starting {
    driver: Option<Child>,
    profile: PathBuf,
    log: PathBuf,
}

impl Starting {
    /// How chromedriver ended, if it has.
    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.driver.as_mut()?.try_wait().ok().flatten()
    }

    /// `what` and the last lines of chromedriver's log.
    fn failure(&self, what: &str) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        if lines.is_empty() {
            return format!("{what}; chromedriver wrote no log");
        }
        let tail = lines[lines.len().saturating_sub(12)..].join("\n    ");
        format!("{what}; chromedriver's log ends:\n    {tail}")
    }

    /// The running chromedriver and the profile, for a [`Browser`].
    fn keep(mut self) -> (Child, PathBuf) {
        let driver = self.driver.take().expect("kept once");
        (driver, std::mem::take(&mut self.profile))
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            let _ = driver.kill();
            let _ = driver.wait();
            let _ = std::fs::remove_dir_all(&self.profile);
        }
    }
}

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// An example binary running the web sandbox; killed when dropped.
pub struct WebExample {
    child: Child,
    /// The address it printed.
    pub url: String,
    /// Everything it printed up to the address.
    pub banner: Vec<String>,
}

impl WebExample {
    /// Starts `program --web` in `dir` with no token and waits for the address it prints.
    pub fn start(program: &Path, dir: &Path) -> WebExample {
        let mut command = Command::new(program);
        command.arg("--web").env_remove("TELEBOT_SANDBOX");
        WebExample::spawn(command, dir)
    }

    /// Starts `program` in `dir` with `TELEBOT_SANDBOX=web` and no token, and waits for the
    /// address it prints.
    pub fn start_by_variable(program: &Path, dir: &Path) -> WebExample {
        let mut command = Command::new(program);
        command.env("TELEBOT_SANDBOX", "web");
        WebExample::spawn(command, dir)
    }

    fn spawn(mut command: Command, dir: &Path) -> WebExample {
        let program = PathBuf::from(command.get_program());
        let program = program.as_path();
        let mut child = command
            .current_dir(dir)
            .env_remove("TELEGRAM_BOT_TOKEN")
            .env_remove("TELEGRAM_API_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the example binary is built by cargo test");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut banner = Vec::new();
        let deadline = Instant::now() + PAGE_WAIT;
        let url = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(line) => {
                    let url = line
                        .find("http://127.0.0.1:")
                        .map(|at| line[at..].trim().to_owned());
                    banner.push(line);
                    if let Some(url) = url {
                        break url;
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!(
                        "{} printed no address within {PAGE_WAIT:?}: {banner:#?}",
                        program.display()
                    );
                }
            }
        };
        WebExample { child, url, banner }
    }
}

impl Drop for WebExample {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
