//! What a [`CallbackContext`](super::CallbackContext) reads of the application it runs in,
//! as a trait the application implements: the context stands below the application, the
//! dispatcher and the job queue, and names none of them.

use crate::Bot;
use crate::commands::registry::Registry;
use crate::data::DataStore;
use std::any::{Any, TypeId};

/// The services of a running application that contexts, extractors and the dispatcher use.
pub(crate) trait Host: Send + Sync + 'static {
    /// The bot.
    fn bot(&self) -> &Bot;
    /// The user, chat and bot data.
    fn data(&self) -> &DataStore;
    /// The commands and their options (usage replies, the help text).
    fn commands(&self) -> &Registry;
    /// A value given to the builder's `state`, by its type.
    fn state(&self, type_id: TypeId) -> Option<&(dyn Any + Send + Sync)>;
    /// The host itself, for the layer that knows its type (the application).
    fn as_any(&self) -> &dyn Any;
}
