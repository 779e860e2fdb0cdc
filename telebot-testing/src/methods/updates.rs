//! getUpdates (long polling) and the webhook methods.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::core::Core;
use crate::error::{ApiError, ApiResult};
use crate::request::Params;
use crate::state::{State, WebhookState};
use crate::webhook;

/// The `allowed_updates` parameter, if given.
fn allowed_updates(params: &Params) -> Result<Option<Vec<String>>, ApiError> {
    let Some(list) = params.array("allowed_updates")? else {
        return Ok(None);
    };
    let kinds = list
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| ApiError::invalid("allowed_updates"))
        })
        .collect::<Result<_, _>>()?;
    Ok(Some(kinds))
}

/// Forgets confirmed updates: those below a positive `offset`, or all but the last `-offset`.
fn confirm(state: &mut State, offset: i64) {
    if offset > 0 {
        state.updates.retain(|u| u.id >= offset);
    } else if offset < 0 {
        let keep = offset.unsigned_abs() as usize;
        while state.updates.len() > keep {
            state.updates.pop_front();
        }
    }
}

/// Drops queued updates the bot did not ask for and returns up to `limit` of the others.
fn batch(state: &mut State, limit: usize) -> Vec<Value> {
    let unwanted: Vec<i64> = state
        .updates
        .iter()
        .filter(|u| !state.allowed(&u.kind))
        .map(|u| u.id)
        .collect();
    if !unwanted.is_empty() {
        state.updates.retain(|u| !unwanted.contains(&u.id));
    }
    state
        .updates
        .iter()
        .take(limit)
        .map(|u| u.json.clone())
        .collect()
}

/// Counts a getUpdates call as waiting for as long as it lives.
struct Waiting<'a>(&'a Core);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        {
            let mut state = self.0.lock();
            state.polls_waiting = state.polls_waiting.saturating_sub(1);
        }
        self.0.notify();
    }
}

/// getUpdates: confirms by `offset`, then answers at once when updates are queued, or waits
/// up to `timeout` seconds for one. A newer getUpdates ends this one with 409.
pub(super) async fn get_updates(core: &Arc<Core>, params: &Params) -> ApiResult {
    let offset = params.i64("offset")?.unwrap_or(0);
    let limit = match params.i64("limit")?.unwrap_or(100) {
        l @ 1..=100 => l as usize,
        _ => 100,
    };
    let timeout = params.i64("timeout")?.unwrap_or(0).max(0) as u64;
    let wait = Duration::from_secs(timeout).min(core.max_long_poll);
    let allowed = allowed_updates(params)?;
    let generation = {
        let mut state = core.lock();
        if state.webhook.is_some() {
            return Err(ApiError::webhook_active());
        }
        if let Some(kinds) = allowed {
            state.allowed_updates = Some(kinds);
        }
        confirm(&mut state, offset);
        state.poll_generation += 1;
        if state.polls_waiting > 0 {
            state.polls_overlapped += 1;
        }
        state.polls_waiting += 1;
        state.poll_generation
    };
    let waiting = Waiting(core);
    core.notify();
    let outcome = core
        .wait_for(wait, |state| {
            if state.poll_generation != generation {
                return Some(Err(ApiError::terminated_by_other_poll()));
            }
            if state.webhook.is_some() {
                return Some(Err(ApiError::webhook_active()));
            }
            let updates = batch(state, limit);
            (!updates.is_empty()).then_some(Ok(updates))
        })
        .await;
    drop(waiting);
    match outcome {
        Some(result) => result.map(Value::Array),
        None => Ok(json!([])),
    }
}

/// setWebhook: starts delivering updates to the URL. Plain `http://` URLs are accepted
/// (Telegram needs HTTPS) so tests can run a local endpoint.
pub(super) fn set_webhook(core: &Arc<Core>, params: &Params) -> ApiResult {
    let url = params.str("url").unwrap_or_default();
    if url.is_empty() {
        let result = delete_webhook(&mut core.lock(), params);
        core.notify();
        return result;
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(ApiError::bad_request(
            "bad webhook: An HTTPS URL must be provided for webhook",
        ));
    }
    let max_connections = params.i64("max_connections")?.unwrap_or(40);
    if !(1..=100).contains(&max_connections) {
        return Err(ApiError::bad_request(
            "bad webhook: max_connections must be between 1 and 100",
        ));
    }
    let secret = params.str("secret_token").filter(|s| !s.is_empty());
    if let Some(secret) = &secret {
        let allowed = secret.len() <= 256
            && secret
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !allowed {
            return Err(ApiError::bad_request(
                "secret token contains unallowed characters",
            ));
        }
    }
    let allowed = allowed_updates(params)?;
    let client = match params.file("certificate") {
        Some(certificate) => Some(trusting(&certificate.bytes)?),
        None => None,
    };
    let generation = {
        let mut state = core.lock();
        if let Some(kinds) = allowed {
            state.allowed_updates = Some(kinds);
        }
        if params.bool("drop_pending_updates") {
            state.updates.clear();
        }
        state.webhook_generation += 1;
        let generation = state.webhook_generation;
        state.webhook = Some(WebhookState {
            url,
            secret,
            max_connections,
            ip_address: params.str("ip_address"),
            has_custom_certificate: client.is_some(),
            client,
            generation,
        });
        state.webhook_last_error = None;
        generation
    };
    core.notify();
    tokio::spawn(webhook::deliver(core.clone(), generation));
    Ok(Value::Bool(true))
}

/// A client that trusts the uploaded certificate (PEM) and nothing else, as Telegram trusts
/// a webhook's self-signed certificate.
fn trusting(pem: &[u8]) -> Result<reqwest::Client, ApiError> {
    let refused = || ApiError::bad_request("bad webhook: Failed to set custom certificate file");
    let certificate = reqwest::Certificate::from_pem(pem).map_err(|_| refused())?;
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .tls_built_in_root_certs(false)
        .add_root_certificate(certificate)
        .build()
        .map_err(|_| refused())
}

/// deleteWebhook.
pub(super) fn delete_webhook(state: &mut State, params: &Params) -> ApiResult {
    state.webhook = None;
    state.webhook_generation += 1;
    if params.bool("drop_pending_updates") {
        state.updates.clear();
    }
    Ok(Value::Bool(true))
}

/// getWebhookInfo.
pub(super) fn webhook_info(state: &State) -> Value {
    let mut info = json!({
        "url": state.webhook.as_ref().map_or("", |w| w.url.as_str()),
        "has_custom_certificate": state.webhook.as_ref().is_some_and(|w| w.has_custom_certificate),
        "pending_update_count": state.updates.len(),
    });
    if let Some(hook) = &state.webhook {
        info["max_connections"] = json!(hook.max_connections);
        if let Some(ip) = &hook.ip_address {
            info["ip_address"] = json!(ip);
        }
        if let Some((date, message)) = &state.webhook_last_error {
            info["last_error_date"] = json!(date);
            info["last_error_message"] = json!(message);
        }
    }
    if let Some(kinds) = &state.allowed_updates {
        info["allowed_updates"] = json!(kinds);
    }
    info
}
