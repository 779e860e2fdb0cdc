//! The web sandbox (issue #21) in a real headless Chromium, driven over WebDriver: the echo and
//! inline-keyboard examples started with `--web` as a user starts them, and an in-process bot
//! for photos, formatting and text that looks like markup. Screenshots go to
//! `<target>/test-artifacts/webchat/`; with `TELEBOT_UPDATE_SCREENSHOT=1` the showcase one is
//! also written to `docs/webchat.png` (the README's picture).
//!
//! Without /usr/bin/chromedriver these tests are skipped with a message, unless
//! `TELEBOT_REQUIRE_BROWSER` is set (as in CI).

#[path = "support/app.rs"]
mod app;
#[path = "support/browser.rs"]
mod browser;
#[path = "support/store.rs"]
mod store;

use std::path::Path;

use browser::{Page, WebExample, with_browser};
use fantoccini::Locator;
use serde_json::json;
use telebot::testing::{FakeTelegram, WebChat};

const PHOTO: &[u8] = include_bytes!("assets/sunset.png");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_echo_example_answers_start_typed_in_the_page() {
    let dir = store::TempDir::new("webchat-echo");
    let echo = WebExample::start(Path::new(env!("CARGO_BIN_EXE_echo_example")), dir.path());
    assert!(
        echo.banner[0].starts_with("telebot web sandbox: --web was given"),
        "the first line says what runs: {:#?}",
        echo.banner
    );
    assert!(
        echo.url.starts_with("http://127.0.0.1:") && echo.url.contains("/?t="),
        "the address is on loopback and holds the token: {}",
        echo.url
    );
    with_browser("echo", |page| async move {
        page.open(&echo.url).await;
        page.send("/start").await;
        page.wait_bot_text("Hi!").await;
        page.send("hello there").await;
        page.wait_bot_text("Hello, there").await;
        // The user's own messages are on the page too, on their side.
        let mine = page
            .client
            .find_all(Locator::Css("#messages .msg.mine .text"))
            .await
            .expect("listing the user's messages");
        assert_eq!(mine.len(), 2, "{}", page.messages_text().await);
        page.screenshot("echo").await;
    })
    .await;
}

