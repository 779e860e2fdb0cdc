//! The dispatcher: handler groups in ascending order, the first matching handler of each group
//! runs, [`Flow::Stop`](crate::handlers::Flow) ends an update's trip, and errors and panics go
//! to the error handlers. Lanes keep one chat's updates in order while different chats run
//! concurrently.

mod background;
mod guard;
pub(crate) mod lanes;
pub(crate) mod watermark;

pub(crate) use background::Background;

pub use guard::CheckPanic;

use crate::Update;
use crate::callback_data::InvalidCallbackData;
use crate::context::{CallbackContext, Host};
use crate::data::DataError;
use crate::extract::{ExtractError, kind};
use crate::handlers::{Callback, CheckInfo, Handler, HandlerError, HandlerFn, Outcome};
use futures_util::future::BoxFuture;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use tracing::Instrument;
use watermark::Receipt;

/// What the dispatcher needs of the application it serves, beyond what a context reads
/// ([`Host`]); the application implements it. The job queue runs its callbacks through it too.
pub(crate) trait Services: Host {
    /// The dispatcher (non-blocking handlers and job runs settle through it).
    fn dispatcher(&self) -> &Dispatcher;
    /// What handlers' checks know: the bot's username.
    fn check_info(&self) -> CheckInfo;
    /// Writes the callback-data cache when the backend writes through (or is shared).
    fn save_callback_data_through(&self) -> BoxFuture<'_, Result<bool, DataError>>;
    /// Answers a button press whose callback data is invalid, as the application is set to.
    fn reject_callback_data(
        &self,
        ctx: CallbackContext,
        why: InvalidCallbackData,
    ) -> BoxFuture<'_, Outcome>;
}

/// Handlers by group, and the error handlers.
#[derive(Default)]
pub(crate) struct Dispatcher {
    groups: RwLock<BTreeMap<i32, Vec<Arc<dyn Handler>>>>,
    error_handlers: RwLock<Vec<Callback>>,
    background: Background,
}

impl Dispatcher {
    pub(crate) fn add_handler(&self, handler: Arc<dyn Handler>, group: i32) {
        self.groups
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .entry(group)
            .or_default()
            .push(handler);
    }

    pub(crate) fn add_error_handler<H, A>(&self, handler: H)
    where
        H: HandlerFn<kind::Error, A>,
    {
        self.error_handlers
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .push(handler.into_callback());
    }

    pub(crate) fn add_error_callback(&self, callback: Callback) {
        self.error_handlers
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .push(callback);
    }

    pub(crate) fn background(&self) -> &Background {
        &self.background
    }

    /// Every handler, by group.
    pub(crate) fn handlers(&self) -> Vec<(i32, Arc<dyn Handler>)> {
        let groups = self.groups.read().unwrap_or_else(|p| p.into_inner());
        groups
            .iter()
            .flat_map(|(g, hs)| hs.iter().map(move |h| (*g, Arc::clone(h))))
            .collect()
    }

    /// Runs the handlers for one update; returns when every blocking handler is done. The
    /// receipt (from polling) is held by every non-blocking handler the update starts, so the
    /// update counts as handled only when they are done too.
    ///
    /// Everything runs inside an `update` span (`update_id`, `kind`, `chat_id`), each handler
    /// inside a `handler` span naming it.
    pub(crate) async fn dispatch(
        &self,
        app: &Arc<dyn Services>,
        update: Arc<Update>,
        info: &CheckInfo,
        receipt: Option<&Receipt>,
    ) {
        let span = tracing::info_span!(
            "update",
            update_id = update.update_id,
            kind = update.kind_name(),
            chat_id = update.effective_chat().map(|c| c.id),
        );
        self.run_groups(app, update, info, receipt)
            .instrument(span)
            .await
    }

