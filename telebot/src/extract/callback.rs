//! [`Callback<T>`]: the typed data of a callback query's button.

use super::{ExtractError, FromContext, kind};
use crate::UpdateKind;
use crate::callback_data::CallbackData;
use crate::context::CallbackContext;

/// The button's callback data read as a `T` (see [`callback_data`](crate::callback_data)).
///
/// Stale, forged or malformed data never reaches the function: the query is answered politely,
/// or handed to the application's `on_invalid_callback_data` handler.
///
/// ```
/// # use telebot::callback_data::{CallbackData, FieldError, Packer, Unpacker};
/// # struct Vote { choice: u8 }
/// # impl CallbackData for Vote {
/// #     const PREFIX: &'static str = "vote";
/// #     fn write_fields(&self, out: &mut Packer) { out.field(&self.choice); }
/// #     fn read_fields(f: &mut Unpacker<'_>) -> Result<Self, FieldError> { Ok(Vote { choice: f.field()? }) }
/// # }
/// use telebot::extract::Callback;
/// use telebot::handlers::CallbackQueryHandler;
///
/// async fn vote(Callback(vote): Callback<Vote>) -> telebot::HandlerResult {
///     println!("voted {}", vote.choice);
///     Ok(())
/// }
/// let handler = CallbackQueryHandler::new(vote).data::<Vote>();
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback<T>(pub T);

impl<T: CallbackData> FromContext<kind::CallbackQuery> for Callback<T> {
    async fn from_context(ctx: &CallbackContext) -> Result<Self, ExtractError> {
        let Some(UpdateKind::CallbackQuery(query)) = ctx.update().map(|u| &u.kind) else {
            return Err(ExtractError::Missing {
                what: "CallbackQuery",
            });
        };
        let codec = ctx.application().callback_data();
        if let Some(data) = query.data.as_deref() {
            // Packed on another instance of a cluster: fetched from the shared cache.
            codec.fetch_shared(data).await;
        }
        // The codec checks the press's chat and user against the button's binding.
        let value = codec.unpack_query::<T>(query)?;
        Ok(Callback(value))
    }
}
