//! The dispatcher: handler groups in ascending order, the first matching handler of each group
//! runs, [`Flow::Stop`](crate::handlers::Flow) ends an update's trip, and errors and panics go
//! to the error handlers. Lanes keep one chat's updates in order while different chats run
//! concurrently.

mod background;
mod guard;
pub(crate) mod lanes;
pub(crate) mod watermark;

pub(crate) use background::Background;
pub(crate) use guard::{catch_outcome, catch_panics};

/// Starts `handler` under the panic guard (for the last link of a handler middleware chain).
pub(crate) fn guarded(
    handler: &dyn Handler,
    ctx: CallbackContext,
) -> impl Future<Output = Outcome> + Send + 'static {
    guard::handle(handler, ctx)
}

use crate::Update;
use crate::callback_data::InvalidCallbackData;
use crate::context::{CallbackContext, Host};
use crate::data::DataError;
use crate::extract::{ExtractError, kind};
use crate::handlers::{
    CheckInfo, Handler, HandlerError, HandlerFn, HandlerId, Outcome, SharedHandlerFn,
};
use crate::middleware::{HandlerMiddleware, Next, NextHandler, UpdateMiddleware};
use crate::telemetry::{HandlerName, Telemetry, UpdateOutcome};
use futures_util::future::BoxFuture;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Instant;
use telebot_client::poison::{MutexUnpoisoned, RwLockUnpoisoned};
use tracing::Instrument;
use watermark::Receipt;

/// What the dispatcher needs of the application it serves, beyond what a context reads
/// ([`Host`]); the application implements it. The job queue runs its callbacks through it too.
pub(crate) trait Services: Host {
    /// The dispatcher (non-blocking handlers and job runs settle through it).
    fn dispatcher(&self) -> &Dispatcher;
    /// What handlers' checks know: the bot's username.
    fn check_info(&self) -> Arc<CheckInfo>;
    /// Where handler runs, updates and jobs are counted.
    fn telemetry(&self) -> &Telemetry;
    /// Writes the callback-data cache when the backend writes through (or is shared); `None`
    /// when it does not (nothing to wait for, nothing allocated).
    fn save_callback_data_through(&self) -> Option<BoxFuture<'_, Result<bool, DataError>>>;
    /// Answers a button press whose callback data is invalid, as the application is set to.
    fn reject_callback_data(
        &self,
        ctx: CallbackContext,
        why: InvalidCallbackData,
    ) -> BoxFuture<'_, Outcome>;
}

/// A handler as registered: with its id (for removing it) and its name for the metrics, made
/// once.
#[derive(Clone)]
struct Registered {
    id: HandlerId,
    handler: Arc<dyn Handler>,
    name: HandlerName,
}

/// Handlers by group, and the error handlers.
#[derive(Default)]
pub(crate) struct Dispatcher {
    /// Shared with the dispatches running (each takes the groups as they were when it
    /// started); a change copies the map when a dispatch still holds it.
    groups: RwLock<Arc<BTreeMap<i32, Vec<Registered>>>>,
    middlewares: RwLock<Arc<[UpdateMiddleware]>>,
    handler_middlewares: RwLock<Arc<[HandlerMiddleware]>>,
    error_handlers: RwLock<Vec<(HandlerId, SharedHandlerFn)>>,
    next_id: std::sync::atomic::AtomicU64,
    background: Background,
}

impl Dispatcher {
    fn next_id(&self) -> HandlerId {
        HandlerId(
            self.next_id
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        )
    }

    pub(crate) fn add_handler(&self, handler: Arc<dyn Handler>, group: i32) -> HandlerId {
        let name = HandlerName::from(handler.describe());
        let id = self.next_id();
        Arc::make_mut(&mut self.groups.write_unpoisoned())
            .entry(group)
            .or_default()
            .push(Registered { id, handler, name });
        id
    }

    /// Removes a handler; `false` when no handler has that id (any more).
    pub(crate) fn remove_handler(&self, id: HandlerId) -> bool {
        let mut guard = self.groups.write_unpoisoned();
        let groups = Arc::make_mut(&mut guard);
        let mut removed = false;
        for handlers in groups.values_mut() {
            let before = handlers.len();
            handlers.retain(|r| r.id != id);
            removed |= handlers.len() != before;
        }
        groups.retain(|_, handlers| !handlers.is_empty());
        removed
    }

    pub(crate) fn add_error_handler<H, A>(&self, handler: H) -> HandlerId
    where
        H: HandlerFn<kind::Error, A>,
    {
        self.add_error_callback(handler.into_callback())
    }

    pub(crate) fn add_error_callback(&self, callback: SharedHandlerFn) -> HandlerId {
        let id = self.next_id();
        self.error_handlers.write_unpoisoned().push((id, callback));
        id
    }

    /// Removes an error handler; `false` when none has that id (any more).
    pub(crate) fn remove_error_handler(&self, id: HandlerId) -> bool {
        let mut handlers = self.error_handlers.write_unpoisoned();
        let before = handlers.len();
        handlers.retain(|(h, _)| *h != id);
        handlers.len() != before
    }