    async fn run_groups(
        &self,
        app: &Arc<dyn Services>,
        update: Arc<Update>,
        info: &CheckInfo,
        receipt: Option<&Receipt>,
    ) {
        if let Some(message) = update.effective_message()
            && let Some(to) = message.migrate_to_chat_id
            && let Err(e) = app.data().migrate_chat(message.chat.id, to).await
        {
            self.report(app, Some(Arc::clone(&update)), Box::new(e))
                .await;
        }
        let groups: Vec<Vec<Arc<dyn Handler>>> = self
            .groups
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        for group in groups {
            let mut found = None;
            for handler in &group {
                match guard::check(handler.as_ref(), &update, info) {
                    Ok(Some(checked)) => {
                        found = Some((handler, checked));
                        break;
                    }
                    Ok(None) => {}
                    Err(panic) => {
                        // As an error in a check ends that group's search in PTB: the error
                        // handlers see it, later groups still get the update.
                        self.report(app, Some(Arc::clone(&update)), Box::new(panic))
                            .await;
                        break;
                    }
                }
            }
            let Some((handler, checked)) = found else {
                continue;
            };
            let ctx = CallbackContext::in_host(
                Arc::clone(app) as Arc<dyn Host>,
                Some(Arc::clone(&update)),
            )
            .with_check(checked.args, checked.command, checked.data.matches)
            .with_route(checked.route);
            let span = tracing::info_span!("handler", handler = %handler.describe());
            if handler.block() {
                let outcome = guard::handle(handler.as_ref(), ctx.clone())
                    .instrument(span.clone())
                    .await;
                if self
                    .settle(app, &update, ctx, outcome)
                    .instrument(span)
                    .await
                {
                    return;
                }
            } else {
                let fut = guard::handle(handler.as_ref(), ctx.clone());
                let app = Arc::clone(app);
                let update = Arc::clone(&update);
                let receipt = receipt.cloned();
                self.background.enter();
                tokio::spawn(
                    async move {
                        let outcome = fut.await;
                        let dispatcher = app.dispatcher();
                        dispatcher.settle(&app, &update, ctx, outcome).await;
                        dispatcher.background.leave();
                        drop(receipt);
                    }
                    .instrument(span),
                );
            }
        }
    }

    /// Acts on a handler's outcome; `true` when later groups must not run.
    pub(crate) async fn settle(
        &self,
        app: &Arc<dyn Services>,
        update: &Arc<Update>,
        ctx: CallbackContext,
        outcome: Outcome,
    ) -> bool {
        if let Err(e) = ctx.save_data().await {
            self.report(app, Some(Arc::clone(update)), Box::new(e))
                .await;
        }
        if let Err(e) = app.save_callback_data_through().await {
            self.report(app, Some(Arc::clone(update)), Box::new(e))
                .await;
        }
        match outcome {
            Outcome::Continue | Outcome::Next(_) => false,
            Outcome::Stop => true,
            Outcome::Failed(error) => {
                self.report(app, Some(Arc::clone(update)), error).await;
                false
            }
            Outcome::Rejected(ExtractError::Usage { usage }) => {
                if let Some(message) = update.effective_message()
                    && let Err(e) = message.reply_text(ctx.bot(), usage).await
                {
                    self.report(app, Some(Arc::clone(update)), Box::new(e))
                        .await;
                }
                false
            }
            Outcome::Rejected(ExtractError::InvalidCallbackData(why)) => {
                let outcome = app.reject_callback_data(ctx, why).await;
                if let Outcome::Failed(error) = outcome {
                    self.report(app, Some(Arc::clone(update)), error).await;
                }
                false
            }
            Outcome::Rejected(other) => {
                self.report(app, Some(Arc::clone(update)), Box::new(other))
                    .await;
                false
            }
        }
    }

    /// Hands an error of `update` (or of nothing in particular) to every error handler, or
    /// logs it when there is none.
    pub(crate) async fn report(
        &self,
        app: &Arc<dyn Services>,
        update: Option<Arc<Update>>,
        error: HandlerError,
    ) {
        let source = CallbackContext::in_host(Arc::clone(app) as Arc<dyn Host>, update);
        self.report_in(&source, error).await;
    }

    /// Hands an error to every error handler, each with a context of the update or the job
    /// that `source` ran for and the error (or logs it when there is no error handler).
    ///
    /// Boxed in a plain function: an `async fn`'s body is compiled into every codegen unit that
    /// awaits it (a release build's binary held three copies of this one).
    pub(crate) fn report_in<'a>(
        &'a self,
        source: &'a CallbackContext,
        error: HandlerError,
    ) -> BoxFuture<'a, ()> {
        Box::pin(self.report_unboxed(source, error))
    }

    async fn report_unboxed(&self, source: &CallbackContext, error: HandlerError) {
        let handlers: Vec<Callback> = self
            .error_handlers
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let update_id = source.update().map(|u| u.update_id);
        if handlers.is_empty() {
            let job = source.job_run().map(|run| run.name.clone());
            tracing::error!(?update_id, ?job, %error, "a handler failed and no error handler is registered");
            return;
        }
        let error = Arc::new(error);
        for handler in handlers {
            let ctx = source.for_error(Arc::clone(&error));
            let outcome = guard::callback(&handler, ctx.clone()).await;
            if let Err(e) = ctx.save_data().await {
                tracing::error!(?update_id, error = %e, "an error handler's data could not be stored");
            }
            match outcome {
                Outcome::Failed(e) => {
                    tracing::error!(?update_id, error = %e, "an error handler failed")
                }
                Outcome::Rejected(e) => {
                    tracing::error!(?update_id, error = %e, "an error handler's parameters failed")
                }
                Outcome::Continue | Outcome::Stop | Outcome::Next(_) => {}
            }
        }
    }
}
