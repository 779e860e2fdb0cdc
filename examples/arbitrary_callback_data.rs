//! Arbitrary callback data (PTB's arbitrarycallbackdatabot): buttons that carry values of the
//! bot's own types instead of short strings. `/start` shows the numbers 1 to 5; each button
//! carries the list picked so far plus its own number, so a press appends the number and the
//! message is edited to show the longer list with new buttons. `/clear` forgets every button
//! sent in the chat; pressing one then (or pressing a forged button) gets an alert.
//!
//! ```sh
//! cargo run --example arbitrary_callback_data      # the sandbox: `:press 2` presses "2"
//! TELEGRAM_BOT_TOKEN=123456:ABC… CALLBACK_SECRET=… cargo run --example arbitrary_callback_data
//! ```
//!
//! PTB keeps every button's Python object in a cache and sends a random key. telebot writes
//! the value into the button itself when it fits in Telegram's 64 bytes (`pick:1:…`, a
//! `#[derive(CallbackData)]` struct, signed) and keeps it in the callback-data cache only when
//! it does not (`pick#<key>`): after a dozen picks the list no longer fits, and the buttons go
//! through the cache without the handler noticing. The data is signed with `CALLBACK_SECRET`
//! (a development key without it) and bound to the chat and the user, so a client cannot
//! forge a list.

use telebot::application::ApplicationBuilder;
use telebot::callback_data::{CallbackData, CallbackDataCodec, CallbackField, CodecSetupError};

/// The numbers picked so far, written as one field: `3.1.4`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Numbers(pub Vec<u8>);

impl CallbackField for Numbers {
    const NAME: &'static str = "list of numbers";

    fn write(&self, out: &mut String) {
        let texts: Vec<String> = self.0.iter().map(u8::to_string).collect();
        out.push_str(&texts.join("."));
    }

    fn read(text: &str) -> Option<Self> {
        if text.is_empty() {
            return Some(Numbers::default());
        }
        text.split('.')
            .map(<u8 as CallbackField>::read)
            .collect::<Option<Vec<u8>>>()
            .map(Numbers)
    }
}

/// A number button: the list so far, and the number it adds. `round` is the chat's menu
/// round: `/clear` starts a new one, and older buttons are refused.
#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "pick")]
pub struct Pick {
    /// The chat's round when the button was made.
    pub round: u32,
    /// The numbers picked before.
    pub picked: Numbers,
    /// This button's number.
    pub number: u8,
}

/// The menu's handlers; the refusal of unreadable buttons is [`picker::invalid`].
#[telebot::bot]
pub mod picker {
    use super::{Numbers, Pick};
    use serde::{Deserialize, Serialize};
    use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
    use telebot::callback_data::{Audience, CallbackDataCodec};
    use telebot::extract::Callback;
    use telebot::{Bot, CallbackContext, ChatData, HandlerResult};

    /// The alert for a button the bot can no longer (or never could) read.
    pub const INVALID: &str =
        "Sorry, I cannot use this button any more. Send /start for a new keyboard.";

    /// What a chat's menus need: the round, and the buttons sent in it (to forget their
    /// cached values on `/clear`).
    #[derive(Debug, Default, Serialize, Deserialize)]
    pub struct Menus {
        round: u32,
        issued: Vec<String>,
    }

    /// The buttons 1 to 5 after `picked`, packed for `audience`, remembered in `menus`.
    fn keyboard(
        codec: &CallbackDataCodec,
        audience: Audience,
        menus: &mut Menus,
        picked: &[u8],
    ) -> InlineKeyboardMarkup {
        let row: Vec<InlineKeyboardButton> = (1..=5)
            .map(|number| {
                let pick = Pick {
                    round: menus.round,
                    picked: Numbers(picked.to_vec()),
                    number,
                };
                let data = codec.pack_for(&pick, audience);
                menus.issued.push(data.clone());
                InlineKeyboardButton::callback(number.to_string(), data)
            })
            .collect();
        InlineKeyboardMarkup::from_rows([row])
    }

