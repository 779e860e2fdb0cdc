//! Albums: the messages of one `media_group_id` arrive as separate updates; this handler
//! collects them and runs once per album, when no new part arrived for a short while.

use super::{CheckInfo, Checked, Handler, HandlerFn, Outcome, SharedHandlerFn};
use crate::api::Message;
use crate::context::CallbackContext;
use crate::extract::kind;
use crate::{Update, UpdateKind};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telebot_client::poison::MutexUnpoisoned;

#[derive(Default)]
struct Pending {
    messages: Vec<Message>,
    generation: u64,
}

type PendingAlbums = Arc<Mutex<HashMap<(i64, String), Pending>>>;

/// Runs once per album (media group) with all its messages, in order, as the
/// [`Album`](crate::extract::Album) parameter: each part of an album is its own update, and the
/// handler waits until no new part came for `debounce` (default 1 s) before it runs.
pub struct MediaGroupHandler {
    debounce: Duration,
    pending: PendingAlbums,
    callback: SharedHandlerFn,
}

impl MediaGroupHandler {
    /// A handler for albums.
    pub fn new<H, A>(handler: H) -> Self
    where
        H: HandlerFn<kind::MediaGroup, A>,
    {
        MediaGroupHandler {
            debounce: Duration::from_secs(1),
            pending: PendingAlbums::default(),
            callback: handler.into_callback(),
        }
    }

    /// How long the album must be quiet before the handler runs.
    pub fn debounce(mut self, debounce: Duration) -> Self {
        self.debounce = debounce;
        self
    }
}

fn album_part(update: &Update) -> Option<&Message> {
    match &update.kind {
        UpdateKind::Message(m) | UpdateKind::ChannelPost(m) | UpdateKind::BusinessMessage(m) => {
            m.media_group_id.as_ref().map(|_| &**m)
        }
        _ => None,
    }
}

impl Handler for MediaGroupHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        album_part(update).map(|_| Checked::default())
    }

    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        let Some(message) = ctx.update().and_then(album_part).cloned() else {
            return Box::pin(async { Outcome::Continue });
        };
        let key = (
            message.chat.id,
            message.media_group_id.clone().unwrap_or_default(),
        );
        let first = {
            let mut pending = self.pending.lock_unpoisoned();
            let entry = pending.entry(key.clone()).or_default();
            entry.messages.push(message);
            entry.generation += 1;
            entry.generation == 1
        };
        if first {
            let pending = Arc::clone(&self.pending);
            let callback = Arc::clone(&self.callback);
            let debounce = self.debounce;
            let app = ctx.application().services();
            app.dispatcher().background().enter();
            tokio::spawn(async move {
                let mut seen = 0;
                let messages = loop {
                    tokio::time::sleep(debounce).await;
                    let mut map = pending.lock_unpoisoned();
                    let generation = map.get(&key).map_or(0, |p| p.generation);
                    if generation == seen {
                        let mut messages = map.remove(&key).map(|p| p.messages).unwrap_or_default();
                        messages.sort_by_key(|m| m.message_id);
                        break messages;
                    }
                    seen = generation;
                };
                let ctx = ctx.with_album(messages);
                let outcome = callback(ctx.clone()).await;
                if let Some(update) = ctx.shared_update() {
                    app.dispatcher().settle(&app, &update, ctx, outcome).await;
                }
                app.dispatcher().background().leave();
            });
        }
        Box::pin(async { Outcome::Continue })
    }

    fn update_kinds(&self) -> Vec<&'static str> {
        vec!["message", "channel_post", "business_message"]
    }

    fn describe(&self) -> String {
        format!("MediaGroupHandler(debounce {:?})", self.debounce)
    }
}
