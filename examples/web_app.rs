//! Web App bot (PTB's webappbot): a keyboard button opens a page of the bot's own (served by
//! this program) where the user picks a colour; the page sends it back to the bot, and checks
//! on the server who the user is (feature `web-app`, `axum` for the page's server).
//!
//! ```sh
//! cargo run --example web_app --features web-app,axum    # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… TELEBOT_WEBAPP_URL=https://your.host/ \
//!     cargo run --example web_app --features web-app,axum
//! ```
//!
//! Telegram opens Web Apps over HTTPS only: serve the page (on `TELEBOT_WEBAPP_LISTEN`, by
//! default `127.0.0.1:8088`) behind a TLS proxy or a tunnel, and give its public address as
//! `TELEBOT_WEBAPP_URL`. The page sends the colour with `Telegram.WebApp.sendData`, which
//! reaches the bot as a `web_app_data` message. It also posts `Telegram.WebApp.initData` to the
//! page's server (`/check`), which believes who the user is only after
//! [`validate_init_data`](telebot::web_app::validate_init_data) checked it with the bot's token.

use std::net::SocketAddr;
use telebot::application::ApplicationBuilder;

/// The page: a colour picker that sends its choice to the bot and greets the user by the name
/// the server checked. It loads Telegram's Web App script, as every Web App does.
pub const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pick a colour</title>
<script src="https://telegram.org/js/telegram-web-app.js"></script>
</head>
<body>
<p id="hello">Checking who you are…</p>
<input type="color" id="colour" value="#3390ec">
<button id="send">Send it to the bot</button>
<script>
const app = window.Telegram.WebApp;
fetch("check", {method: "POST", body: app.initData})
  .then(r => r.text())
  .then(text => { document.getElementById("hello").textContent = text; });
document.getElementById("send").addEventListener("click", () => {
  const hex = document.getElementById("colour").value;
  const rgb = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
  app.sendData(JSON.stringify({hex, rgb}));
});
</script>
</body>
</html>
"##;

/// The bot's side: the button that opens the page, and the colour the page sends back.
#[telebot::bot]
pub mod colours {
    use serde::Deserialize;
    use telebot::api::{
        KeyboardButton, Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, WebAppInfo,
    };
    use telebot::extract::State;
    use telebot::{Bot, HandlerResult, filters};

    /// The page's public address (`TELEBOT_WEBAPP_URL`).
    #[derive(Clone, Debug)]
    pub struct PageUrl(pub String);

    /// What the page sends.
    #[derive(Debug, Deserialize)]
    struct Picked {
        hex: String,
        rgb: [u8; 3],
    }

    /// Shows the button that opens the page.
    #[command("start")]
    async fn start(bot: Bot, msg: Message, State(url): State<PageUrl>) -> HandlerResult {
        let mut button = KeyboardButton::new("Pick a colour");
        button.web_app = Some(WebAppInfo::new(url.0));
        bot.send_message(
            msg.chat.id,
            "Press the button to pick a colour in the Web App.",
        )
        .reply_markup(ReplyKeyboardMarkup {
            resize_keyboard: Some(true),
            ..ReplyKeyboardMarkup::new(vec![vec![button]])
        })
        .await?;
        Ok(())
    }

    #[message(filter = filters::status_update::web_app_data())]
    async fn picked(bot: Bot, msg: Message) -> HandlerResult {
        let Some(sent) = &msg.web_app_data else {
            return Ok(());
        };
        let text = match serde_json::from_str::<Picked>(&sent.data) {
            Ok(Picked {
                hex,
                rgb: [r, g, b],
            }) => {
                format!("You picked {hex}, which is RGB ({r}, {g}, {b}).")
            }
            Err(_) => "The Web App sent something I could not read.".to_string(),
        };
        bot.send_message(msg.chat.id, text)
            .reply_markup(ReplyKeyboardRemove::remove())
            .await?;
        Ok(())
    }
}

/// The page's server: `/` is the page, `/check` answers the page's init data with the user's
/// name when it is the bot's (checked with `token`, at most a day old), else 403.
pub fn page_router(token: String) -> axum::Router {
    use axum::http::StatusCode;
    use axum::response::Html;
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route(
            "/check",
            post(move |init_data: String| async move {
                let day = std::time::Duration::from_secs(86_400);
                match telebot::web_app::validate_init_data(&init_data, &token, day) {
                    Ok(data) => {
                        let name = data
                            .user
                            .map_or_else(|| "there".to_string(), |u| u.first_name);
                        (StatusCode::OK, format!("Hello, {name}!"))
                    }
                    Err(error) => (StatusCode::FORBIDDEN, format!("Not from Telegram: {error}")),
                }
            }),
        )
}

#[telebot::main]
async fn main(app: ApplicationBuilder) -> ApplicationBuilder {
    let listen: SocketAddr = std::env::var("TELEBOT_WEBAPP_LISTEN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8088)));
    let url = std::env::var("TELEBOT_WEBAPP_URL").unwrap_or_else(|_| format!("http://{listen}/"));
    let token = std::env::var("TELEGRAM_BOT_TOKEN").unwrap_or_default();
    match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => {
            eprintln!("web_app: the page is served on http://{listen}/ (public address {url})");
            tokio::spawn(async move {
                if let Err(error) = axum::serve(listener, page_router(token)).await {
                    eprintln!("web_app: the page's server stopped: {error}");
                }
            });
        }
        Err(error) => eprintln!("web_app: cannot serve the page on {listen}: {error}"),
    }
    app.state(colours::PageUrl(url))
        .handlers(colours::handlers())
}
