//! The panic guard around every user callback the dispatcher runs: a check (filters,
//! predicates, conversation keys, a custom [`Handler::check`]), the call that starts a
//! handler, and the handler's future. A panic becomes an error for the error handlers instead
//! of ending the lane's task, so the chat's later updates still run and the update counts as
//! handled only once its error was reported.

use crate::Update;
use crate::handlers::{CheckInfo, Checked, Handler, Outcome};
use crate::handlers::{CheckPanic, HandlerPanic};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;

/// Runs `handler.check`, turning a panic into a [`CheckPanic`].
pub(crate) fn check(
    handler: &dyn Handler,
    update: &Update,
    info: &CheckInfo,
) -> Result<Option<Checked>, CheckPanic> {
    std::panic::catch_unwind(AssertUnwindSafe(|| handler.check(update, info))).map_err(|payload| {
        CheckPanic {
            handler: handler.describe(),
            message: HandlerPanic::from_payload(payload).message,
        }
    })
}

/// Starts a future with `start` (now: it may borrow) and runs it; a panic while starting or
/// running comes out as its payload.
pub(crate) fn catch_panics<F>(
    start: impl FnOnce() -> F,
) -> impl Future<Output = std::thread::Result<F::Output>> + Send + 'static
where
    F: Future + Send + 'static,
{
    let started = std::panic::catch_unwind(AssertUnwindSafe(start));
    async move {
        match started {
            Ok(fut) => AssertUnwindSafe(fut).catch_unwind().await,
            Err(payload) => Err(payload),
        }
    }
}

/// [`catch_panics`] for a run that ends in an [`Outcome`]: a panic while starting or running
/// is a failed outcome.
pub(crate) fn catch_outcome<F>(
    start: impl FnOnce() -> F,
) -> impl Future<Output = Outcome> + Send + 'static
where
    F: Future<Output = Outcome> + Send + 'static,
{
    catch_panics(start).map(|run| run.unwrap_or_else(Outcome::panicked))
}

/// Starts `handler` and runs it to its outcome; a panic while starting or running is a
/// failed outcome.
pub(crate) fn handle(
    handler: &dyn Handler,
    ctx: crate::CallbackContext,
) -> impl Future<Output = Outcome> + Send + 'static {
    catch_outcome(|| handler.handle(ctx))
}

/// Runs a boxed callback (an error handler) to its outcome; a panic is a failed outcome.
pub(crate) fn callback(
    callback: &crate::handlers::SharedHandlerFn,
    ctx: crate::CallbackContext,
) -> impl Future<Output = Outcome> + Send + 'static {
    catch_outcome(|| callback(ctx))
}

/// Runs the dispatch of one update; a panic that escaped every inner guard (a bug in the
/// dispatcher or in a persistence backend) is logged with the update's id instead of ending
/// the lane's task, so the lane goes on with its next update.
///
/// A combinator, not an `async fn`: an `async fn` would keep both its argument and the
/// guarded future in its state, twice the dispatch's size (5 KiB) in every lane's task.
pub(crate) fn dispatch(
    update_id: i64,
    dispatch: impl Future<Output = ()>,
) -> impl Future<Output = ()> {
    AssertUnwindSafe(dispatch)
        .catch_unwind()
        .map(move |result| {
            if let Err(payload) = result {
                let message = HandlerPanic::from_payload(payload).message;
                tracing::error!(update_id, %message, "dispatching an update panicked; its lane goes on");
            }
        })
}
