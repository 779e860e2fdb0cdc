//! Keyboards built a button at a time and laid out afterwards: fixed columns, or row sizes
//! that repeat (`adjust(&[2, 1])`: two buttons, then one per row).

use crate::api::{InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup};

/// Telegram's limits for keyboards: buttons per row and in all.
pub trait KeyboardButtonKind: Clone {
    /// The most buttons Telegram shows in one row.
    const MAX_PER_ROW: usize;
    /// The most buttons in one keyboard.
    const MAX_BUTTONS: usize = 100;
    /// What the button reads, for error messages.
    fn label(&self) -> &str;
}

impl KeyboardButtonKind for InlineKeyboardButton {
    const MAX_PER_ROW: usize = 8;
    fn label(&self) -> &str {
        &self.text
    }
}

impl KeyboardButtonKind for KeyboardButton {
    const MAX_PER_ROW: usize = 12;
    fn label(&self) -> &str {
        &self.text
    }
}

/// A keyboard that would be refused by Telegram.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyboardError {
    /// A row longer than Telegram shows.
    #[error("row {row} has {len} buttons; at most {max} fit in a row")]
    RowTooLong {
        /// The row, from 0.
        row: usize,
        /// Its length.
        len: usize,
        /// The limit for this kind of keyboard.
        max: usize,
    },
    /// More buttons than a keyboard may have.
    #[error("the keyboard has {len} buttons; at most {max} are allowed")]
    TooManyButtons {
        /// How many there are.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A row size of zero in `adjust`.
    #[error("row sizes must be at least 1")]
    ZeroRowSize,
    /// A keyboard without a single button.
    #[error("the keyboard has no buttons")]
    Empty,
}

/// Builds a keyboard: add buttons (or whole rows), then lay them out.
///
/// ```
/// use telebot_api::api::InlineKeyboardButton;
/// use telebot_api::model::InlineKeyboardBuilder;
///
/// let mut builder = InlineKeyboardBuilder::new();
/// builder.adjust(&[2]); // two columns for the buttons added one by one
/// for n in 1..=5 {
///     builder.button(InlineKeyboardButton::callback(n.to_string(), format!("pick:{n}")));
/// }
/// builder.row([InlineKeyboardButton::callback("Cancel", "cancel")]);
/// let markup = builder.build().unwrap();
/// let rows: Vec<usize> = markup.inline_keyboard.iter().map(Vec::len).collect();
/// assert_eq!(rows, [2, 2, 1, 1]);
/// ```
#[derive(Debug, Clone)]
pub struct KeyboardBuilder<B> {
    /// Rows as laid out so far; the last one is still open for `button`.
    rows: Vec<Vec<B>>,
    /// Buttons added with `button` since the last explicit row, to be laid out by `adjust`.
    loose: Vec<B>,
    /// Row sizes for the loose buttons, and whether the whole pattern repeats.
    sizes: Vec<usize>,
    repeat: bool,
}

/// A builder of inline keyboards.
pub type InlineKeyboardBuilder = KeyboardBuilder<InlineKeyboardButton>;
/// A builder of reply keyboards.
pub type ReplyKeyboardBuilder = KeyboardBuilder<KeyboardButton>;

impl<B> Default for KeyboardBuilder<B> {
    fn default() -> Self {
        KeyboardBuilder {
            rows: Vec::new(),
            loose: Vec::new(),
            sizes: Vec::new(),
            repeat: false,
        }
    }
}

impl<B: KeyboardButtonKind> KeyboardBuilder<B> {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a button; buttons added this way are laid out by [`adjust`](Self::adjust) (one
    /// row of up to the row limit when no layout is given).
    pub fn button(&mut self, button: B) -> &mut Self {
        self.loose.push(button);
        self
    }

    /// Adds several buttons, as [`button`](Self::button) does.
    pub fn buttons(&mut self, buttons: impl IntoIterator<Item = B>) -> &mut Self {
        self.loose.extend(buttons);
        self
    }

    /// Ends the buttons added so far (laid out as [`adjust`](Self::adjust) says) and adds a
    /// row of exactly these buttons.
    pub fn row(&mut self, buttons: impl IntoIterator<Item = B>) -> &mut Self {
        self.flush();
        self.rows.push(buttons.into_iter().collect());
        self
    }

    /// Lays out the loose buttons in rows of these sizes; the last size repeats for the rest
    /// (`&[3]` is three columns, `&[1, 2]` is one button then rows of two). It applies to
    /// loose buttons not yet ended by [`row`](Self::row).
    pub fn adjust(&mut self, sizes: &[usize]) -> &mut Self {
        self.sizes = sizes.to_vec();
        self.repeat = false;
        self
    }

    /// Like [`adjust`](Self::adjust), but the whole pattern repeats (`&[1, 2]`: 1, 2, 1, 2, …).
    pub fn adjust_repeating(&mut self, sizes: &[usize]) -> &mut Self {
        self.sizes = sizes.to_vec();
        self.repeat = true;
        self
    }

    fn flush(&mut self) {
        if self.loose.is_empty() {
            return;
        }
        let sizes = if self.sizes.is_empty() {
            vec![B::MAX_PER_ROW]
        } else {
            self.sizes.clone()
        };
        let mut loose = std::mem::take(&mut self.loose).into_iter().peekable();
        let mut index = 0;
        while loose.peek().is_some() {
            let size = match sizes.get(index) {
                Some(size) => *size,
                None if self.repeat => sizes[index % sizes.len()],
                None => *sizes.last().unwrap_or(&B::MAX_PER_ROW),
            };
            // A zero size is reported by `build`; lay out one button so the loop ends.
            self.rows.push(loose.by_ref().take(size.max(1)).collect());
            index += 1;
        }
    }

    /// The rows, checked against Telegram's limits.
    pub fn rows(&mut self) -> Result<Vec<Vec<B>>, KeyboardError> {
        if self.sizes.contains(&0) {
            return Err(KeyboardError::ZeroRowSize);
        }
        self.flush();
        let rows: Vec<Vec<B>> = std::mem::take(&mut self.rows)
            .into_iter()
            .filter(|row| !row.is_empty())
            .collect();
        let total: usize = rows.iter().map(Vec::len).sum();
        if total == 0 {
            return Err(KeyboardError::Empty);
        }
        if total > B::MAX_BUTTONS {
            return Err(KeyboardError::TooManyButtons {
                len: total,
                max: B::MAX_BUTTONS,
            });
        }
        if let Some((row, len)) = rows
            .iter()
            .map(Vec::len)
            .enumerate()
            .find(|(_, len)| *len > B::MAX_PER_ROW)
        {
            return Err(KeyboardError::RowTooLong {
                row,
                len,
                max: B::MAX_PER_ROW,
            });
        }
        Ok(rows)
    }
}

impl InlineKeyboardBuilder {
    /// Adds a button that sends `data` back as a callback query.
    pub fn callback(&mut self, text: impl Into<String>, data: impl Into<String>) -> &mut Self {
        self.button(InlineKeyboardButton::callback(text, data))
    }

