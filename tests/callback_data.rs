//! Typed callback data: packing round-trips for random values, the cache for data too long for
//! a button, signatures against forgery, versions against stale buttons, and a bot that reads
//! its buttons back through the fake Telegram and answers forged ones politely.

#[path = "support/app.rs"]
mod app;

use telebot::api::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message};
use telebot::callback_data::{
    Audience, CallbackData, CallbackDataCodec, CallbackField, FieldError, InvalidCallbackData,
    MAX_CALLBACK_DATA_LEN, Packer, Unpacker,
};
use telebot::extract::Callback;
use telebot::handlers::{CallbackQueryHandler, CommandHandler};
use telebot::testing::FakeTelegram;
use telebot::{Bot, CallbackContext, HandlerResult};

/// Signing keys of 32 bytes.
const KEY_ONE: &[u8; 32] = b"key one: 32 bytes of test secret";
const KEY_TWO: &[u8; 32] = b"key two: 32 bytes of test secret";

/// Where the round-trip tests' buttons are pressed: a chat and a user.
const HERE: Audience = Audience::new(Some(-1005), Some(42));

#[derive(Debug, Clone, PartialEq, CallbackData)]
#[callback_data(prefix = "order", version = 3)]
struct Order {
    item: i64,
    note: String,
    gift: Option<String>,
    express: bool,
    size: char,
}

#[derive(Debug, Clone, Copy, PartialEq, CallbackField)]
enum Speed {
    Slow,
    Fast,
}

/// An enum of every variant shape, with the default prefix (the type's name) and version.
#[derive(Debug, Clone, PartialEq, CallbackData)]
enum Menu {
    Home,
    Page(u16, Option<Speed>),
    Search { query: String, speed: Speed },
}

/// The same prefix as `Order`, one version older, with fewer fields, written by hand as the
/// derive would.
struct OldOrder {
    item: i64,
}

impl CallbackData for OldOrder {
    const PREFIX: &'static str = "order";
    const VERSION: u32 = 2;
    fn write_fields(&self, out: &mut Packer) {
        out.field(&self.item);
    }
    fn read_fields(fields: &mut Unpacker<'_>) -> Result<Self, FieldError> {
        Ok(OldOrder {
            item: fields.field()?,
        })
    }
}

/// A deterministic generator (xorshift), so a failure names a reproducible case.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn text(&mut self, max: usize) -> String {
        const PIECES: [&str; 10] = ["a", ":", "\\", "é", "🎉", ".", "#", " ", "Z", "0"];
        let len = (self.next() % (max as u64 + 1)) as usize;
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }

    fn order(&mut self) -> Order {
        Order {
            item: self.next() as i64,
            note: self.text(12),
            gift: (!self.next().is_multiple_of(3)).then(|| self.text(6)),
            express: self.next().is_multiple_of(2),
            size: ['s', 'm', ':', '\\', 'ü'][(self.next() % 5) as usize],
        }
    }
}

#[test]
fn random_values_round_trip_inline_or_through_the_cache() {
    for codec in [
        CallbackDataCodec::new(),
        CallbackDataCodec::new().signed(*KEY_ONE).unwrap(),
    ] {
        let mut generator = Gen(0x9e37_79b9_7f4a_7c15);
        let mut cached = 0;
        for case in 0..5_000 {
            let order = generator.order();
            let data = codec.pack_for(&order, HERE);
            assert!(
                data.len() <= MAX_CALLBACK_DATA_LEN,
                "case {case}: {} bytes",
                data.len()
            );
            cached += usize::from(data.starts_with("order#"));
            assert_eq!(
                codec.unpack_for::<Order>(&data, HERE),
                Ok(order),
                "case {case}: {data}"
            );
        }
        assert!(cached > 0, "long values must overflow into the cache");
        assert!(cached < 5_000, "short values must stay inline");
    }
}