#[tokio::test]
async fn telebot_sandbox_web_starts_the_page_too_and_the_terminal_sandbox_says_so() {
    let dir = store::TempDir::new("webchat-variable");
    let echo =
        WebExample::start_by_variable(Path::new(env!("CARGO_BIN_EXE_echo_example")), dir.path());
    assert!(
        echo.banner[0].starts_with("telebot web sandbox: TELEBOT_SANDBOX=web is set"),
        "{:#?}",
        echo.banner
    );
    let page = reqwest::get(&echo.url).await.expect("the page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("the page's text");
    assert!(
        html.contains("<script type=\"module\" src=\"/assets/app.js\">"),
        "{html}"
    );
    let script = reqwest::get(echo.url.replace("/?t=", "/assets/app.js?t="))
        .await
        .expect("the script");
    assert_eq!(
        script.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    // The terminal sandbox names the flag in its first lines.
    let mut terminal = std::process::Command::new(env!("CARGO_BIN_EXE_echo_example"))
        .current_dir(dir.path())
        .env_remove("TELEGRAM_BOT_TOKEN")
        .env_remove("TELEBOT_SANDBOX")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the echo example");
    let mut out = String::new();
    std::io::Read::read_to_string(terminal.stdout.as_mut().expect("piped stdout"), &mut out)
        .expect("reading its output");
    let _ = terminal.wait();
    let intro: Vec<&str> = out.lines().take(4).collect();
    assert!(
        intro
            .iter()
            .any(|l| l.ends_with("in a browser instead (formatting, buttons, photos): cargo run --bin echo_example -- --web")),
        "{intro:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_refuses_requests_without_the_token() {
    let tg = FakeTelegram::start().await;
    tg.user("alice");
    let web = WebChat::start(&tg).await.expect("serving the page");
    let root = web
        .url()
        .split("/?t=")
        .next()
        .expect("an address")
        .to_owned();
    let client = reqwest::Client::new();
    for path in ["/", "/api/events", "/api/file/x", "/?t=wrong"] {
        let status = client
            .get(format!("{root}{path}"))
            .send()
            .await
            .expect("the server answers")
            .status();
        assert_eq!(status, 403, "{path} needs the token");
    }
    let forged = client
        .post(format!("{root}/api/action?t=not-the-token"))
        .body(r#"{"type":"send","user":"alice","chat":1,"text":"hi"}"#)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(forged.status(), 403);
    assert!(
        tg.messages_in(tg.user("alice")).is_empty(),
        "nothing was sent"
    );
    // With the token, but from another site's page: refused as well.
    let token = web.url().split("/?t=").nth(1).expect("a token");
    let cross_site = client
        .post(format!("{root}/api/action?t={token}"))
        .header("origin", "http://evil.example")
        .body(r#"{"type":"send","user":"alice","chat":1,"text":"hi"}"#)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(cross_site.status(), 403);
    let page = client.get(web.url()).send().await.expect("the page");
    assert_eq!(page.status(), 200);
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .expect("a header")
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_slash_shows_the_command_menu_the_bot_set() {
    let (tg, web, running) = showcase().await;
    assert!(
        !tg.calls_to("setMyCommands").is_empty(),
        "the showcase bot set its menu"
    );
    let url = web.url().to_owned();
    with_browser("command-menu", |page: Page| async move {
        page.open(&url).await;
        let input = page.wait_css("#input").await;
        input.click().await.expect("focusing the message field");
        input.send_keys("/").await.expect("typing a slash");
        page.wait_css("#command-menu:not([hidden]) .command-item")
            .await;
        let items = page
            .wait_js(
                "return [...document.querySelectorAll('#command-menu .command-item')]\
                 .map(e => e.querySelector('.command-name').textContent + ' ' + e.querySelector('.command-description').textContent)",
                "the menu's items",
            )
            .await;
        assert_eq!(
            items,
            json!([
                "/format Every entity kind, in HTML.",
                "/script Text that would run if a page put it in as HTML."
            ]),
            "the menu lists setMyCommands' commands with their descriptions"
        );
        // Narrowing by prefix, then choosing with the keyboard.
        input.send_keys("f").await.expect("typing");
        page.wait_js(
            "const items = document.querySelectorAll('#command-menu .command-item');\
             return items.length === 1 && items[0].dataset.command === '/format'",
            "the menu to narrow to /format",
        )
        .await;
        page.screenshot("command-menu").await;
        input.send_keys("\u{E007}").await.expect("pressing Enter");
        page.wait_bot_text("Markdown too 😀 hidden").await;
        page.wait_js(
            "return document.getElementById('command-menu').hidden",
            "the menu to close",
        )
        .await;
    })
    .await;
    running.stop().await.expect("the bot stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_press_edits_the_message_and_shows_the_answer_as_a_toast() {
    let dir = store::TempDir::new("webchat-inline-keyboard");
    let example = WebExample::start(
        Path::new(env!("CARGO_BIN_EXE_inline_keyboard_example")),
        dir.path(),
    );
    with_browser("inline-keyboard", |page| async move {
        page.open(&example.url).await;
        page.send("/poll").await;
        let poll = page.wait_bot_text("Pizza tonight?").await;
        let rows = page
            .wait_js(
                "return [...document.querySelectorAll('#messages .msg.bot .inline-keyboard .kb-row')]\
                 .map(r => [...r.children].map(b => b.textContent))",
                "the keyboard",
            )
            .await;
        assert_eq!(
            rows,
            json!([["Yes", "No"], ["Why?"]]),
            "the rows are laid out as sent"
        );
        let yes = poll
            .find(Locator::XPath(".//button[text()='Yes']"))
            .await
            .expect("the Yes button");
        yes.click().await.expect("pressing Yes");
        page.wait_js(
            "const t = document.getElementById('toast');\
             return !t.hidden && t.textContent === 'You voted yes in poll 1'",
            "the answer's toast",
        )
        .await;
        let edited = page.wait_bot_text("Pizza tonight?\nYes: 1  No: 0").await;
        let marks = edited
            .find(Locator::Css(".meta .edited"))
            .await
            .expect("the edited mark");
        assert_eq!(marks.text().await.expect("text"), "edited");
        let messages = page
            .client
            .find_all(Locator::Css("#messages .msg.bot"))
            .await
            .expect("messages");
        assert_eq!(
            messages.len(),
            1,
            "the message is edited in place, not sent again"
        );
        page.screenshot("inline-keyboard").await;
    })
    .await;
}

/// A bot for what the examples do not send: formatting of every kind, text that looks like
/// markup, photos, a typing action.
#[telebot::bot]
mod showcase {
    use telebot::api::Message;
    use telebot::model::{ChatAction, InputFile, ParseMode};
    use telebot::{Bot, HandlerResult, filters};

    /// Every entity kind, in HTML.
    #[command("format")]
    async fn format(bot: Bot, msg: Message) -> HandlerResult {
        let html = "<b>bold</b> <i>italic</i> <u>underline</u> <s>struck</s> \
                    <tg-spoiler>secret</tg-spoiler> <code>x = 1</code> \
                    <a href=\"https://example.org/\">a link</a> \
                    <a href=\"tg://user?id=42\">Ann</a> <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>\n\
                    <pre><code class=\"language-rust\">fn main() {}</code></pre>\
                    <blockquote>a quote with <b>bold</b></blockquote>\
                    &lt;script&gt;alert(1)&lt;/script&gt; stays text";
        bot.send_message(msg.chat.id, html)
            .parse_mode(ParseMode::Html)
            .await?;
        bot.send_message(msg.chat.id, "*Markdown* _too_ 😀 ||hidden||")
            .parse_mode(ParseMode::MarkdownV2)
            .await?;
        Ok(())
    }

    /// Text that would run if a page put it in as HTML.
    #[command("script")]
    async fn script(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">",
        )
        .await?;
        Ok(())
    }

    #[message(filter = filters::media::photo())]
    async fn photo(bot: Bot, msg: Message) -> HandlerResult {
        let Some(largest) = msg.photo.as_ref().and_then(|sizes| sizes.last()) else {
            return Ok(());
        };
        bot.send_chat_action(msg.chat.id, ChatAction::UploadPhoto)
            .await?;
        bot.send_photo(msg.chat.id, InputFile::file_id(largest.file_id.clone()))
            .caption(format!(
                "Got your photo, {}×{}",
                largest.width, largest.height
            ))
            .await?;
        Ok(())
    }
}

/// The showcase bot running against a fake Telegram with its web page.
async fn showcase() -> (FakeTelegram, WebChat, app::Running) {
    let tg = FakeTelegram::builder()
        .username("showcase_bot")
        .first_name("Showcase")
        .start()
        .await;
    tg.user("alice");
    let web = WebChat::start(&tg).await.expect("serving the page");
    let app = app::builder(&tg)
        .handlers(showcase::handlers())
        .build()
        .expect("the showcase bot builds");
    // What `CommandOptions::sync_menu` does at start: the menu the page offers after `/`.
    app.sync_commands().await.expect("setting the command menu");
    let running = app::run(&tg, &app).await;
    (tg, web, running)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_sent_from_the_page_reaches_the_bot_and_its_answer_shows() {
    let (tg, web, running) = showcase().await;
    let dir = store::TempDir::new("webchat-photo");
    let file = dir.path().join("sunset.png");
    std::fs::write(&file, PHOTO).expect("writing the photo");
    let url = web.url().to_owned();
    with_browser("photo", |page: Page| async move {
        page.open(&url).await;
        let input = page.wait_css("#file").await;
        input
            .send_keys(&file.display().to_string())
            .await
            .expect("choosing the file");
        // The user's photo, then the bot's answer with its caption, both shown as images
        // the browser decoded from the fake Telegram's file store.
        page.wait_bot_text("Got your photo, 240×150").await;
        page.wait_js(
            "const imgs = [...document.querySelectorAll('#messages .media img')];\
             return imgs.length === 2 && imgs.every(i => i.complete && i.naturalWidth === 240)",
            "both photos to load",
        )
        .await;
        page.screenshot("photo").await;
    })
    .await;
    let calls = tg.calls_to("sendChatAction");
    assert_eq!(calls.len(), 1, "the bot said it was uploading a photo");
    running.stop().await.expect("the bot stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_is_rendered_and_bot_text_never_runs_as_markup() {
    let (_tg, web, running) = showcase().await;
    let url = web.url().to_owned();
    with_browser("formatting", |page: Page| async move {
        page.open(&url).await;
        page.send("/script").await;
        let raw = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">";
        page.wait_bot_text(raw).await;
        // The user's own message with the same text is shown as text as well.
        page.send(raw).await;
        page.wait_js(
            &format!(
                "return [...document.querySelectorAll('#messages .msg.mine .text')].some(e => e.textContent === {})",
                json!(raw)
            ),
            "the user's message",
        )
        .await;
        let injected = page
            .client
            .execute(
                "return [document.querySelectorAll('#messages script, #messages img:not(.media img)').length, \
                 window.pwned === undefined]",
                vec![],
            )
            .await
            .expect("reading the page");
        assert_eq!(
            injected,
            json!([0, true]),
            "no element was made from the text and nothing ran"
        );

        page.send("/format").await;
        page.wait_bot_text("Markdown too 😀 hidden").await;
        let first = page
            .wait_js(
                "const m = [...document.querySelectorAll('#messages .msg.bot .text')]\
                 .find(e => e.textContent.startsWith('bold'));\
                 if (!m) return null;\
                 const q = (s) => [...m.querySelectorAll(s)].map(e => e.textContent);\
                 return {\
                   bold: q(':scope > strong'), italic: q('em'), underline: q('u'), struck: q('s'),\
                   spoiler: q('.spoiler'), code: q(':scope > code'), link: [...m.querySelectorAll('a.link')].map(a => a.href + ' ' + a.textContent),\
                   mention: [...m.querySelectorAll('.mention')].map(e => e.title + ' ' + e.textContent),\
                   emoji: [...m.querySelectorAll('.custom-emoji')].map(e => e.title + ' ' + e.textContent),\
                   pre: [...m.querySelectorAll('pre')].map(e => e.dataset.language + ' ' + e.textContent),\
                   quote: [...m.querySelectorAll('blockquote')].map(e => e.innerHTML),\
                   text: m.textContent,\
                 };",
                "the formatted message",
            )
            .await;
        assert_eq!(first["bold"], json!(["bold"]));
        assert_eq!(first["italic"], json!(["italic"]));
        assert_eq!(first["underline"], json!(["underline"]));
        assert_eq!(first["struck"], json!(["struck"]));
        assert_eq!(first["spoiler"], json!(["secret"]));
        assert_eq!(first["code"], json!(["x = 1"]));
        assert_eq!(first["link"], json!(["https://example.org/ a link"]));
        assert_eq!(first["mention"], json!(["user 42 Ann"]));
        assert_eq!(first["emoji"], json!(["custom emoji 5368324170671202286 👍"]));
        assert_eq!(first["pre"], json!(["rust fn main() {}"]));
        assert_eq!(
            first["quote"],
            json!(["a quote with <strong>bold</strong>"])
        );
        assert!(
            first["text"]
                .as_str()
                .is_some_and(|t| t.ends_with("<script>alert(1)</script> stays text")),
            "{first}"
        );
        // MarkdownV2, with an emoji before the spoiler (UTF-16 offsets).
        let second = page
            .wait_js(
                "const m = [...document.querySelectorAll('#messages .msg.bot .text')]\
                 .find(e => e.textContent.startsWith('Markdown'));\
                 return m && [m.querySelector('strong').textContent, m.querySelector('em').textContent, m.querySelector('.spoiler').textContent]",
                "the MarkdownV2 message",
            )
            .await;
        assert_eq!(second, json!(["Markdown", "too", "hidden"]));
        // A spoiler is revealed by pressing it.
        let spoiler = page.wait_css("#messages .spoiler").await;
        spoiler.click().await.expect("pressing the spoiler");
        page.wait_css("#messages .spoiler.revealed").await;
        page.screenshot("formatting").await;
    })
    .await;
    running.stop().await.expect("the bot stops");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_screenshot_shows_formatting_a_photo_and_a_keyboard() {
    let (tg, web, running) = showcase().await;
    let url = web.url().to_owned();
    let alice = tg.user("alice");
    with_browser("showcase", |page: Page| async move {
        page.open(&url).await;
        page.send("/format").await;
        page.wait_bot_text("Markdown too 😀 hidden").await;
        alice.send_photo(&alice, PHOTO, Some("Sunset")).await;
        page.wait_bot_text("Got your photo, 240×150").await;
        // The test as the bot: a keyboard in rows, a callback button beside a URL button.
        let keyboard = json!({
            "chat_id": alice.id(),
            "text": "Keep it?",
            "reply_markup": { "inline_keyboard": [
                [{ "text": "👍 Keep", "callback_data": "keep" }, { "text": "🗑 Drop", "callback_data": "drop" }],
                [{ "text": "Open the docs", "url": "https://docs.rs/" }],
            ]},
        });
        let sent = reqwest::Client::new()
            .post(tg.method_url("sendMessage"))
            .header("content-type", "application/json")
            .body(keyboard.to_string())
            .send()
            .await
            .expect("the fake Telegram answers");
        assert!(sent.status().is_success());
        page.wait_css("#messages a.kb-btn[href='https://docs.rs/']").await;
        page.wait_js(
            "return [...document.querySelectorAll('#messages .media img')].every(i => i.complete && i.naturalWidth > 0)",
            "the photos to load",
        )
        .await;
        // Tall enough for the whole conversation.
        page.client
            .set_window_size(1000, 1180)
            .await
            .expect("resizing the window");
        page.wait_js(
            "const m = document.getElementById('messages'); m.scrollTop = m.scrollHeight; \
             return m.scrollHeight <= m.clientHeight + m.scrollTop + 1",
            "scrolling to the end",
        )
        .await;
        let shot = page.screenshot("showcase").await;
        if std::env::var_os("TELEBOT_UPDATE_SCREENSHOT").is_some() {
            let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/webchat.png");
            std::fs::copy(&shot, &docs).expect("updating docs/webchat.png");
        }
        // On a phone-sized window, in the other theme: the chat fills the screen.
        page.client
            .set_window_size(390, 800)
            .await
            .expect("resizing the window");
        let dark_before = page
            .client
            .execute("return document.documentElement.dataset.theme || 'system'", vec![])
            .await
            .expect("reading the theme");
        page.wait_css("#theme").await;
        page.client
            .execute("document.getElementById('side-toggle').click()", vec![])
            .await
            .expect("opening the side panel");
        page.wait_css("#side.open").await.click().await.ok();
        page.wait_css("#theme").await.click().await.expect("switching the theme");
        page.wait_js(
            "return document.documentElement.dataset.theme === 'dark' || document.documentElement.dataset.theme === 'light'",
            "the theme to switch",
        )
        .await;
        assert_eq!(dark_before, json!("system"), "the page starts with the system's theme");
        page.client
            .execute("document.getElementById('side').classList.remove('open')", vec![])
            .await
            .expect("closing the side panel");
        page.wait_js(
            "return document.getElementById('side').getBoundingClientRect().right <= 0",
            "the side panel to slide away",
        )
        .await;
        let width = page
            .wait_js(
                "const r = document.getElementById('chat').getBoundingClientRect(); return r.width > 0 && r.width",
                "the chat's width",
            )
            .await;
        assert!(
            width.as_f64().is_some_and(|w| w >= 380.0),
            "the chat takes the phone's width: {width}"
        );
        page.screenshot("showcase-phone-other-theme").await;
    })
    .await;
    running.stop().await.expect("the bot stops");
}