    /// The inline keyboard.
    pub fn build(&mut self) -> Result<InlineKeyboardMarkup, KeyboardError> {
        Ok(InlineKeyboardMarkup::new(self.rows()?))
    }
}

impl ReplyKeyboardBuilder {
    /// Adds a button that sends its text.
    pub fn text(&mut self, text: impl Into<String>) -> &mut Self {
        self.button(KeyboardButton::new(text))
    }

    /// The reply keyboard, resized to fit its buttons.
    pub fn build(&mut self) -> Result<ReplyKeyboardMarkup, KeyboardError> {
        let mut markup = ReplyKeyboardMarkup::new(self.rows()?);
        markup.resize_keyboard = Some(true);
        Ok(markup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(builder: &mut InlineKeyboardBuilder) -> Vec<usize> {
        builder
            .build()
            .unwrap()
            .inline_keyboard
            .iter()
            .map(Vec::len)
            .collect()
    }

    fn numbered(n: usize) -> InlineKeyboardBuilder {
        let mut builder = InlineKeyboardBuilder::new();
        for i in 0..n {
            builder.callback(i.to_string(), i.to_string());
        }
        builder
    }

    #[test]
    fn lays_out_sizes_with_the_last_repeating_or_the_whole_pattern() {
        assert_eq!(shape(numbered(7).adjust(&[3])), [3, 3, 1]);
        assert_eq!(shape(numbered(7).adjust(&[1, 2])), [1, 2, 2, 2]);
        assert_eq!(
            shape(numbered(7).adjust_repeating(&[1, 2])),
            [1, 2, 1, 2, 1]
        );
        assert_eq!(shape(&mut numbered(10)), [8, 2]);
    }

    #[test]
    fn explicit_rows_keep_their_place_and_order() {
        let mut builder = numbered(3);
        builder.adjust(&[2]);
        builder.row([InlineKeyboardButton::callback("Back", "back")]);
        builder.callback("Next", "next");
        let markup = builder.build().unwrap();
        let labels: Vec<Vec<&str>> = markup
            .inline_keyboard
            .iter()
            .map(|row| row.iter().map(|b| b.text.as_str()).collect())
            .collect();
        assert_eq!(
            labels,
            [vec!["0", "1"], vec!["2"], vec!["Back"], vec!["Next"]]
        );
    }

    #[test]
    fn refuses_keyboards_telegram_would_refuse() {
        assert_eq!(
            numbered(101).adjust(&[1]).build().unwrap_err(),
            KeyboardError::TooManyButtons { len: 101, max: 100 }
        );
        let mut wide = InlineKeyboardBuilder::new();
        wide.row((0..9).map(|i| InlineKeyboardButton::callback(i.to_string(), "x")));
        assert_eq!(
            wide.build().unwrap_err(),
            KeyboardError::RowTooLong {
                row: 0,
                len: 9,
                max: 8
            }
        );
        assert_eq!(
            numbered(2).adjust(&[0]).build().unwrap_err(),
            KeyboardError::ZeroRowSize
        );
        assert_eq!(
            InlineKeyboardBuilder::new().build().unwrap_err(),
            KeyboardError::Empty
        );
    }

    #[test]
    fn reply_keyboards_fit_twelve_a_row_and_resize() {
        let mut builder = ReplyKeyboardBuilder::new();
        for i in 0..13 {
            builder.text(i.to_string());
        }
        let markup = builder.build().unwrap();
        assert_eq!(markup.keyboard.len(), 2);
        assert_eq!(markup.keyboard[0].len(), 12);
        assert_eq!(markup.resize_keyboard, Some(true));
    }
}
