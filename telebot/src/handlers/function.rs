//! Turns plain async functions with extractor parameters into handler callbacks.

use super::{Flow, HandlerError, Outcome};
use crate::context::CallbackContext;
use crate::extract::FromContext;
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

/// A type-erased handler body.
pub type SharedHandlerFn =
    Arc<dyn Fn(CallbackContext) -> BoxFuture<'static, Outcome> + Send + Sync>;

/// What a handler function returns.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a handler result",
    label = "a handler returns (), Flow, HandlerResult, a conversation's Next, or a Result of them",
    note = "write `-> HandlerResult` and end the function with `Ok(())`"
)]
pub trait IntoOutcome: Send {
    /// The outcome for the dispatcher.
    fn into_outcome(self) -> Outcome;
}

impl IntoOutcome for () {
    fn into_outcome(self) -> Outcome {
        Outcome::Continue
    }
}

impl IntoOutcome for Outcome {
    fn into_outcome(self) -> Outcome {
        self
    }
}

impl IntoOutcome for Flow {
    fn into_outcome(self) -> Outcome {
        match self {
            Flow::Continue => Outcome::Continue,
            Flow::Stop => Outcome::Stop,
        }
    }
}

impl<T: IntoOutcome, E: Into<HandlerError> + Send> IntoOutcome for Result<T, E> {
    fn into_outcome(self) -> Outcome {
        match self {
            Ok(v) => v.into_outcome(),
            Err(e) => Outcome::Failed(e.into()),
        }
    }
}

/// A handler function for handlers of kind `K` whose parameters are `Args`: any
/// `async fn(A1, A2, …) -> R` where every `Ai: FromContext<K>` and `R` is `()`, [`Flow`] or a
/// `Result` of those. Up to 16 parameters, as many as the attribute macros take.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a handler of this kind (`{K}`)",
    label = "a parameter of this function is not available to `{K}` handlers, or it does not return (), Flow or a Result of them",
    note = "the parameters each handler kind offers are listed in `telebot::extract::kind`; `Args` is for commands, `CallbackQuery` for callback-query handlers, `Message` for handlers of message updates, …"
)]
pub trait HandlerFn<K, Args>: Send + Sync + 'static {
    /// Extracts the parameters and runs the function.
    fn call(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome>;

    /// Boxes the function into a [`SharedHandlerFn`], catching panics as failures.
    fn into_callback(self) -> SharedHandlerFn
    where
        Self: Sized,
    {
        let this = Arc::new(self);
        Arc::new(move |ctx| {
            let fut = this.call(ctx);
            Box::pin(async move {
                AssertUnwindSafe(fut)
                    .catch_unwind()
                    .await
                    .unwrap_or_else(Outcome::panicked)
            })
        })
    }
}

macro_rules! handler_fn {
    ($($arg:ident),*) => {
        impl<K, Func, Fut, R, $($arg,)*> HandlerFn<K, ($($arg,)*)> for Func
        where
            K: Send + Sync + 'static,
            Func: Fn($($arg),*) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = R> + Send + 'static,
            R: IntoOutcome,
            $($arg: FromContext<K> + Send + 'static,)*
        {
            #[allow(non_snake_case, unused_variables)]
            fn call(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
                let f = self.clone();
                Box::pin(async move {
                    $(
                        let $arg = match <$arg as FromContext<K>>::from_context(&ctx).await {
                            Ok(value) => value,
                            Err(e) => return Outcome::Rejected(e),
                        };
                    )*
                    f($($arg),*).await.into_outcome()
                })
            }
        }
    };
}

handler_fn!();
handler_fn!(A1);
handler_fn!(A1, A2);
handler_fn!(A1, A2, A3);
handler_fn!(A1, A2, A3, A4);
handler_fn!(A1, A2, A3, A4, A5);
handler_fn!(A1, A2, A3, A4, A5, A6);
handler_fn!(A1, A2, A3, A4, A5, A6, A7);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8, A9);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13);
handler_fn!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14);
handler_fn!(
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15
);
handler_fn!(
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16
);
