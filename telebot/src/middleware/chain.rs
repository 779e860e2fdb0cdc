//! The chains: each middleware gets what comes after it as a `Next`.

use crate::Update;
use crate::context::CallbackContext;
use crate::dispatch::Services;
use crate::dispatch::watermark::Receipt;
use crate::dispatch::{catch_outcome, catch_panics};
use crate::handlers::{CheckInfo, Handler, HandlerResult, Outcome};
use crate::telemetry::UpdateOutcome;
use futures_util::future::BoxFuture;
use std::sync::{Arc, Mutex};
use telebot_client::poison::MutexUnpoisoned;

/// A middleware around each update.
pub(crate) type UpdateMiddleware =
    Arc<dyn Fn(CallbackContext, Next) -> BoxFuture<'static, HandlerResult> + Send + Sync>;

/// A middleware around each handler run.
pub(crate) type HandlerMiddleware =
    Arc<dyn Fn(CallbackContext, NextHandler) -> BoxFuture<'static, Outcome> + Send + Sync>;

/// What comes after an update middleware: the middlewares after it, then the handler groups.
/// Not calling [`run`](Self::run) stops the update there (it counts as handled).
pub struct Next {
    chain: Arc<[UpdateMiddleware]>,
    index: usize,
    app: Arc<dyn Services>,
    update: Arc<Update>,
    info: CheckInfo,
    receipt: Option<Receipt>,
    /// What the handler groups made of the update, once they ran.
    outcome: Arc<Mutex<Option<UpdateOutcome>>>,
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next")
            .field("update_id", &self.update.update_id)
            .field("middlewares_left", &(self.chain.len() - self.index))
            .finish_non_exhaustive()
    }
}

impl Next {
    pub(crate) fn start(
        chain: Arc<[UpdateMiddleware]>,
        app: Arc<dyn Services>,
        update: Arc<Update>,
        info: CheckInfo,
        receipt: Option<Receipt>,
    ) -> (Next, Arc<Mutex<Option<UpdateOutcome>>>) {
        let outcome = Arc::default();
        let next = Next {
            chain,
            index: 0,
            app,
            update,
            info,
            receipt,
            outcome: Arc::clone(&outcome),
        };
        (next, outcome)
    }

    /// Goes on with `ctx` (the context the middleware got, with what it inserted): the next
    /// middleware, or the handler groups. Returns when the update's blocking handlers are
    /// done.
    pub async fn run(self, ctx: CallbackContext) {
        let Some(middleware) = self.chain.get(self.index).cloned() else {
            let outcome = self
                .app
                .dispatcher()
                .run_groups(
                    &self.app,
                    Arc::clone(&self.update),
                    &self.info,
                    self.receipt.as_ref(),
                    ctx.found_values(),
                )
                .await;
            *self.outcome.lock_unpoisoned() = Some(outcome);
            return;
        };
        let app = Arc::clone(&self.app);
        let update = Arc::clone(&self.update);
        let next = Next {
            index: self.index + 1,
            ..self
        };
        let result = catch_panics(|| middleware(ctx, next)).await;
        let error: Option<crate::HandlerError> = match result {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(error),
            Err(payload) => Some(Box::new(crate::handlers::HandlerPanic::from_payload(
                payload,
            ))),
        };
        if let Some(error) = error {
            app.dispatcher().report(&app, Some(update), error).await;
        }
    }
}

/// What comes after a handler middleware: the middlewares after it, then the handler.
pub struct NextHandler {
    chain: Arc<[HandlerMiddleware]>,
    index: usize,
    handler: Arc<dyn Handler>,
}

impl std::fmt::Debug for NextHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NextHandler")
            .field("handler", &self.handler.describe())
            .field("middlewares_left", &(self.chain.len() - self.index))
            .finish()
    }
}

impl NextHandler {
    pub(crate) fn start(chain: Arc<[HandlerMiddleware]>, handler: Arc<dyn Handler>) -> NextHandler {
        NextHandler {
            chain,
            index: 0,
            handler,
        }
    }

    /// The handler this run is for, as the startup report describes it.
    pub fn handler(&self) -> String {
        self.handler.describe()
    }

    /// Goes on with `ctx`: the next middleware, or the handler itself; its outcome.
    pub fn run(self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        let Some(middleware) = self.chain.get(self.index).cloned() else {
            return Box::pin(crate::dispatch::guarded(self.handler.as_ref(), ctx));
        };
        let next = NextHandler {
            index: self.index + 1,
            ..self
        };
        // The middleware is called when the returned future is first polled, as before.
        Box::pin(async move { catch_outcome(|| middleware(ctx, next)).await })
    }
}
