//! Message handlers: by filter, and by regex on the text.

use super::parts::{runs_its_callback, setting_methods};
use super::{CheckInfo, Checked, Handler, HandlerFn, SharedHandlerFn};
use crate::extract::kind;
use crate::filters::{FilterData, RegexMatch, SharedFilter};
use crate::{Update, UpdateKind};
use regex::Regex;
use telebot_syntax::update_kinds::MESSAGE_KINDS;

/// Runs for updates with a message that pass a [filter](crate::filters) (PTB's
/// `MessageHandler`). Regex filters' matches are the context's `matches`.
pub struct MessageHandler {
    filter: SharedFilter,
    block: Option<bool>,
    callback: SharedHandlerFn,
}

impl MessageHandler {
    /// A handler for messages passing `filter` (`filters::all()` for every message).
    pub fn new<H, A>(filter: SharedFilter, handler: H) -> Self
    where
        H: HandlerFn<kind::Message, A>,
    {
        MessageHandler {
            filter,
            block: None,
            callback: handler.into_callback(),
        }
    }

    setting_methods!(block);
}

impl Handler for MessageHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        update.carried_message()?;
        let mut data = FilterData::default();
        self.filter
            .check(update, &mut data)
            .then(|| Checked::with_data(data))
    }

    runs_its_callback!();

    fn update_kinds(&self) -> Vec<&'static str> {
        MESSAGE_KINDS.to_vec()
    }

    fn describe(&self) -> String {
        format!("MessageHandler({})", self.filter.describe())
    }
}

/// Runs for new messages whose text matches a regex; with `caption(true)`, captions too. The
/// match is the context's first entry of `matches`.
pub struct RegexHandler {
    regex: Regex,
    caption: bool,
    allow_edited: bool,
    filter: Option<SharedFilter>,
    block: Option<bool>,
    callback: SharedHandlerFn,
}

impl RegexHandler {
    /// A handler for text matching `pattern`.
    ///
    /// # Panics
    /// When `pattern` is not a valid regex; use [`RegexHandler::with_regex`] with a compiled
    /// one to handle the error yourself. The `#[regex]` macro checks patterns at compile time.
    pub fn new<H, A>(pattern: &str, handler: H) -> Self
    where
        H: HandlerFn<kind::Message, A>,
    {
        let regex =
            Regex::new(pattern).unwrap_or_else(|e| panic!("RegexHandler: invalid pattern: {e}"));
        Self::with_regex(regex, handler)
    }

    /// A handler for text matching a compiled regex.
    pub fn with_regex<H, A>(regex: Regex, handler: H) -> Self
    where
        H: HandlerFn<kind::Message, A>,
    {
        RegexHandler {
            regex,
            caption: false,
            allow_edited: false,
            filter: None,
            block: None,
            callback: handler.into_callback(),
        }
    }

    /// Also match captions of media messages.
    pub fn caption(mut self, yes: bool) -> Self {
        self.caption = yes;
        self
    }

    setting_methods!(allow_edited, filter, block);
}

impl Handler for RegexHandler {
    fn check(&self, update: &Update, _: &CheckInfo) -> Option<Checked> {
        let message = match &update.kind {
            UpdateKind::Message(m) => m,
            UpdateKind::EditedMessage(m) if self.allow_edited => m,
            _ => return None,
        };
        let text = message.text.as_deref().or(if self.caption {
            message.caption.as_deref()
        } else {
            None
        })?;
        let found = RegexMatch::search(&self.regex, text)?;
        let mut data = super::extra_filter(self.filter.as_ref(), update)?;
        data.matches.insert(0, found);
        Some(Checked::with_data(data))
    }

    runs_its_callback!();

    fn update_kinds(&self) -> Vec<&'static str> {
        super::new_messages(self.allow_edited)
    }

    fn describe(&self) -> String {
        format!("RegexHandler({})", self.regex.as_str())
    }
}
