//! Payment bot (PTB's paymentbot): invoices with and without shipping, the shipping and
//! pre-checkout queries a payment goes through, and the thanks after it.
//!
//! ```sh
//! cargo run --example payment                                   # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… TELEBOT_PAYMENT_PROVIDER_TOKEN=… cargo run --example payment
//! ```
//!
//! - `/noshipping` sends an invoice in Telegram Stars (`XTR`), which needs no payment
//!   provider.
//! - `/shipping` sends an invoice for physical goods: a flexible price and the user's shipping
//!   address, through the payment provider whose token @BotFather gave
//!   (`TELEBOT_PAYMENT_PROVIDER_TOKEN`). Telegram then asks the bot for shipping options (a
//!   `shipping_query`), which depend on the address.
//! - Before charging, Telegram asks the bot to confirm (`pre_checkout_query`); the bot checks
//!   the invoice's payload is its own. Then a `successful_payment` message arrives.

/// The invoices and the payment flow's handlers.
#[telebot::bot]
pub mod payments {
    use telebot::api::{LabeledPrice, Message, PreCheckoutQuery, ShippingOption, ShippingQuery};
    use telebot::{Bot, HandlerResult, filters};

    /// The payload the bot puts in its invoices, checked when they are paid.
    pub const PAYLOAD: &str = "telebot-example-payload";
    /// The variable holding the payment provider's token.
    pub const PROVIDER_TOKEN_VAR: &str = "TELEBOT_PAYMENT_PROVIDER_TOKEN";

    /// Says what the bot does.
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            "Use /shipping for an invoice with shipping, /noshipping for one without.",
        )
        .await?;
        Ok(())
    }

    /// Sends an invoice for physical goods, with shipping.
    #[command("shipping")]
    async fn with_shipping(bot: Bot, msg: Message) -> HandlerResult {
        let provider = std::env::var(PROVIDER_TOKEN_VAR).unwrap_or_default();
        bot.send_invoice(
            msg.chat.id,
            "A parcel",
            "Something real, sent to your address",
            PAYLOAD,
            "USD",
            [LabeledPrice::new("Parcel", 500)],
        )
        .provider_token(provider)
        .need_name(true)
        .need_shipping_address(true)
        .is_flexible(true)
        .await?;
        Ok(())
    }

    /// Sends an invoice in Telegram Stars, without shipping.
    #[command("noshipping")]
    async fn without_shipping(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_invoice(
            msg.chat.id,
            "A digital good",
            "Something you get at once",
            PAYLOAD,
            "XTR",
            [LabeledPrice::new("Good", 5)],
        )
        .await?;
        Ok(())
    }

    #[shipping_query]
    async fn shipping_options(bot: Bot, query: ShippingQuery) -> HandlerResult {
        if query.invoice_payload != PAYLOAD {
            query
                .answer(&bot, false)
                .error_message("This invoice is not one of mine.")
                .await?;
            return Ok(());
        }
        let abroad = query.shipping_address.country_code != "US";
        let mut options = vec![ShippingOption::new(
            "standard",
            "Standard",
            [LabeledPrice::new(
                "Standard shipping",
                if abroad { 300 } else { 100 },
            )],
        )];
        options.push(ShippingOption::new(
            "express",
            "Express",
            [
                LabeledPrice::new("Express shipping", 400),
                LabeledPrice::new("Insurance", 50),
            ],
        ));
        query.answer(&bot, true).shipping_options(options).await?;
        Ok(())
    }

    #[pre_checkout_query]
    async fn confirm(bot: Bot, query: PreCheckoutQuery) -> HandlerResult {
        if query.invoice_payload == PAYLOAD {
            query.answer(&bot, true).await?;
        } else {
            query
                .answer(&bot, false)
                .error_message("This invoice is not one of mine.")
                .await?;
        }
        Ok(())
    }

    #[message(filter = filters::media::successful_payment())]
    async fn thanks(bot: Bot, msg: Message) -> HandlerResult {
        let Some(payment) = &msg.successful_payment else {
            return Ok(());
        };
        bot.send_message(
            msg.chat.id,
            format!(
                "Thank you for your payment of {} {}.",
                payment.total_amount, payment.currency
            ),
        )
        .await?;
        Ok(())
    }
}

#[telebot::main]
async fn main() -> telebot::handlers::HandlerSet {
    payments::handlers()
}
