//! Webhook delivery: while a webhook is set, queued updates are POSTed to it one by one,
//! in order, each retried with a short backoff until the endpoint answers 2xx.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::core::Core;
use super::objects::now;
use super::server;
use super::state::WebhookState;

/// The wait before the first retry; doubled on each failure up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// What the delivery loop should do next.
enum Next {
    /// The webhook was removed or replaced.
    Stop,
    /// Deliver this update.
    Deliver(WebhookState, i64, Value),
}

/// Delivers updates for the webhook of the given generation until it is removed or replaced.
pub(crate) async fn deliver(core: Arc<Core>, generation: u64) {
    let mut backoff = FIRST_BACKOFF;
    loop {
        let next = core
            .wait_for(Duration::from_secs(3600), |state| {
                let hook = match &state.webhook {
                    Some(hook) if hook.generation == generation => hook.clone(),
                    _ => return Some(Next::Stop),
                };
                while let Some(front) = state.updates.front() {
                    if state.allowed(&front.kind) {
                        return Some(Next::Deliver(hook, front.id, front.json.clone()));
                    }
                    state.updates.pop_front();
                }
                None
            })
            .await;
        let (hook, id, update) = match next {
            None => continue,
            Some(Next::Stop) => return,
            Some(Next::Deliver(hook, id, update)) => (hook, id, update),
        };
        let client = hook.client.as_ref().unwrap_or(&core.http);
        let mut request = client
            .post(&hook.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(update.to_string());
        if let Some(secret) = &hook.secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        let error = match request.send().await {
            Ok(response) if response.status().is_success() => {
                let answer = response.bytes().await.ok();
                {
                    let mut state = core.lock();
                    if state.updates.front().is_some_and(|u| u.id == id) {
                        state.updates.pop_front();
                    }
                }
                core.notify();
                backoff = FIRST_BACKOFF;
                if let Some(Ok(Value::Object(answer))) =
                    answer.map(|b| serde_json::from_slice::<Value>(b.as_ref()))
                {
                    server::call_from_webhook_answer(&core, answer).await;
                }
                continue;
            }
            Ok(response) => {
                let status = response.status();
                format!(
                    "Wrong response from the webhook: {} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                )
            }
            Err(error) if error.is_connect() => "Connection refused".to_owned(),
            Err(error) if error.is_timeout() => "Read timeout expired".to_owned(),
            Err(error) => error.to_string(),
        };
        core.lock().webhook_last_error = Some((now(), error));
        core.notify();
        let replaced = core
            .wait_for(backoff, |state| {
                (state.webhook.as_ref().map(|h| h.generation) != Some(generation)).then_some(())
            })
            .await;
        if replaced.is_some() {
            return;
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}
