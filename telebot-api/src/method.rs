use serde::Serialize;
use serde::de::DeserializeOwned;

/// A Bot API method: its parameters (the implementing struct), its name and its result type.
///
/// Every method of the spec has a generated implementation in [`crate::api::methods`]; implement
/// it yourself for a method a newer Bot API adds before telebot is regenerated, or use
/// `Bot::call` (`telebot-client`).
pub trait Method: Serialize + Send + Sync + 'static {
    /// The method's name as Telegram spells it (`sendMessage`).
    const NAME: &'static str;
    /// Whether the parameters may hold an [`InputFile`](crate::InputFile) upload, so that the
    /// request may need `multipart/form-data`.
    const MAY_UPLOAD: bool;
    /// Whether sending the request twice is harmless, so that the client may repeat it after an
    /// ambiguous failure (a time-out or a broken connection after the request was written).
    /// Generated from a reviewed list (`telebot-codegen/src/idempotence.rs`): reads, edits,
    /// answers to a query id, setters and deletions are; sends, forwards, copies, and calls that
    /// create something or move Stars are not. A hand-written method that is not sure says
    /// `false`.
    const IDEMPOTENT: bool;
    /// The parameters where `Defaults` (`telebot-client`) apply: `link_preview_options`,
    /// `disable_notification`, `protect_content` and `reply_parameters`.
    const DEFAULTABLE: &'static [&'static str] = &[];
    /// Where the parameters hold a parse mode, for the default parse mode (generated from the
    /// spec: every `*parse_mode` field of the parameters and of the objects inside them).
    const PARSE_MODES: &'static [ParseModeSite] = &[];
    /// What the method returns on success.
    type Response: DeserializeOwned + Send + 'static;

    /// Decodes the method's result from its JSON text (the `result` of Telegram's answer).
    ///
    /// The generated methods implement it in this crate, so that the decoders of the results
    /// are compiled once, here, and not again in every crate that sends a request (in a
    /// release build a generic function is compiled anew in each crate that uses it). The
    /// default decodes with `serde_json::from_str`, as the generated ones do.
    fn decode_result(json: &str) -> serde_json::Result<Self::Response> {
        serde_json::from_str(json)
    }

    /// For long polling (`getUpdates`): how many seconds the server may hold the request, which
    /// the client adds to its own timeout.
    fn long_poll_seconds(&self) -> Option<u64> {
        None
    }
}

/// A place in a method's parameters for a parse mode: the default parse mode is set there when
/// the object has its text and neither a parse mode nor entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseModeSite {
    /// The object's path from the parameters: `""` for the parameters themselves, a field name,
    /// `name[]` for each element of an array, dots between levels
    /// (`results[].input_message_content`).
    pub at: &'static str,
    /// The parse-mode field (`parse_mode`, `question_parse_mode`, …).
    pub mode: &'static str,
    /// The text it formats (`text`, `caption`, `question`, …).
    pub text: &'static str,
    /// The entities field given instead of a parse mode.
    pub entities: &'static str,
}
