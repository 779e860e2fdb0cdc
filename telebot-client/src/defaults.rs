//! Application-wide defaults for sending (PTB's `Defaults`): applied to every request whose
//! method takes the parameter and where the call did not set it.

use crate::ParseMode;
use crate::api::LinkPreviewOptions;
use serde_json::{Map, Value};

/// Values used where a request leaves a parameter unset.
///
/// ```
/// use telebot_client::Defaults;
/// use telebot_api::ParseMode;
/// let defaults = Defaults { parse_mode: Some(ParseMode::Html), protect_content: Some(true), ..Defaults::default() };
/// let bot = telebot_client::Bot::new("1:x").with_defaults(defaults);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    /// `parse_mode` of texts and captions (also inside media groups and inline results).
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
}

impl Defaults {
    /// Whether any default is set.
    pub fn is_empty(&self) -> bool {
        *self == Defaults::default()
    }

    /// Fills unset parameters of a request's JSON object; `accepted` lists the method's
    /// parameters that defaults may touch.
    pub(crate) fn apply(&self, params: &mut Map<String, Value>, accepted: &[&str]) {
        let parse_mode = self
            .parse_mode
            .as_ref()
            .map(|p| Value::String(p.as_str().to_string()));
        let mut set = |key: &str, value: Option<Value>| {
            if let Some(value) = value
                && accepted.contains(&key)
                && !params.contains_key(key)
            {
                params.insert(key.to_string(), value);
            }
        };
        set("parse_mode", parse_mode.clone());
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
        let Some(parse_mode) = parse_mode else { return };
        for list in ["media", "results"] {
            if let Some(Value::Array(items)) = params.get_mut(list) {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    if item.contains_key("caption") {
                        item.entry("parse_mode").or_insert(parse_mode.clone());
                    }
                    if let Some(Value::Object(content)) = item.get_mut("input_message_content")
                        && content.contains_key("message_text")
                    {
                        content.entry("parse_mode").or_insert(parse_mode.clone());
                    }
                }
            }
        }
    }
}
