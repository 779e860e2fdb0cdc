//! `conversation_timeout`: a tokio timer per key, restarted by every step; on expiry the
//! timeout handlers run on the last update and the conversation ends. A persistent
//! conversation's timer is armed again when the application restarts.

use super::handler::Shared;
use super::{ConversationScope, ConversationState};
use crate::Update;
use crate::application::Application;
use std::sync::Arc;

/// Starts (or restarts) the key's timer, when the conversation has a timeout.
pub(super) fn schedule<S: ConversationState>(
    shared: &Arc<Shared<S>>,
    app: &Application,
    update: Option<Arc<Update>>,
    key: &str,
) {
    if let Some(after) = shared.timeout {
        schedule_after(shared, app, update, key, after);
    }
}

/// Starts (or restarts) the key's timer to fire `after` from now (a conversation loaded from
/// persistence gets what was left of its timeout).
pub(super) fn schedule_after<S: ConversationState>(
    shared: &Arc<Shared<S>>,
    app: &Application,
    update: Option<Arc<Update>>,
    key: &str,
    after: std::time::Duration,
) {
    let id = shared.store.next_timer();
    let task = tokio::spawn({
        let shared = Arc::clone(shared);
        let app = app.clone();
        let key = key.to_string();
        async move {
            tokio::time::sleep(after).await;
            // Due while the application is stopped (or not yet started): it times out when the
            // application runs again. A process that ends meanwhile leaves a persistent
            // conversation in the store, whose next application arms the timer again.
            app.until_running().await;
            expire(shared, app, update, key, id).await;
        }
    });
    shared.store.set_timer(key, id, task.abort_handle());
}

/// The timer fired: ends the conversation, then runs the timeout handlers whose check passes
/// on the last update.
async fn expire<S: ConversationState>(
    shared: Arc<Shared<S>>,
    app: Application,
    update: Option<Arc<Update>>,
    key: String,
    id: u64,
) {
    let Some((state, data)) = shared.store.expire(&key, id) else {
        return;
    };
    tracing::debug!(conversation = %shared.name, %key, "conversation timed out");
    if let Err(e) = shared.persist(&app, &key, None, None).await {
        app.report(update.clone(), Box::new(e)).await;
    }
    let Some(update) = update else { return };
    let info = app.check_info();
    let scope = Arc::new(ConversationScope::new(Some(state), data));
    for handler in &shared.timeout_handlers {
        let Some(checked) = handler.check(&update, &info) else {
            continue;
        };
        let ctx = crate::CallbackContext::new(app.clone(), Some(Arc::clone(&update)))
            .with_check(checked.args, checked.command, checked.data)
            .with_route(checked.route)
            .with_conversation(Arc::clone(&scope));
        let outcome = handler.handle(ctx.clone()).await;
        app.dispatcher()
            .settle(&app.services(), &update, ctx, outcome)
            .await;
    }
}
