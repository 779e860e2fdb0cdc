//! Inline bot (PTB's inlinebot): type `@<bot> some text` in any chat and pick how to send it:
//! in capitals, in bold or in italics.
//!
//! ```sh
//! cargo run --example inline                                   # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… cargo run --example inline    # a real bot on Telegram
//! ```
//!
//! Inline mode must be switched on for the bot with @BotFather (`/setinline`). Each result
//! is an article whose message is the query's text, transformed; an empty query gets no
//! results. Which result a user picked comes back as a `chosen_inline_result` update when
//! inline feedback is on (`/setinlinefeedback`); the bot logs it.

/// The inline query and chosen-result handlers.
#[telebot::bot]
pub mod queries {
    use telebot::api::{
        ChosenInlineResult, InlineQuery, InlineQueryResult, InlineQueryResultArticle,
        InputTextMessageContent,
    };
    use telebot::{Bot, HandlerResult, ParseMode};

    /// `&`, `<` and `>` escaped for HTML.
    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    fn article(id: &str, title: &str, text: String, html: bool) -> InlineQueryResult {
        let mut content = InputTextMessageContent::new(text);
        if html {
            content.parse_mode = Some(ParseMode::Html);
        }
        InlineQueryResultArticle::new(id, title, content).into()
    }

    #[inline_query]
    async fn answer(bot: Bot, query: InlineQuery) -> HandlerResult {
        let text = query.query.trim();
        if text.is_empty() {
            return Ok(());
        }
        let results = [
            article("caps", "Caps", text.to_uppercase(), false),
            article("bold", "Bold", format!("<b>{}</b>", escape(text)), true),
            article("italic", "Italic", format!("<i>{}</i>", escape(text)), true),
        ];
        query.answer(&bot, results).cache_time(0).await?;
        Ok(())
    }

    #[chosen_inline_result]
    async fn chosen(result: ChosenInlineResult) {
        println!(
            "{} sent {:?} as {}",
            result.from.first_name, result.query, result.result_id
        );
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    queries::handlers()
}