    /// Shows the numbers to pick from.
    #[command("start")]
    async fn start(
        bot: Bot,
        msg: Message,
        ctx: CallbackContext,
        mut menus: ChatData<Menus>,
    ) -> HandlerResult {
        let codec = ctx.application().callback_data();
        let keyboard = keyboard(codec, Audience::from(&msg), &mut menus, &[]);
        bot.send_message(
            msg.chat.id,
            "Pick a number; each press adds it to your list.",
        )
        .reply_markup(keyboard)
        .await?;
        Ok(())
    }

    /// Forgets every button sent in this chat.
    #[command("clear")]
    async fn clear(
        bot: Bot,
        msg: Message,
        ctx: CallbackContext,
        mut menus: ChatData<Menus>,
    ) -> HandlerResult {
        let codec = ctx.application().callback_data();
        for data in menus.issued.drain(..) {
            codec.drop_data(&data);
        }
        menus.round += 1;
        msg.reply_text(
            &bot,
            "All clear: the old buttons are gone. /start for new ones.",
        )
        .await?;
        Ok(())
    }

    /// A number pressed: the list grows by one.
    #[callback_query]
    async fn picked(
        bot: Bot,
        query: CallbackQuery,
        Callback(pick): Callback<Pick>,
        ctx: CallbackContext,
        mut menus: ChatData<Menus>,
    ) -> HandlerResult {
        if pick.round != menus.round {
            // A button from before `/clear` that fitted in 64 bytes (the others expired).
            return invalid(bot, query).await;
        }
        let mut numbers = pick.picked.0;
        numbers.push(pick.number);
        query
            .answer(&bot)
            .text(format!("Added {}", pick.number))
            .await?;
        let Some(message) = query.message.as_ref().and_then(|m| m.accessible()) else {
            return Ok(());
        };
        let codec = ctx.application().callback_data();
        // The message gets new buttons: the old ones' cached values are not needed any more.
        if let Some(old) = &message.reply_markup {
            codec.drop_keyboard(old);
            let old: Vec<&str> = old
                .inline_keyboard
                .iter()
                .flatten()
                .filter_map(|b| b.callback_data.as_deref())
                .collect();
            menus.issued.retain(|data| !old.contains(&data.as_str()));
        }
        let keyboard = keyboard(codec, Audience::from(&query), &mut menus, &numbers);
        let list: Vec<String> = numbers.iter().map(u8::to_string).collect();
        message
            .edit_text(
                &bot,
                format!("Your list: {}. Pick the next one:", list.join(", ")),
            )
            .reply_markup(keyboard)
            .await?;
        Ok(())
    }

    /// The answer to a button whose data is stale, of another version or forged: an alert.
    pub async fn invalid(bot: Bot, query: CallbackQuery) -> HandlerResult {
        query.answer(&bot).text(INVALID).show_alert(true).await?;
        Ok(())
    }
}

/// The signing key (at least 32 bytes): `CALLBACK_SECRET`, or a fixed one for trying the
/// example.
fn signing_key() -> Vec<u8> {
    std::env::var("CALLBACK_SECRET")
        .unwrap_or_else(|_| "arbitrary callback data example: not a secret".to_string())
        .into_bytes()
}

/// The bot on `builder`: its handlers, the signed codec and the alert for unreadable buttons.
pub fn setup(builder: ApplicationBuilder) -> Result<ApplicationBuilder, CodecSetupError> {
    Ok(builder
        .handlers(picker::handlers())
        .callback_data(CallbackDataCodec::new().signed(signing_key())?)
        .on_invalid_callback_data(picker::invalid))
}

#[telebot::main]
async fn main(app: ApplicationBuilder) -> Result<ApplicationBuilder, CodecSetupError> {
    setup(app)
}
