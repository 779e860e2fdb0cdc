//! [`ConversationHandler`]: the conversation as one handler; which inner handler an update goes
//! to, and the step its result takes.

use super::builder::ConversationBuilder;
use super::store::{SharedData, Store};
use super::{ConversationError, ConversationScope, ConversationState, KeyStrategy, Next};
use crate::Update;
use crate::application::Application;
use crate::context::CallbackContext;
use crate::handlers::{CheckInfo, Checked, Handler, HandlerError, Outcome};
use futures_util::future::BoxFuture;
use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

/// A conversation's declaration and its running states.
pub(super) struct Shared<S: ConversationState> {
    pub(super) name: String,
    pub(super) persistent: bool,
    pub(super) key: KeyStrategy,
    pub(super) allow_reentry: bool,
    pub(super) timeout: Option<Duration>,
    pub(super) block: Option<bool>,
    pub(super) entry_points: Vec<Arc<dyn Handler>>,
    pub(super) states: HashMap<&'static str, Vec<Arc<dyn Handler>>>,
    pub(super) fallbacks: Vec<Arc<dyn Handler>>,
    pub(super) timeout_handlers: Vec<Arc<dyn Handler>>,
    pub(super) waiting: Vec<Arc<dyn Handler>>,
    pub(super) store: Store<S>,
}

/// Turns some of a nested conversation's steps into its parent's.
type ParentMap<S> = dyn Fn(&Next<S>) -> Option<Box<dyn Any + Send>> + Send + Sync;

/// A conversation: entry points, handlers per state, fallbacks, and the state of every key
/// (see [the module](mod@crate::conversation)). Built with [`ConversationHandler::builder`] or
/// the `#[telebot::conversation]` macro; added to the application like any handler.
pub struct ConversationHandler<S: ConversationState> {
    shared: Arc<Shared<S>>,
    parent: Option<Arc<ParentMap<S>>>,
}

impl<S: ConversationState> Clone for ConversationHandler<S> {
    /// Another handle on the same conversation (same states).
    fn clone(&self) -> Self {
        ConversationHandler {
            shared: Arc::clone(&self.shared),
            parent: self.parent.clone(),
        }
    }
}

impl<S: ConversationState> std::fmt::Debug for ConversationHandler<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConversationHandler")
            .field("name", &self.shared.name)
            .field("key", &self.shared.key)
            .finish_non_exhaustive()
    }
}

/// Which of its handlers a conversation's check chose.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Entry,
    State,
    Waiting,
}

/// What the check found, for the run: the key, the handler, its own check's route, the state.
struct Route<S> {
    key: String,
    role: Role,
    handler: Arc<dyn Handler>,
    inner: Option<Arc<dyn Any + Send + Sync>>,
    state: Option<S>,
}

impl<S: ConversationState> ConversationHandler<S> {
    /// A builder.
    pub fn builder() -> ConversationBuilder<S> {
        ConversationBuilder::default()
    }

    pub(super) fn new(shared: Shared<S>) -> Self {
        ConversationHandler {
            shared: Arc::new(shared),
            parent: None,
        }
    }

    /// The conversation's name.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// For a conversation nested in another one (a handler of one of the parent's states):
    /// the steps `map` turns into a step of the parent end this conversation and take the
    /// parent there (PTB's `map_to_parent`). Steps it maps to `None` stay in this conversation;
    /// ending without a mapping keeps the parent's state.
    pub fn map_to_parent<P: Send + 'static>(
        mut self,
        map: impl Fn(&Next<S>) -> Option<Next<P>> + Send + Sync + 'static,
    ) -> Self {
        self.parent = Some(Arc::new(move |next: &Next<S>| {
            map(next).map(|p| Box::new(p) as Box<dyn Any + Send>)
        }));
        self
    }

    /// The state of the conversation for `key` (`"<chat>:<user>"` by default), if one runs.
    pub fn state_of(&self, key: &str) -> Option<S> {
        self.shared.store.state(key)
    }

    /// The key `update` belongs to under this conversation's key strategy.
    pub fn key_of(&self, update: &Update) -> Option<String> {
        self.shared.key.key(update)
    }

    fn route<'a>(
        &self,
        handlers: impl IntoIterator<Item = &'a Arc<dyn Handler>>,
        update: &Update,
        info: &CheckInfo,
        key: &str,
        role: Role,
        state: Option<S>,
    ) -> Option<Checked> {
        handlers.into_iter().find_map(|handler| {
            let checked = handler.check(update, info)?;
            let route = Route {
                key: key.to_string(),
                role,
                handler: Arc::clone(handler),
                inner: checked.route,
                state: state.clone(),
            };
            Some(Checked {
                args: checked.args,
                data: checked.data,
                command: checked.command,
                route: Some(Arc::new(route)),
            })
        })
    }
}

