//! What `#[telebot::conversation]` generates code against: the builder being filled with the
//! module's handlers by role, and the commands they declare.

use super::{ConversationBuilder, ConversationHandler, ConversationState};
use crate::__private::Declared;
use crate::commands::CommandSet;
use crate::handlers::{Handler, HandlerSet};
use std::sync::Arc;

/// Where a handler of a `#[telebot::conversation]` module takes part.
#[derive(Debug, Clone, Copy)]
pub enum ConversationRole {
    /// `#[entry]`.
    Entry,
    /// `#[state(…)]`, one per state named.
    State(&'static str),
    /// `#[fallback]`.
    Fallback,
    /// `#[on_timeout]`.
    Timeout,
    /// `#[while_waiting]`.
    Waiting,
}

/// A conversation being declared by the macro.
pub struct ConversationParts<S: ConversationState> {
    builder: ConversationBuilder<S>,
    commands: CommandSet,
}

impl<S: ConversationState> ConversationParts<S> {
    /// A builder with the module's settings.
    pub fn new(settings: impl FnOnce(ConversationBuilder<S>) -> ConversationBuilder<S>) -> Self {
        ConversationParts {
            builder: settings(ConversationBuilder::default()),
            commands: CommandSet::default(),
        }
    }

    /// Adds the handler an attribute declared under `T`, with its commands.
    pub fn declared<T: Declared>(mut self, role: ConversationRole) -> Self {
        let set = T::declare(HandlerSet::new());
        for (_, handler) in set.handlers {
            self.builder = self.builder.add(role, handler);
        }
        // The same command may serve several states (`/skip`): list it once.
        for info in set.commands.iter() {
            if !info.names.iter().any(|n| self.commands.get(n).is_some()) {
                self.commands.push(info.clone());
            }
        }
        self
    }

    /// Adds a handler a plain function returned.
    pub fn handler(mut self, role: ConversationRole, handler: impl Handler) -> Self {
        self.builder = self.builder.add(role, Arc::new(handler));
        self
    }

    /// The conversation.
    pub fn conversation(self) -> ConversationHandler<S> {
        match self.builder.build() {
            Ok(conversation) => conversation,
            // The macro checked the states, the entry points and the key at compile time.
            Err(e) => panic!("#[telebot::conversation]: {e}"),
        }
    }

    /// The conversation in a handler set (group 0), with its handlers' commands.
    pub fn handlers(mut self) -> HandlerSet {
        let commands = std::mem::take(&mut self.commands);
        let mut set = HandlerSet::new().handler(self.conversation(), 0);
        set.commands.extend(commands);
        set
    }
}