    /// Adds a middleware around every update, after those added before.
    pub(crate) fn add_middleware(&self, middleware: UpdateMiddleware) {
        let mut all = self.middlewares.write_unpoisoned();
        let mut list: Vec<UpdateMiddleware> = all.iter().cloned().collect();
        list.push(middleware);
        *all = list.into();
    }

    /// Adds a middleware around every handler run, inside those added before.
    pub(crate) fn add_handler_middleware(&self, middleware: HandlerMiddleware) {
        let mut all = self.handler_middlewares.write_unpoisoned();
        let mut list: Vec<HandlerMiddleware> = all.iter().cloned().collect();
        list.push(middleware);
        *all = list.into();
    }

    pub(crate) fn background(&self) -> &Background {
        &self.background
    }

    /// Every handler, by group.
    pub(crate) fn handlers(&self) -> Vec<(i32, Arc<dyn Handler>)> {
        let groups = self.groups.read_unpoisoned();
        groups
            .iter()
            .flat_map(|(g, hs)| hs.iter().map(move |r| (*g, Arc::clone(&r.handler))))
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
        // Nothing but the update is held across the groups' run (the telemetry handle is
        // fetched after it, the middleware chain runs in a future of its own): this future is
        // allocated per update, and below 1,032 bytes it comes from the allocator's per-thread
        // cache instead of a locked arena.
        let through_middlewares = !self.middlewares.read_unpoisoned().is_empty();
        let outcome = if through_middlewares {
            Box::pin(self.through_middlewares(app, &update, info, receipt))
                .instrument(span)
                .await
        } else {
            self.run_groups(app, Arc::clone(&update), info, receipt, None)
                .instrument(span)
                .await
        };
        app.telemetry().update_handled(&update, outcome);
    }

    /// The update through the middlewares (which run the groups when they go on); what
    /// became of it.
    async fn through_middlewares(
        &self,
        app: &Arc<dyn Services>,
        update: &Arc<Update>,
        info: &CheckInfo,
        receipt: Option<&Receipt>,
    ) -> UpdateOutcome {
        let middlewares = Arc::clone(&self.middlewares.read_unpoisoned());
        let (next, outcome) = Next::start(
            middlewares,
            Arc::clone(app),
            Arc::clone(update),
            info.clone(),
            receipt.cloned(),
        );
        let ctx =
            CallbackContext::in_host(Arc::clone(app) as Arc<dyn Host>, Some(Arc::clone(update)));
        next.run(ctx).await;
        // A middleware that did not go on stopped the update: no handler took it.
        let outcome = *outcome.lock_unpoisoned();
        outcome.unwrap_or(UpdateOutcome::Ignored)
    }