impl<S: ConversationState> Shared<S> {
    /// Takes the step `next` for the route's key; what goes to the parent, if anything.
    async fn step(
        self: &Arc<Self>,
        app: &Application,
        update: Option<Arc<Update>>,
        route: &Route<S>,
        data: SharedData<S>,
        next: Next<S>,
        parent: Option<&ParentMap<S>>,
    ) -> Result<Option<Box<dyn Any + Send>>, ConversationError> {
        let key = &route.key;
        if !matches!(next, Next::Stay)
            && let Some(to_parent) = parent.and_then(|map| map(&next))
        {
            self.store.remove(key);
            self.persist(app, key, None, None).await?;
            return Ok(Some(to_parent));
        }
        match next {
            Next::Stay => {
                if let Some(state) = self.store.state(key) {
                    let data = self.store.data(key).unwrap_or(data);
                    self.persist(app, key, Some((&state, &data)), update.as_deref())
                        .await?;
                    super::timeout::schedule(self, app, update, key);
                }
            }
            Next::To(state) => {
                self.store.set(key, state.clone(), Arc::clone(&data));
                self.persist(app, key, Some((&state, &data)), update.as_deref())
                    .await?;
                super::timeout::schedule(self, app, update, key);
            }
            Next::End => {
                if self.store.remove(key).is_some() {
                    self.persist(app, key, None, None).await?;
                }
            }
        }
        Ok(None)
    }

    /// Writes the key's state (or its end) through the backend, for persistent conversations.
    /// With a timeout, the record also holds when it expires and the update that started the
    /// wait (the timeout handlers' update), so that a restart arms the timer again.
    pub(super) async fn persist(
        &self,
        app: &Application,
        key: &str,
        state: Option<(&S, &SharedData<S>)>,
        last_update: Option<&Update>,
    ) -> Result<(), ConversationError> {
        let Some(backend) = app.persistence().filter(|_| self.persistent) else {
            return Ok(());
        };
        let value = match state {
            Some((state, data)) => {
                let data = data.lock().await;
                let encoded = serde_json::to_value(state).and_then(|state| {
                    let mut record = serde_json::json!({ "state": state, "data": serde_json::to_value(&*data)? });
                    if let Some(timeout) = self.timeout {
                        let timeout = i64::try_from(timeout.as_millis()).unwrap_or(i64::MAX);
                        let now = app.job_queue().now().as_millisecond();
                        record["expires_ms"] = now.saturating_add(timeout).into();
                        if let Some(update) = last_update {
                            // As JSON text: read back with the one reader of API objects.
                            record["update"] = serde_json::to_string(update)?.into();
                        }
                    }
                    Ok(record)
                });
                Some(encoded.map_err(|source| ConversationError::Serialize {
                    conversation: self.name.clone(),
                    key: key.to_string(),
                    source,
                })?)
            }
            None => None,
        };
        backend
            .update_conversation(&self.name, key, value)
            .await
            .map_err(|source| ConversationError::Store {
                conversation: self.name.clone(),
                key: key.to_string(),
                source,
            })
    }

