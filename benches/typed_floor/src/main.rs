//! The bare loop of the benchmark with typed decoding: each update decoded into telebot-api's
//! `Update` (as telebot's intake does: the envelope into raw values, then each update), each
//! reply's body read and decoded into `Message`. `MODE=read` reads the reply body and checks
//! `ok` without typed decoding. No order is kept, as in the bare loop.
use serde::Deserialize;
use serde_json::json;
use serde_json::value::RawValue;
use std::sync::Arc;
use telebot_api::api::Message;
use telebot_api::{UpdateKind, decode_json, decode_update};
use tokio::sync::Semaphore;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    result: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Answer<'a> {
    ok: bool,
    #[serde(borrow)]
    result: Option<&'a RawValue>,
}

fn reply(text: &str) -> String {
    if text == "/start" || text.starts_with("/start ") || text.starts_with("/start@") {
        return "Hi!".into();
    }
    if let Some(rest) = text.strip_prefix("/add") {
        let n: Vec<i64> = rest.split_whitespace().filter_map(|s| s.parse().ok()).collect();
        if n.len() == 2 {
            return (n[0] + n[1]).to_string();
        }
    }
    if let Some(rest) = text.strip_prefix("hello ") {
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            return format!("Hello, {name}");
        }
    }
    text.to_string()
}

#[tokio::main]
async fn main() {
    let token = std::env::var("BOT_TOKEN").expect("BOT_TOKEN");
    let api = std::env::var("BOT_API_URL").expect("BOT_API_URL");
    let typed = std::env::var("MODE").as_deref() != Ok("read");
    let base = format!("{api}/bot{token}");
    let client = reqwest::Client::new();
    let permits = Arc::new(Semaphore::new(256));
    let mut offset: i64 = 0;
    loop {
        let Ok(resp) = client
            .post(format!("{base}/getUpdates"))
            .json(&json!({"offset": offset, "limit": 100, "timeout": 10}))
            .send()
            .await
        else {
            continue;
        };
        let Ok(body) = resp.bytes().await else { continue };
        let Ok(envelope) = decode_json::<Envelope>(&body) else { continue };
        for raw in envelope.result.unwrap_or_default() {
            let Ok(update) = decode_update(raw.get().as_bytes()) else { continue };
            offset = offset.max(update.update_id + 1);
            let UpdateKind::Message(message) = update.kind else { continue };
            let Some(text) = message.text.as_deref() else { continue };
            let body = json!({"chat_id": message.chat.id, "text": reply(text)});
            let (client, url) = (client.clone(), format!("{base}/sendMessage"));
            let permit = permits.clone().acquire_owned().await.unwrap();
            tokio::spawn(async move {
                if let Ok(response) = client.post(url).json(&body).send().await
                    && let Ok(bytes) = response.bytes().await
                    && let Ok(answer) = decode_json::<Answer>(&bytes)
                {
                    if typed {
                        if let Some(result) = answer.result {
                            let sent: Result<Message, _> = decode_json(result.get().as_bytes());
                            std::hint::black_box(sent.ok());
                        }
                    } else {
                        std::hint::black_box(answer.ok);
                    }
                }
                drop(permit);
            });
        }
    }
}
