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
    /// The parameters where `Defaults` (`telebot-client`) apply: `parse_mode`,
    /// `link_preview_options`, `disable_notification`, `protect_content`, and the objects inside
    /// `reply_parameters`, `media` and `results`.
    const DEFAULTABLE: &'static [&'static str] = &[];
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