    /// Loads the persisted states; a state that does not deserialize is reported and dropped.
    /// With a timeout, each loaded conversation's timer is armed again for what was left of it
    /// (at once when it expired while the bot was down).
    async fn load(self: &Arc<Self>, app: &Application) {
        let Some(backend) = app.persistence().filter(|_| self.persistent) else {
            if self.persistent {
                tracing::warn!(conversation = %self.name, "a persistent conversation without a persistence backend keeps its states in memory only");
            }
            return;
        };
        let stored = match backend.get_conversations(&self.name).await {
            Ok(stored) => stored,
            Err(source) => {
                let error = ConversationError::Store {
                    conversation: self.name.clone(),
                    key: String::from("*"),
                    source,
                };
                app.report(None, Box::new(error)).await;
                return;
            }
        };
        for (key, mut value) in stored {
            let state = value.get_mut("state").map(serde_json::Value::take);
            let data = value.get_mut("data").map(serde_json::Value::take);
            let decoded =
                serde_json::from_value::<S>(state.unwrap_or_default()).and_then(|state| {
                    let data = match data {
                        Some(data) if !data.is_null() => serde_json::from_value(data)?,
                        _ => S::Data::default(),
                    };
                    Ok((state, data))
                });
            match decoded {
                Ok((state, data)) => {
                    self.store
                        .set(&key, state, Arc::new(tokio::sync::Mutex::new(data)));
                    if let Some(timeout) = self.timeout {
                        let rearm = Rearm::read(&value, app, timeout);
                        super::timeout::schedule_after(self, app, rearm.update, &key, rearm.left);
                    }
                }
                Err(source) => {
                    let error = ConversationError::UnreadableState {
                        conversation: self.name.clone(),
                        key: key.clone(),
                        source,
                    };
                    app.report(None, Box::new(error)).await;
                    if let Err(e) = self.persist(app, &key, None, None).await {
                        app.report(None, Box::new(e)).await;
                    }
                }
            }
        }
    }

    fn all_handlers(&self) -> impl Iterator<Item = &Arc<dyn Handler>> {
        self.entry_points
            .iter()
            .chain(self.states.values().flatten())
            .chain(&self.fallbacks)
            .chain(&self.timeout_handlers)
            .chain(&self.waiting)
    }
}

/// A loaded conversation's timer: what is left of its timeout, and the update its timeout
/// handlers run on.
struct Rearm {
    left: Duration,
    update: Option<Arc<Update>>,
}

impl Rearm {
    /// Takes the timer fields out of a stored record. A record without them (written before
    /// the conversation had a timeout) gets the whole timeout, and its timeout handlers, with
    /// no update, do not run; a timeout shortened since is honoured.
    fn read(record: &serde_json::Value, app: &Application, timeout: Duration) -> Rearm {
        let expires = record.get("expires_ms").and_then(serde_json::Value::as_i64);
        let now = app.job_queue().now().as_millisecond();
        let left = expires.map_or(timeout, |expires| {
            Duration::from_millis(u64::try_from(expires.saturating_sub(now)).unwrap_or(0))
        });
        let update = record
            .get("update")
            .and_then(serde_json::Value::as_str)
            .and_then(|text| telebot_api::decode_update(text.as_bytes()).ok())
            .map(Arc::new);
        Rearm {
            left: left.min(timeout),
            update,
        }
    }
}

/// Splits an inner handler's outcome into the step and the outcome for the dispatcher.
fn split<S: ConversationState>(outcome: Outcome, name: &str) -> (Next<S>, Outcome) {
    match outcome {
        Outcome::Next(next) => match next.downcast::<Next<S>>() {
            Ok(next) => (*next, Outcome::Continue),
            Err(_) => (
                Next::Stay,
                Outcome::Failed(Box::new(ConversationError::WrongStateType {
                    conversation: name.to_string(),
                    expected: std::any::type_name::<S>(),
                })),
            ),
        },
        other => (Next::Stay, other),
    }
}

