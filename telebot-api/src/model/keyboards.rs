//! Short constructors for buttons and keyboards.

use crate::api::{
    ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
};

impl InlineKeyboardButton {
    /// A button that sends `data` back to the bot as a callback query.
    ///
    /// ```
    /// use telebot_api::api::{InlineKeyboardButton, InlineKeyboardMarkup};
    /// let markup = InlineKeyboardMarkup::from_rows([[InlineKeyboardButton::callback("Yes", "vote:1")]]);
    /// assert_eq!(markup.inline_keyboard[0][0].callback_data.as_deref(), Some("vote:1"));
    /// ```
    pub fn callback(text: impl Into<String>, data: impl Into<String>) -> Self {
        let mut button = InlineKeyboardButton::new(text);
        button.callback_data = Some(data.into());
        button
    }

    /// A button that opens a URL.
    pub fn url(text: impl Into<String>, url: impl Into<String>) -> Self {
        let mut button = InlineKeyboardButton::new(text);
        button.url = Some(url.into());
        button
    }

    /// A button that starts an inline query in the current chat.
    pub fn switch_inline_query_current_chat(
        text: impl Into<String>,
        query: impl Into<String>,
    ) -> Self {
        let mut button = InlineKeyboardButton::new(text);
        button.switch_inline_query_current_chat = Some(query.into());
        button
    }
}

impl InlineKeyboardMarkup {
    /// A keyboard from rows of buttons.
    pub fn from_rows<R: IntoIterator<Item = InlineKeyboardButton>>(
        rows: impl IntoIterator<Item = R>,
    ) -> Self {
        InlineKeyboardMarkup::new(rows.into_iter().map(|r| r.into_iter().collect::<Vec<_>>()))
    }
}

impl ReplyKeyboardMarkup {
    /// A reply keyboard from rows of button texts, resized to fit.
    pub fn from_texts<S: Into<String>, R: IntoIterator<Item = S>>(
        rows: impl IntoIterator<Item = R>,
    ) -> Self {
        let mut markup = ReplyKeyboardMarkup::new(
            rows.into_iter()
                .map(|r| r.into_iter().map(KeyboardButton::new).collect::<Vec<_>>()),
        );
        markup.resize_keyboard = Some(true);
        markup
    }
}

impl ReplyKeyboardRemove {
    /// Removes the reply keyboard.
    pub fn remove() -> Self {
        ReplyKeyboardRemove::new(true)
    }
}

impl ForceReply {
    /// Asks the user to reply to the bot's message.
    pub fn force() -> Self {
        ForceReply::new(true)
    }
}
