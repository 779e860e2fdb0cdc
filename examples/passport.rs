//! Passport bot (PTB's passportbot): decrypts the Telegram Passport data a user shares with the
//! bot and tells the user what arrived (feature `passport`).
//!
//! ```sh
//! cargo run --example passport --features passport    # the terminal sandbox
//! TELEGRAM_BOT_TOKEN=123456:ABC… TELEBOT_PASSPORT_KEY=private.key \
//!     cargo run --example passport --features passport
//! ```
//!
//! The bot's RSA key pair: `openssl genrsa -out private.key 2048`, and the public half
//! (`openssl rsa -in private.key -pubout`) given to @BotFather (`/setpassport`). A website or
//! app then asks the user for data with the Passport SDK, naming the bot and a nonce; what
//! the user shares arrives as a `passport_data` message, which [`PassportKey::decrypt`]
//! decrypts: the nonce (check it is the one you asked with), personal details, documents, an
//! address, a phone number, an email, and the files (scans, selfies), downloaded and
//! decrypted here to report their sizes.
//!
//! [`PassportKey::decrypt`]: telebot::passport::PassportKey::decrypt

use telebot::application::ApplicationBuilder;

/// The handlers that read shared Passport data.
#[telebot::bot]
pub mod identity {
    use telebot::api::Message;
    use telebot::extract::State;
    use telebot::passport::{DecryptedElement, PassportKey, PassportValue};
    use telebot::{Bot, HandlerResult, filters};

    /// The bot's private key, when one is configured.
    #[derive(Clone, Debug)]
    pub struct Key(pub Option<PassportKey>);

    /// The variable naming the PEM file of the bot's private key.
    pub const KEY_VAR: &str = "TELEBOT_PASSPORT_KEY";

    /// Says how data reaches the bot.
    #[command("start")]
    async fn start(bot: Bot, msg: Message) -> HandlerResult {
        bot.send_message(
            msg.chat.id,
            "Share Telegram Passport data with me from a site that asks for it with my public key, and I will tell you what I could read.",
        )
        .await?;
        Ok(())
    }

    fn describe(element: &DecryptedElement) -> String {
        match &element.value {
            Some(PassportValue::PersonalDetails(d)) => format!(
                "Personal details: {} {}, born {}, {}",
                d.first_name, d.last_name, d.birth_date, d.country_code
            ),
            Some(PassportValue::IdDocument(d)) => format!(
                "{}: number {}{}",
                element.kind,
                d.document_no,
                d.expiry_date
                    .as_ref()
                    .map(|e| format!(", valid until {e}"))
                    .unwrap_or_default()
            ),
            Some(PassportValue::Address(a)) => {
                format!(
                    "Address: {}, {} {}, {}",
                    a.street_line1, a.post_code, a.city, a.country_code
                )
            }
            Some(PassportValue::PhoneNumber(phone)) => format!("Phone number: {phone}"),
            Some(PassportValue::Email(email)) => format!("Email: {email}"),
            None => format!("{}: no data", element.kind),
        }
    }

    #[message(filter = filters::passport_data())]
    async fn shared(bot: Bot, msg: Message, State(key): State<Key>) -> HandlerResult {
        let Some(data) = &msg.passport_data else {
            return Ok(());
        };
        let Some(key) = key.0 else {
            bot.send_message(
                msg.chat.id,
                format!("I have no private key to read it with ({KEY_VAR} is not set)."),
            )
            .await?;
            return Ok(());
        };
        let passport = match key.decrypt(data) {
            Ok(passport) => passport,
            Err(error) => {
                bot.send_message(msg.chat.id, format!("I could not read it: {error}"))
                    .await?;
                return Ok(());
            }
        };
        let mut lines = vec![format!("Nonce: {}", passport.nonce)];
        for element in &passport.elements {
            lines.push(describe(element));
            let files = element
                .front_side
                .iter()
                .map(|f| ("front side", f))
                .chain(element.reverse_side.iter().map(|f| ("reverse side", f)))
                .chain(element.selfie.iter().map(|f| ("selfie", f)))
                .chain(element.files.iter().map(|f| ("scan", f)))
                .chain(element.translation.iter().map(|f| ("translation", f)));
            for (what, file) in files {
                let bytes = file.download(&bot).await?;
                lines.push(format!("  {what}: {} bytes", bytes.len()));
            }
        }
        bot.send_message(msg.chat.id, lines.join("\n")).await?;
        Ok(())
    }
}

/// The key named by `TELEBOT_PASSPORT_KEY`, if set and readable (an unreadable one is
/// reported and left out).
pub fn key_from_env() -> identity::Key {
    let Ok(path) = std::env::var(identity::KEY_VAR) else {
        return identity::Key(None);
    };
    let key = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|pem| telebot::passport::PassportKey::from_pem(&pem).map_err(|e| e.to_string()));
    match key {
        Ok(key) => identity::Key(Some(key)),
        Err(error) => {
            eprintln!("{}={path}: {error}", identity::KEY_VAR);
            identity::Key(None)
        }
    }
}

#[telebot::main]
async fn main(app: ApplicationBuilder) -> ApplicationBuilder {
    app.state(key_from_env()).handlers(identity::handlers())
}