#[test]
fn enums_write_their_variant_then_its_fields() {
    let codec = CallbackDataCodec::new();
    assert_eq!(codec.pack(&Menu::Home), "Menu:1:0");
    assert_eq!(
        codec.pack(&Menu::Page(3, Some(Speed::Fast))),
        "Menu:1:1:3:.1"
    );
    let mut generator = Gen(7);
    for case in 0..2_000 {
        let speed = [Speed::Slow, Speed::Fast][(generator.next() % 2) as usize];
        let menu = match generator.next() % 3 {
            0 => Menu::Home,
            1 => Menu::Page(
                generator.next() as u16,
                generator.next().is_multiple_of(2).then_some(speed),
            ),
            _ => Menu::Search {
                query: generator.text(30),
                speed,
            },
        };
        let data = codec.pack(&menu);
        assert_eq!(codec.unpack::<Menu>(&data), Ok(menu), "case {case}: {data}");
    }
    assert_eq!(
        codec.unpack::<Menu>("Menu:1:3"),
        Err(InvalidCallbackData::Malformed {
            prefix: "Menu",
            error: FieldError::UnknownVariant(3)
        })
    );
    assert!(matches!(
        codec.unpack::<Menu>("Menu:1:1:3:.2"),
        Err(InvalidCallbackData::Malformed {
            error: FieldError::Invalid {
                index: 2,
                expected: "Speed",
                ..
            },
            ..
        })
    ));
}

#[test]
fn the_cache_keeps_the_most_recent_long_values_and_says_when_one_is_gone() {
    let codec = CallbackDataCodec::new().cache_size(2);
    let long = |n: i64| Order {
        item: n,
        note: "x".repeat(80),
        gift: None,
        express: false,
        size: 's',
    };
    let first = codec.pack(&long(1));
    let second = codec.pack(&long(2));
    assert!(first.starts_with("order#") && first.len() < 20, "{first}");
    assert_eq!(codec.unpack::<Order>(&first).unwrap().item, 1);
    let third = codec.pack(&long(3));
    assert_eq!(codec.cached(), 2);
    assert!(matches!(
        codec.unpack::<Order>(&second),
        Err(InvalidCallbackData::Expired {
            prefix: "order",
            ..
        })
    ));
    assert_eq!(codec.unpack::<Order>(&third).unwrap().item, 3);

    let restored = CallbackDataCodec::new();
    assert_eq!(restored.import(&codec.export()), Ok(2));
    assert_eq!(restored.unpack::<Order>(&first).unwrap().item, 1);
    assert!(restored.drop_data(&first));
    assert!(!restored.drop_data(&first));
    assert!(matches!(
        restored.unpack::<Order>(&first),
        Err(InvalidCallbackData::Expired { .. })
    ));
}

#[test]
fn forged_stale_and_foreign_data_is_refused_with_its_reason() {
    let signed = CallbackDataCodec::new().signed(*KEY_ONE).unwrap();
    let order = Order {
        item: 7,
        note: "n".into(),
        gift: None,
        express: true,
        size: 'm',
    };
    let data = signed.pack_for(&order, HERE);
    assert_eq!(signed.unpack_for::<Order>(&data, HERE), Ok(order.clone()));
    let forged = data.replacen(":7:", ":8:", 1);
    assert_ne!(forged, data);
    assert_eq!(
        signed.unpack_for::<Order>(&forged, HERE),
        Err(InvalidCallbackData::BadSignature { prefix: "order" })
    );
    let other_key = CallbackDataCodec::new().signed(*KEY_TWO).unwrap();
    assert!(matches!(
        other_key.unpack_for::<Order>(&data, HERE),
        Err(InvalidCallbackData::BadSignature { .. })
    ));
    let unsigned = CallbackDataCodec::new();
    assert!(
        matches!(
            signed.unpack_for::<Order>(&unsigned.pack(&order), HERE),
            Err(InvalidCallbackData::BadSignature { .. })
        ),
        "unsigned data is refused by a signing bot"
    );

    let stale = unsigned.pack(&OldOrder { item: 7 });
    assert_eq!(
        unsigned.unpack::<Order>(&stale),
        Err(InvalidCallbackData::WrongVersion {
            prefix: "order",
            expected: 3,
            found: "2".into()
        })
    );
    assert!(matches!(
        unsigned.unpack::<Order>("vote:1:7"),
        Err(InvalidCallbackData::WrongPrefix {
            expected: "order",
            ..
        })
    ));
    assert!(matches!(
        unsigned.unpack::<Order>("orders:3:1"),
        Err(InvalidCallbackData::WrongPrefix { .. })
    ));
    assert!(matches!(
        unsigned.unpack::<Order>("order:3:1:n::1:m:extra"),
        Err(InvalidCallbackData::Malformed {
            error: FieldError::Extra { extra: 1 },
            ..
        })
    ));
    assert!(matches!(
        unsigned.unpack::<Order>("order:3:x:n::1:m"),
        Err(InvalidCallbackData::Malformed {
            error: FieldError::Invalid { index: 0, .. },
            ..
        })
    ));
    let debug = format!("{signed:?}");
    assert!(!debug.contains("key one"), "{debug}");
    assert!(!debug.contains("test secret"), "{debug}");
}

