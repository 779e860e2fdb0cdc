//! The webhook inside a server of your own (PTB's customwebhookbot): one axum server serves
//! Telegram's webhook beside a health route and a route that posts an update of the bot's own
//! into its update queue.
//!
//! ```sh
//! export TELEGRAM_BOT_TOKEN=123456:ABC…                       # from @BotFather
//! export TELEBOT_WEBHOOK_LISTEN=0.0.0.0:8080                  # where this server listens
//! export TELEBOT_WEBHOOK_URL=https://bot.example.com/telegram # the public URL in front of it
//! export TELEBOT_WEBHOOK_SECRET=<A-Za-z0-9_- of your choice>  # optional: made up if unset
//! export ADMIN_CHAT_ID=<your chat id>                         # where payloads are reported
//! cargo run --example custom_webhook --features axum
//! ```
//!
//! * `POST /telegram` (the path of `TELEBOT_WEBHOOK_URL`): Telegram's updates, checked and
//!   handled as by telebot's own webhook server (403 without the secret).
//! * `GET /healthcheck`: says the bot runs.
//! * `GET or POST /submitpayload?user_id=<id>&payload=<text>`: queues a `webhook_payload`
//!   update; its handler keeps the user's payloads in their `user_data` and reports them all
//!   to the admin chat.
//! * `/start` in Telegram explains the two routes.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::process::ExitCode;
use telebot::api::Message;
use telebot::format::{escape_html, mention_html};
use telebot::handlers::{CommandHandler, TypeHandler};
use telebot::updates::webhook::{WebhookConfig, WebhookRoute};
use telebot::{Application, Bot, CallbackContext, HandlerResult, ParseMode, UpdateKind};

/// The kind of the updates `/submitpayload` queues.
const PAYLOAD_KIND: &str = "webhook_payload";

/// What the bot needs besides the webhook: the public address for `/start`'s help and the
/// admin chat.
#[derive(Clone)]
struct Site {
    base_url: String,
    admin_chat: i64,
}

/// The payloads a user has submitted, in their `user_data`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payloads(Vec<String>);

async fn start(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    let site = ctx.state::<Site>().ok_or("the site is set up")?;
    let text = format!(
        "To check that the bot runs, open {0}/healthcheck.\n\nTo post an update of your own, \
         open {0}/submitpayload?user_id={1}&payload=<anything>.",
        site.base_url, msg.chat.id
    );
    bot.send_message(msg.chat.id, text).await?;
    Ok(())
}

/// Handles a queued payload: stores it with the user's others and reports them all.
async fn payload(bot: Bot, ctx: CallbackContext) -> HandlerResult {
    let site = ctx.state::<Site>().ok_or("the site is set up")?;
    let app = ctx.application();
    let Some(UpdateKind::Unknown(custom)) = ctx.update().map(|u| &u.kind) else {
        return Ok(());
    };
    let user_id = custom.payload["user_id"]
        .as_i64()
        .ok_or("a payload names its user")?;
    let text = custom.payload["payload"].as_str().unwrap_or_default();
    let all = app
        .with_user_data(user_id, |payloads: &mut Payloads| {
            payloads.0.push(text.to_string());
            payloads.0.clone()
        })
        .await?;
    let member = bot.get_chat_member(user_id, user_id).await?;
    let user = member.user().ok_or("the member has a user")?;
    let listed: Vec<String> = all
        .iter()
        .map(|p| format!("• <code>{}</code>", escape_html(p)))
        .collect();
    bot.send_message(
        site.admin_chat,
        format!(
            "{} sent a new payload. All of theirs so far:\n\n{}",
            mention_html(user.id, &user.first_name),
            listed.join("\n")
        ),
    )
    .parse_mode(ParseMode::Html)
    .await?;
    Ok(())
}

async fn healthcheck() -> &'static str {
    "The bot is running.\n"
}

#[derive(Deserialize)]
struct Submission {
    user_id: Option<String>,
    payload: Option<String>,
}

async fn submit(
    State(app): State<Application>,
    Query(submission): Query<Submission>,
) -> (StatusCode, &'static str) {
    let (Some(user_id), Some(payload)) = (submission.user_id, submission.payload) else {
        return (
            StatusCode::BAD_REQUEST,
            "Give both user_id and payload as query parameters.\n",
        );
    };
    let Ok(user_id) = user_id.parse::<i64>() else {
        return (StatusCode::BAD_REQUEST, "user_id must be a number.\n");
    };
    let queued = app
        .update_queue()
        .send_custom(
            PAYLOAD_KIND,
            json!({"user_id": user_id, "payload": payload}),
        )
        .await;
    match queued {
        Ok(()) => (StatusCode::OK, "Thanks! The payload is on its way.\n"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "The bot is stopping.\n"),
    }
}

/// The settings this example needs beyond telebot's own, or what is missing.
fn site(webhook: &WebhookConfig) -> Result<Site, String> {
    let url = webhook
        .webhook_url
        .clone()
        .ok_or("set TELEBOT_WEBHOOK_URL to the public URL Telegram should call")?;
    let base_url = url
        .strip_suffix(&webhook.path)
        .unwrap_or(&url)
        .trim_end_matches('/')
        .to_string();
    let admin_chat = std::env::var("ADMIN_CHAT_ID")
        .map_err(|_| "set ADMIN_CHAT_ID to the chat that gets the payloads".to_string())?;
    let admin_chat = admin_chat
        .trim()
        .parse()
        .map_err(|_| format!("ADMIN_CHAT_ID={admin_chat:?} is not a chat id"))?;
    Ok(Site {
        base_url,
        admin_chat,
    })
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let webhook = WebhookConfig::from_env()?
        .ok_or("set TELEBOT_WEBHOOK_LISTEN to the address this server listens on")?;
    let site = site(&webhook)?;
    let app = Application::builder().from_env()?.state(site).build()?;
    app.add_handler(CommandHandler::new("start", start), 0);
    app.add_handler(TypeHandler::custom(PAYLOAD_KIND, payload), 0);
    let listener = tokio::net::TcpListener::bind(webhook.listen).await?;
    let route = WebhookRoute::start(&app, webhook).await?;
    let router = route
        .router()
        .route("/healthcheck", get(healthcheck))
        .route("/submitpayload", get(submit).post(submit))
        .with_state(app.clone());
    axum::serve(listener, router)
        .with_graceful_shutdown(telebot::updates::shutdown_signal())
        .await?;
    route.stop().await;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    if let Err(e) = telebot::logging::init_from_env("info") {
        eprintln!("custom_webhook: {e}");
        return ExitCode::FAILURE;
    }
    if std::env::var_os("TELEGRAM_BOT_TOKEN").is_none() {
        eprintln!(
            "custom_webhook: set TELEGRAM_BOT_TOKEN to a bot token (talk to @BotFather on \
             Telegram, /newbot); see the top of examples/custom_webhook.rs for the other \
             variables. Without a token, try `cargo run --example echo`: it runs in a local \
             sandbox."
        );
        return ExitCode::FAILURE;
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("custom_webhook: {e}");
            ExitCode::FAILURE
        }
    }
}
