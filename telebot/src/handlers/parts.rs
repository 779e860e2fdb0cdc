//! The parts the provided handler types share, written once: the builder methods of the
//! settings several of them have (`block` on every one, `allow_edited` and an extra `filter` on
//! those of messages), and the `Handler` methods of a handler that runs its callback as it is.
//! A handler type invokes the macros inside its own `impl` blocks and has the fields they name.

/// The builder methods of the named settings, for an inherent `impl` block of a handler type
/// with fields of the same names (`block: Option<bool>`, `allow_edited: bool`,
/// `filter: Option<SharedFilter>`).
macro_rules! setting_methods {
    ($($setting:ident),+ $(,)?) => {
        $(setting_methods!(@ $setting);)+
    };
    (@ block) => {
        /// Whether later updates of the chat wait for this handler (default: the bot's
        /// [`Defaults::block`](crate::client::Defaults::block), else yes).
        pub fn block(mut self, yes: bool) -> Self {
            self.block = Some(yes);
            self
        }
    };
    (@ allow_edited) => {
        /// Also runs for edited messages.
        pub fn allow_edited(mut self, yes: bool) -> Self {
            self.allow_edited = yes;
            self
        }
    };
    (@ filter) => {
        /// Only messages that also pass `filter`.
        pub fn filter(mut self, filter: crate::filters::SharedFilter) -> Self {
            self.filter = Some(filter);
            self
        }
    };
}
pub(crate) use setting_methods;

/// `Handler::handle` and `Handler::block` for a handler type with the fields
/// `callback: SharedHandlerFn` and `block: Option<bool>`, whose run is its callback's.
macro_rules! runs_its_callback {
    () => {
        fn handle(
            &self,
            ctx: crate::context::CallbackContext,
        ) -> futures_util::future::BoxFuture<'static, crate::handlers::Outcome> {
            (self.callback)(ctx)
        }

        fn block(&self) -> Option<bool> {
            self.block
        }
    };
}
pub(crate) use runs_its_callback;