async fn menu(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    let codec = ctx.application().callback_data();
    let small = Order {
        item: 42,
        note: "tea".into(),
        gift: None,
        express: false,
        size: 'm',
    };
    let large = Order {
        note: "a very long note that cannot fit into sixty-four bytes of callback data".into(),
        ..small.clone()
    };
    let keyboard = InlineKeyboardMarkup::from_rows([[
        InlineKeyboardButton::callback("Tea", codec.pack_for(&small, &msg)),
        InlineKeyboardButton::callback("Long", codec.pack_for(&large, &msg)),
    ]]);
    bot.send_message(msg.chat.id, "Menu")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

async fn ordered(
    bot: Bot,
    query: CallbackQuery,
    Callback(order): Callback<Order>,
) -> HandlerResult {
    query
        .answer(&bot)
        .text(format!("{} x{}", order.note, order.item))
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_bot_reads_its_buttons_back_and_answers_forged_ones_politely() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .callback_data(CallbackDataCodec::new().signed(*KEY_ONE).unwrap())
        .invalid_callback_data_reply("Sorry, that button has expired.")
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("menu", menu), 0);
    app.add_handler(CallbackQueryHandler::new(ordered).data::<Order>(), 0);
    let running = app::run(&tg, &app).await;

    let alice = tg.user("alice");
    alice.send("/menu").await;
    let keyboard = tg.expect_reply_to(&alice).await;
    let tea = alice.press(&keyboard, "Tea").await.expect_answer().await;
    assert_eq!(tea.text.as_deref(), Some("tea x42"));
    let long = alice.press(&keyboard, "Long").await.expect_answer().await;
    assert_eq!(
        long.text.as_deref(),
        Some("a very long note that cannot fit into sixty-four bytes of callback data x42")
    );

    let genuine = keyboard.buttons()[0][0].callback_data.clone().unwrap();
    let forged = genuine.replacen(":42:", ":1000:", 1);
    let answer = alice
        .press_forged(&keyboard, &forged)
        .await
        .expect_answer()
        .await;
    assert_eq!(
        answer.text.as_deref(),
        Some("Sorry, that button has expired.")
    );
    let stale = alice
        .press_forged(&keyboard, "order#AAAAAAAA")
        .await
        .expect_answer()
        .await;
    assert_eq!(
        stale.text.as_deref(),
        Some("Sorry, that button has expired.")
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn invalid_data_goes_to_the_dedicated_handler_with_its_reason() {
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .on_invalid_callback_data(
            |bot: Bot, query: CallbackQuery, ctx: CallbackContext| async move {
                let why = ctx
                    .error()
                    .and_then(|e| e.downcast_ref::<InvalidCallbackData>())
                    .map(|why| match why {
                        InvalidCallbackData::WrongVersion { found, .. } => format!("old v{found}"),
                        other => other.to_string(),
                    })
                    .unwrap_or_default();
                query.answer(&bot).text(why).show_alert(true).await?;
                HandlerResult::Ok(())
            },
        )
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("menu", menu), 0);
    app.add_handler(CallbackQueryHandler::new(ordered).data::<Order>(), 0);
    let running = app::run(&tg, &app).await;
    let bob = tg.user("bob");
    bob.send("/menu").await;
    let keyboard = tg.expect_reply_to(&bob).await;
    let old = CallbackDataCodec::new().pack(&OldOrder { item: 1 });
    let answer = bob
        .press_forged(&keyboard, &old)
        .await
        .expect_answer()
        .await;
    assert_eq!(answer.text.as_deref(), Some("old v2"));
    assert!(answer.show_alert);

    // Dropping the keyboard's cached data makes its long button stale.
    let long_data = keyboard.buttons()[0][1].callback_data.clone().unwrap();
    assert!(long_data.starts_with("order#"));
    assert_eq!(app.callback_data().cached(), 1);
    let tea = bob.press(&keyboard, "Tea").await;
    tea.expect_answer().await;
    let query: CallbackQuery = serde_json::from_value(serde_json::json!({
        "id": "1", "from": bob.json(), "chat_instance": "1",
        "message": keyboard.raw, "data": keyboard.buttons()[0][0].callback_data,
    }))
    .unwrap();
    assert_eq!(app.drop_callback_data(&query), 1);
    let gone = bob.press(&keyboard, "Long").await.expect_answer().await;
    assert!(
        gone.text
            .as_deref()
            .unwrap_or_default()
            .contains("no longer kept"),
        "{gone:?}"
    );
    running.stop().await.unwrap();
}

/// `#[callback_query]` handlers with a `Callback<T>` parameter: each takes only its type's data.
mod typed_handlers {
    use super::{Menu, Order};
    use telebot::api::CallbackQuery;
    use telebot::extract::Callback;
    use telebot::{Bot, HandlerResult, callback_query};

    #[callback_query]
    pub async fn order_pressed(
        bot: Bot,
        query: CallbackQuery,
        Callback(order): Callback<Order>,
    ) -> HandlerResult {
        query
            .answer(&bot)
            .text(format!("order {}", order.item))
            .await?;
        Ok(())
    }

    #[callback_query]
    pub async fn menu_pressed(
        bot: Bot,
        query: CallbackQuery,
        Callback(menu): Callback<Menu>,
    ) -> HandlerResult {
        query.answer(&bot).text(format!("menu {menu:?}")).await?;
        Ok(())
    }
}

async fn mixed(bot: Bot, msg: Message, ctx: CallbackContext) -> HandlerResult {
    let codec = ctx.application().callback_data();
    let order = Order {
        item: 5,
        note: String::new(),
        gift: None,
        express: true,
        size: 's',
    };
    let keyboard = InlineKeyboardMarkup::from_rows([[
        InlineKeyboardButton::callback("Order", codec.pack_for(&order, &msg)),
        InlineKeyboardButton::callback("Menu", codec.pack_for(&Menu::Page(2, None), &msg)),
    ]]);
    bot.send_message(msg.chat.id, "Both")
        .reply_markup(keyboard)
        .await?;
    Ok(())
}

#[tokio::test]
async fn callback_query_handlers_with_typed_data_each_take_only_their_type() {
    use typed_handlers::{menu_pressed, order_pressed};
    let tg = FakeTelegram::start().await;
    let app = app::builder(&tg)
        .handlers(telebot::handlers![order_pressed, menu_pressed])
        .build()
        .unwrap();
    app.add_handler(CommandHandler::new("both", mixed), 0);
    let running = app::run(&tg, &app).await;
    let carol = tg.user("carol");
    carol.send("/both").await;
    let keyboard = tg.expect_reply_to(&carol).await;
    let order = carol.press(&keyboard, "Order").await.expect_answer().await;
    assert_eq!(order.text.as_deref(), Some("order 5"));
    // Registered second in the same group, yet reached: the first handler does not match it.
    let menu = carol.press(&keyboard, "Menu").await.expect_answer().await;
    assert_eq!(menu.text.as_deref(), Some("menu Page(2, None)"));
    running.stop().await.unwrap();
}
