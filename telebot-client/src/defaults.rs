//! Application-wide defaults for sending (PTB's `Defaults`): applied to every request whose
//! method takes the parameter and where the call did not set it.

use crate::ParseMode;
use crate::api::LinkPreviewOptions;
use serde_json::{Map, Value};
use telebot_api::ParseModeSite;

/// Values used where a request leaves a parameter unset.
///
/// ```
/// use telebot_client::Defaults;
/// use telebot_api::ParseMode;
/// let defaults = Defaults { parse_mode: Some(ParseMode::Html), protect_content: Some(true), ..Defaults::default() };
/// let bot = telebot_client::Bot::builder().token("1:x").defaults(defaults).build();
/// assert!(bot.is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    /// The parse mode of every text that has none and no entities: `parse_mode` of texts and
    /// captions, a poll's `question_parse_mode`, `explanation_parse_mode` and options'
    /// `text_parse_mode`, a quote's `quote_parse_mode`, a gift's `text_parse_mode`, and the
    /// same inside media groups, inline results, checklists and edited media (every place the
    /// spec has one, generated into each method's `PARSE_MODES`).
    pub parse_mode: Option<ParseMode>,
    /// `link_preview_options` of text messages.
    pub link_preview_options: Option<LinkPreviewOptions>,
    /// `disable_notification`: send silently.
    pub disable_notification: Option<bool>,
    /// `protect_content`: no forwarding or saving.
    pub protect_content: Option<bool>,
    /// `allow_sending_without_reply` inside `reply_parameters`: send even when the message
    /// replied to is gone.
    pub allow_sending_without_reply: Option<bool>,
    /// The time zone of daily, monthly and cron jobs that name none (PTB's `Defaults.tzinfo`);
    /// UTC when unset. See `telebot::jobs::time_zone`.
    pub time_zone: Option<jiff::tz::TimeZone>,
    /// Whether handlers that do not say block the next update of their chat until they finish
    /// (PTB's `Defaults.block`); `true` when unset. Read by the application's dispatcher, not
    /// by the client.
    pub block: Option<bool>,
    /// Whether the reply shortcuts (`message.reply_text(…)` and the like) send their message
    /// as a reply quoting the original (PTB's `Defaults.do_quote`); `true` when unset. A
    /// request's own `reply_parameters` always win.
    pub do_quote: Option<bool>,
}

impl Defaults {
    /// Whether any default is set.
    pub fn is_empty(&self) -> bool {
        *self == Defaults::default()
    }

    /// Whether any default changes what a request sends (the time zone, `block` and
    /// `do_quote` are read elsewhere).
    pub(crate) fn fills_requests(&self) -> bool {
        self.parse_mode.is_some()
            || self.link_preview_options.is_some()
            || self.disable_notification.is_some()
            || self.protect_content.is_some()
            || self.allow_sending_without_reply.is_some()
    }

    /// Fills unset parameters of a request's JSON object: `accepted` lists the method's
    /// parameters that defaults may touch, `sites` where it holds a parse mode.
    pub(crate) fn apply(
        &self,
        params: &mut Map<String, Value>,
        accepted: &[&str],
        sites: &[ParseModeSite],
    ) {
        let mut set = |key: &str, value: Option<Value>| {
            if let Some(value) = value
                && accepted.contains(&key)
                && !params.contains_key(key)
            {
                params.insert(key.to_string(), value);
            }
        };
        set(
            "link_preview_options",
            self.link_preview_options
                .as_ref()
                .and_then(|o| serde_json::to_value(o).ok()),
        );
        set(
            "disable_notification",
            self.disable_notification.map(Value::Bool),
        );
        set("protect_content", self.protect_content.map(Value::Bool));
        if let (Some(allow), Some(Value::Object(reply))) = (
            self.allow_sending_without_reply,
            params.get_mut("reply_parameters"),
        ) {
            reply
                .entry("allow_sending_without_reply")
                .or_insert(Value::Bool(allow));
        }
        let Some(parse_mode) = &self.parse_mode else {
            return;
        };
        let parse_mode = Value::String(parse_mode.as_str().to_string());
        for site in sites {
            objects_at(params, site.at, &mut |object| {
                if object.contains_key(site.text)
                    && !object.contains_key(site.mode)
                    && !object.contains_key(site.entities)
                {
                    object.insert(site.mode.to_string(), parse_mode.clone());
                }
            });
        }
    }
}

/// Calls `visit` with each object at `path` below `object` (see [`ParseModeSite::at`]).
fn objects_at(
    object: &mut Map<String, Value>,
    path: &str,
    visit: &mut dyn FnMut(&mut Map<String, Value>),
) {
    if path.is_empty() {
        visit(object);
        return;
    }
    let (step, rest) = path.split_once('.').unwrap_or((path, ""));
    match step.strip_suffix("[]") {
        Some(list) => {
            if let Some(Value::Array(items)) = object.get_mut(list) {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    objects_at(item, rest, visit);
                }
            }
        }
        None => {
            if let Some(Value::Object(inner)) = object.get_mut(step) {
                objects_at(inner, rest, visit);
            }
        }
    }
}