    /// Runs the groups, with the values middlewares inserted; what became of the update (for
    /// the metrics).
    pub(crate) async fn run_groups(
        &self,
        app: &Arc<dyn Services>,
        update: Arc<Update>,
        info: &CheckInfo,
        receipt: Option<&Receipt>,
        inserted: crate::context::SharedList<Arc<dyn std::any::Any + Send + Sync>>,
    ) -> UpdateOutcome {
        let migration_failed = match update.effective_message() {
            Some(message) if let Some(to) = message.migrate_to_chat_id => {
                Box::pin(app.data().migrate_chat(message.chat.id, to))
                    .await
                    .err()
            }
            _ => None,
        };
        if let Some(e) = migration_failed {
            self.report(app, Some(Arc::clone(&update)), Box::new(e))
                .await;
        }
        let groups = Arc::clone(&self.groups.read_unpoisoned());
        let telemetry = app.telemetry();
        let mut taken = false;
        let mut failed = false;
        for group in groups.values() {
            // The search and the context are made in a block of their own: what they leave
            // behind (the check's result, moved into the context) then takes no room in this
            // future across the handler's run.
            let (handler, name, ctx) = {
                let mut found = None;
                let mut panicked = None;
                for registered in group {
                    match guard::check(registered.handler.as_ref(), &update, info) {
                        Ok(Some(checked)) => {
                            found = Some((registered, checked));
                            break;
                        }
                        Ok(None) => {}
                        Err(panic) => {
                            panicked = Some(panic);
                            break;
                        }
                    }
                }
                if let Some(panic) = panicked {
                    // As an error in a check ends that group's search in PTB: the error
                    // handlers see it, later groups still get the update.
                    failed = true;
                    self.report(app, Some(Arc::clone(&update)), Box::new(panic))
                        .await;
                }
                let Some((Registered { handler, name, .. }, checked)) = found else {
                    continue;
                };
                let ctx = CallbackContext::in_host(
                    Arc::clone(app) as Arc<dyn Host>,
                    Some(Arc::clone(&update)),
                )
                .with_found(inserted.clone())
                .with_check(checked.args, checked.command, checked.data)
                .with_route(checked.route);
                (handler, name, ctx)
            };
            taken = true;
            let span = tracing::info_span!("handler", handler = %handler.describe());
            let handler_middlewares = Arc::clone(&self.handler_middlewares.read_unpoisoned());
            let run = |ctx: CallbackContext| -> futures_util::future::BoxFuture<'static, Outcome> {
                if handler_middlewares.is_empty() {
                    Box::pin(guard::handle(handler.as_ref(), ctx))
                } else {
                    NextHandler::start(Arc::clone(&handler_middlewares), Arc::clone(handler))
                        .run(ctx)
                }
            };
            if crate::handlers::blocks(handler.block(), app.bot()) {
                let started = Instant::now();
                let outcome = run(ctx.clone()).instrument(span.clone()).await;
                let handler_failed = outcome.is_failure();
                telemetry.handler_ran(name, started.elapsed(), handler_failed);
                failed |= handler_failed;
                if self
                    .settle(app, &update, ctx, outcome)
                    .instrument(span)
                    .await
                {
                    break;
                }
            } else {
                let fut = run(ctx.clone());
                let app = Arc::clone(app);
                let update = Arc::clone(&update);
                let receipt = receipt.cloned();
                let name = HandlerName::clone(name);
                self.background.enter();
                tokio::spawn(
                    async move {
                        let started = Instant::now();
                        let outcome = fut.await;
                        app.telemetry()
                            .handler_ran(&name, started.elapsed(), outcome.is_failure());
                        let dispatcher = app.dispatcher();
                        dispatcher.settle(&app, &update, ctx, outcome).await;
                        dispatcher.background.leave();
                        drop(receipt);
                    }
                    .instrument(span),
                );
            }
        }
        match (taken, failed) {
            (_, true) => UpdateOutcome::Failed,
            (true, false) => UpdateOutcome::Handled,
            (false, false) => UpdateOutcome::Ignored,
        }
    }

    /// Acts on a handler's outcome; `true` when later groups must not run.
    ///
    /// The common case (no data values held for writing, no callback data to write through,
    /// an outcome with nothing to report) is decided at once; the rest is boxed: inline, its
    /// state (about 1.6 KiB) made every dispatch's future as large.
    pub(crate) fn settle<'a>(
        &'a self,
        app: &'a Arc<dyn Services>,
        update: &'a Arc<Update>,
        ctx: CallbackContext,
        outcome: Outcome,
    ) -> futures_util::future::Either<std::future::Ready<bool>, BoxFuture<'a, bool>> {
        use futures_util::future::Either;
        let save = app.save_callback_data_through();
        if save.is_none() && !ctx.holds_data() {
            match outcome {
                Outcome::Continue | Outcome::Next(_) => {
                    return Either::Left(std::future::ready(false));
                }
                Outcome::Stop => return Either::Left(std::future::ready(true)),
                Outcome::Failed(_) | Outcome::Rejected(_) => {}
            }
        }
        Either::Right(Box::pin(
            self.settle_in_full(app, update, ctx, outcome, save),
        ))
    }

    /// [`settle`](Self::settle) when there is something to write or report; `save` is the
    /// callback data's write-through, when the application has one.
    async fn settle_in_full(
        &self,
        app: &Arc<dyn Services>,
        update: &Arc<Update>,
        ctx: CallbackContext,
        outcome: Outcome,
        save: Option<BoxFuture<'_, Result<bool, DataError>>>,
    ) -> bool {
        if let Err(e) = ctx.save_data().await {
            self.report(app, Some(Arc::clone(update)), Box::new(e))
                .await;
        }
        if let Some(save) = save
            && let Err(e) = save.await
        {
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
                // The sent message is dropped at once: kept across the report's await, it
                // made this future (and every dispatch's) 2 KiB larger.
                if let Some(message) = update.effective_message()
                    && let Err(e) = message.reply_text(ctx.bot(), usage).await.map(drop)
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
    ///
    /// Boxed: an error is the rare case, and inline its state (the context made for the error
    /// handlers) was part of the futures of every dispatch and handler run that may report.
    pub(crate) fn report<'a>(
        &'a self,
        app: &Arc<dyn Services>,
        update: Option<Arc<Update>>,
        error: HandlerError,
    ) -> BoxFuture<'a, ()> {
        let source = CallbackContext::in_host(Arc::clone(app) as Arc<dyn Host>, update);
        Box::pin(async move { self.report_unboxed(&source, error).await })
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
        let handlers: Vec<SharedHandlerFn> = self
            .error_handlers
            .read_unpoisoned()
            .iter()
            .map(|(_, h)| SharedHandlerFn::clone(h))
            .collect();
        let update_id = source.update().map(|u| u.update_id);
        let job = source.job_run().map(|run| run.name.clone());
        let chain = error_chain(error.as_ref());
        if handlers.is_empty() {
            tracing::error!(?update_id, ?job, error = %chain, "a handler failed and no error handler is registered");
            return;
        }
        tracing::info!(?update_id, ?job, error = %chain, "a handler failed; handing the error to the error handlers");
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

/// An error and its sources, outermost first: `a: b: c`.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        // Many errors repeat their source's text in their own; show it once.
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::error_chain;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot load the order")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn a_failure_is_logged_with_every_cause() {
        let error = Outer(std::io::Error::other("disk full"));
        assert_eq!(error_chain(&error), "cannot load the order: disk full");
    }
}
