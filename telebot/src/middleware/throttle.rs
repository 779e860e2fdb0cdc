//! At most one update per user per interval.

use super::Next;
use crate::context::CallbackContext;
use crate::handlers::HandlerResult;
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use telebot_client::poison::MutexUnpoisoned;

/// A middleware that lets through at most one update per user per `interval` (per-user
/// anti-spam, aiogram's throttling); later ones within the interval are dropped, with a debug
/// log line. Updates without a user always pass.
///
/// ```
/// # fn setup(app: &telebot::Application) {
/// app.add_middleware(telebot::middleware::throttle(std::time::Duration::from_secs(1)));
/// # }
/// ```
pub fn throttle(
    interval: Duration,
) -> impl Fn(CallbackContext, Next) -> BoxFuture<'static, HandlerResult> + Send + Sync + 'static {
    let last: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
    move |ctx, next| {
        let user = ctx.update().and_then(|u| u.effective_user()).map(|u| u.id);
        let admitted = match user {
            None => true,
            Some(user) => {
                let now = Instant::now();
                let mut last = last.lock_unpoisoned();
                // Forget users quiet for longer than the interval, so the map stays small.
                if last.len() > 10_000 {
                    last.retain(|_, at| now.duration_since(*at) < interval);
                }
                match last.get(&user) {
                    Some(at) if now.duration_since(*at) < interval => false,
                    _ => {
                        last.insert(user, now);
                        true
                    }
                }
            }
        };
        Box::pin(async move {
            if admitted {
                next.run(ctx).await;
            } else {
                tracing::debug!(user, "throttled: an update within the interval was dropped");
            }
            Ok(())
        })
    }
}