impl<S: ConversationState> Handler for ConversationHandler<S> {
    fn check(&self, update: &Update, info: &CheckInfo) -> Option<Checked> {
        let shared = &self.shared;
        let key = shared.key.key(update)?;
        if shared.store.is_pending(&key) {
            return self.route(&shared.waiting, update, info, &key, Role::Waiting, None);
        }
        let current = shared.store.state(&key);
        if (current.is_none() || shared.allow_reentry)
            && let Some(found) =
                self.route(&shared.entry_points, update, info, &key, Role::Entry, None)
        {
            return Some(found);
        }
        let state = current?;
        let handlers = shared
            .states
            .get(state.name())
            .into_iter()
            .flatten()
            .chain(&shared.fallbacks);
        self.route(handlers, update, info, &key, Role::State, Some(state))
    }

    fn handle(&self, ctx: CallbackContext) -> BoxFuture<'static, Outcome> {
        let route = ctx
            .route()
            .and_then(|route| Arc::clone(route).downcast::<Route<S>>().ok());
        let Some(route) = route else {
            // Run without a check of ours: nothing to do.
            return Box::pin(async { Outcome::Continue });
        };
        let shared = Arc::clone(&self.shared);
        let parent = self.parent.clone();
        let waits =
            !crate::handlers::blocks(shared.block, ctx.bot()) && route.role != Role::Waiting;
        if route.role != Role::Waiting {
            shared.store.cancel_timer(&route.key);
        }
        if waits {
            // Set before the dispatcher moves on, so the next update of the key sees it.
            shared.store.set_pending(&route.key, true);
        }
        Box::pin(async move {
            let fresh = || Arc::new(tokio::sync::Mutex::new(S::Data::default()));
            let data = match route.role {
                Role::Entry => fresh(),
                Role::State | Role::Waiting => shared.store.data(&route.key).unwrap_or_else(fresh),
            };
            let scope = ConversationScope::new(route.state.clone(), Arc::clone(&data));
            let inner = ctx
                .clone()
                .with_route(route.inner.clone())
                .with_conversation(Arc::new(scope));
            let outcome = route.handler.handle(inner).await;
            if route.role == Role::Waiting {
                return match outcome {
                    Outcome::Next(_) => Outcome::Continue,
                    other => other,
                };
            }
            let (next, outcome) = split::<S>(outcome, &shared.name);
            let app = ctx.application().clone();
            let stepped = shared
                .step(
                    &app,
                    ctx.shared_update(),
                    &route,
                    data,
                    next,
                    parent.as_deref(),
                )
                .await;
            if waits {
                shared.store.set_pending(&route.key, false);
            }
            match stepped {
                Ok(Some(to_parent)) if !matches!(outcome, Outcome::Failed(_)) => {
                    Outcome::Next(to_parent)
                }
                Ok(_) => outcome,
                Err(e) => match outcome {
                    Outcome::Failed(first) => {
                        let error: HandlerError = Box::new(e);
                        app.report(ctx.shared_update(), error).await;
                        Outcome::Failed(first)
                    }
                    _ => Outcome::Failed(Box::new(e)),
                },
            }
        })
    }

    fn block(&self) -> Option<bool> {
        self.shared.block
    }

    fn update_kinds(&self) -> Vec<&'static str> {
        let kinds: BTreeSet<&'static str> = self
            .shared
            .all_handlers()
            .flat_map(|h| h.update_kinds())
            .collect();
        kinds.into_iter().collect()
    }

    fn describe(&self) -> String {
        format!(
            "conversation `{}` ({} states)",
            self.shared.name,
            S::STATES.len()
        )
    }

    fn command_names(&self) -> Vec<String> {
        let names: BTreeSet<String> = self
            .shared
            .all_handlers()
            .flat_map(|h| h.command_names())
            .collect();
        names.into_iter().collect()
    }

    fn initialize(&self, ctx: &CallbackContext) -> BoxFuture<'static, ()> {
        let shared = Arc::clone(&self.shared);
        let ctx = ctx.clone();
        Box::pin(async move {
            shared.load(ctx.application()).await;
            let inner: Vec<Arc<dyn Handler>> = shared.all_handlers().cloned().collect();
            for handler in inner {
                handler.initialize(&ctx).await;
            }
        })
    }
}
