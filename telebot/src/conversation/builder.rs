//! [`ConversationBuilder`]: declares a conversation's handlers and settings.

use super::handler::{ConversationHandler, Shared};
use super::store::Store;
use super::{ConversationSetupError, ConversationState, KeyStrategy};
use crate::handlers::Handler;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// Declares a conversation: entry points, handlers per state, fallbacks, the key, timeout,
/// persistence. [`build`](Self::build) checks that every state named exists.
pub struct ConversationBuilder<S: ConversationState> {
    name: Option<String>,
    persistent: bool,
    key: KeyStrategy,
    allow_reentry: bool,
    timeout: Option<Duration>,
    block: Option<bool>,
    entry_points: Vec<Arc<dyn Handler>>,
    states: Vec<(String, Arc<dyn Handler>)>,
    fallbacks: Vec<Arc<dyn Handler>>,
    timeout_handlers: Vec<Arc<dyn Handler>>,
    waiting: Vec<Arc<dyn Handler>>,
    marker: PhantomData<fn() -> S>,
}

impl<S: ConversationState> Default for ConversationBuilder<S> {
    fn default() -> Self {
        ConversationBuilder {
            name: None,
            persistent: false,
            key: KeyStrategy::default(),
            allow_reentry: false,
            timeout: None,
            block: None,
            entry_points: Vec::new(),
            states: Vec::new(),
            fallbacks: Vec::new(),
            timeout_handlers: Vec::new(),
            waiting: Vec::new(),
            marker: PhantomData,
        }
    }
}

impl<S: ConversationState> std::fmt::Debug for ConversationBuilder<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConversationBuilder")
            .field("name", &self.name)
            .field("key", &self.key)
            .field("states", &self.states.len())
            .finish_non_exhaustive()
    }
}

impl<S: ConversationState> ConversationBuilder<S> {
    /// Adds a handler that starts the conversation.
    pub fn entry_point(mut self, handler: impl Handler) -> Self {
        self.entry_points.push(Arc::new(handler));
        self
    }

    /// Adds a handler for the state named `state` (the variant's name); handlers of one state
    /// are checked in the order added.
    pub fn state(mut self, state: impl Into<String>, handler: impl Handler) -> Self {
        self.states.push((state.into(), Arc::new(handler)));
        self
    }

    /// Adds a handler checked in every state after that state's own handlers (`/cancel`).
    pub fn fallback(mut self, handler: impl Handler) -> Self {
        self.fallbacks.push(Arc::new(handler));
        self
    }

    /// Adds a handler run when the conversation times out, if its check passes on the last
    /// update (PTB's `TIMEOUT` state). `TypeHandler::any` always passes.
    pub fn on_timeout(mut self, handler: impl Handler) -> Self {
        self.timeout_handlers.push(Arc::new(handler));
        self
    }

    /// Adds a handler for updates arriving while a non-blocking handler of the same key still
    /// runs (PTB's `WAITING` state); what it returns does not change the state.
    pub fn while_waiting(mut self, handler: impl Handler) -> Self {
        self.waiting.push(Arc::new(handler));
        self
    }

    /// Names the conversation (in logs and errors). Default: the state type's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Keeps the states in the application's persistence backend under `name`, so that they
    /// survive restarts.
    pub fn persistent(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self.persistent = true;
        self
    }

    /// Sets the whole key strategy.
    pub fn key(mut self, key: KeyStrategy) -> Self {
        self.key = key;
        self
    }

    /// One conversation per chat (default: on).
    pub fn per_chat(mut self, on: bool) -> Self {
        self.key.per_chat = on;
        self
    }

    /// One conversation per user (default: on).
    pub fn per_user(mut self, on: bool) -> Self {
        self.key.per_user = on;
        self
    }

    /// One conversation per message with inline buttons (default: off); only callback
    /// queries take part.
    pub fn per_message(mut self, on: bool) -> Self {
        self.key.per_message = on;
        self
    }

    /// One conversation per forum topic (default: off).
    pub fn per_topic(mut self, on: bool) -> Self {
        self.key.per_topic = on;
        self
    }

    /// Whether entry points are checked during a conversation too, restarting it (default:
    /// no).
    pub fn allow_reentry(mut self, on: bool) -> Self {
        self.allow_reentry = on;
        self
    }

    /// Ends a conversation idle for `after` (PTB's `conversation_timeout`), running the
    /// [`on_timeout`](Self::on_timeout) handlers first.
    ///
    /// A persistent conversation stores when it expires and the update its wait began on, so
    /// a restarted bot keeps the time that was left (and a conversation that expired while the
    /// bot was down times out at startup, its timeout handlers seeing that update). A timeout
    /// that falls due while the application is stopped acts when it runs again.
    pub fn timeout(mut self, after: Duration) -> Self {
        self.timeout = Some(after);
        self
    }

    /// Whether the dispatcher waits for the conversation's handlers (default: yes).
    pub fn block(mut self, block: bool) -> Self {
        self.block = Some(block);
        self
    }

    /// Adds a handler in the role the macro found.
    pub(crate) fn add(
        mut self,
        role: super::parts::ConversationRole,
        handler: Arc<dyn Handler>,
    ) -> Self {
        use super::parts::ConversationRole as R;
        match role {
            R::Entry => self.entry_points.push(handler),
            R::State(state) => self.states.push((state.to_string(), handler)),
            R::Fallback => self.fallbacks.push(handler),
            R::Timeout => self.timeout_handlers.push(handler),
            R::Waiting => self.waiting.push(handler),
        }
        self
    }

    /// The conversation, after checking that every state named exists, that there is an entry
    /// point and a key.
    pub fn build(self) -> Result<ConversationHandler<S>, ConversationSetupError> {
        let conversation = self.name.clone().unwrap_or_else(|| {
            let full = std::any::type_name::<S>();
            full.rsplit("::").next().unwrap_or(full).to_string()
        });
        if self.entry_points.is_empty() {
            return Err(ConversationSetupError::NoEntryPoint { conversation });
        }
        if self.key.is_empty() {
            return Err(ConversationSetupError::NoKey { conversation });
        }
        let mut states: HashMap<&'static str, Vec<Arc<dyn Handler>>> = HashMap::new();
        for (state, handler) in self.states {
            let Some(known) = S::STATES.iter().find(|s| **s == state) else {
                return Err(ConversationSetupError::UnknownState {
                    conversation,
                    state,
                    known: S::STATES.join(", "),
                });
            };
            states.entry(known).or_default().push(handler);
        }
        Ok(ConversationHandler::new(Shared {
            name: conversation,
            persistent: self.persistent,
            key: self.key,
            allow_reentry: self.allow_reentry,
            timeout: self.timeout,
            block: self.block,
            entry_points: self.entry_points,
            states,
            fallbacks: self.fallbacks,
            timeout_handlers: self.timeout_handlers,
            waiting: self.waiting,
            store: Store::default(),
        }))
    }
}
