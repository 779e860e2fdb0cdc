//! Spot checks, across method families, that every parameter reaches the wire as the Bot API
//! expects: names, nesting, tags of union types, JSON vs multipart.

#[path = "support/recorder.rs"]
mod recorder;

use recorder::{Answer, Recorder};
use serde_json::{Value, json};
use telebot::api::*;
use telebot::{ChatAction, InputFile, ParseMode};

async fn setup() -> (Recorder, telebot::Bot) {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    (rec, bot)
}

/// Asserts the last call was `method` with exactly `params` as JSON.
fn assert_call(rec: &Recorder, method: &str, params: Value) {
    let call = rec.last();
    assert_eq!(call.method, method);
    assert_eq!(call.params(), params, "parameters of {method}");
}

fn message_json() -> Value {
    json!({"message_id": 10, "date": 1750000000, "chat": {"id": 42, "type": "private", "first_name": "Ann"}, "text": "ok"})
}

#[tokio::test]
async fn messages_family() {
    let (rec, bot) = setup().await;
    rec.respond(|_| Answer::ok(message_json()));

    let keyboard = InlineKeyboardMarkup::from_rows([[
        InlineKeyboardButton::callback("Yes", "vote:1"),
        InlineKeyboardButton::url("Docs", "https://example.com"),
    ]]);
    let sent = bot
        .send_message(42, "<b>hi</b>")
        .parse_mode(ParseMode::Html)
        .reply_markup(keyboard)
        .reply_parameters(ReplyParameters::new(7))
        .disable_notification(true)
        .await
        .expect("sendMessage");
    assert_eq!(sent.message_id, 10);
    assert_eq!(rec.last().content_type, "application/json");
    assert_call(
        &rec,
        "sendMessage",
        json!({"chat_id": 42, "text": "<b>hi</b>", "parse_mode": "HTML", "disable_notification": true,
               "reply_parameters": {"message_id": 7},
               "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": "vote:1"},
                                                     {"text": "Docs", "url": "https://example.com"}]]}}),
    );

    bot.send_message("@channel", "x")
        .reply_markup(ReplyKeyboardMarkup::from_texts([["a", "b"]]))
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendMessage",
        json!({"chat_id": "@channel", "text": "x",
               "reply_markup": {"keyboard": [[{"text": "a"}, {"text": "b"}]], "resize_keyboard": true}}),
    );

    bot.send_message(1, "y")
        .reply_markup(ReplyKeyboardRemove::remove())
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendMessage",
        json!({"chat_id": 1, "text": "y", "reply_markup": {"remove_keyboard": true}}),
    );

    bot.forward_message(1, -100200, 5)
        .disable_notification(true)
        .await
        .unwrap();
    assert_call(
        &rec,
        "forwardMessage",
        json!({"chat_id": 1, "from_chat_id": -100200, "message_id": 5, "disable_notification": true}),
    );

    rec.respond(|_| Answer::ok(json!({"message_id": 11})));
    let copied = bot.copy_message(1, 2, 3).caption("c").await.unwrap();
    assert_eq!(copied.message_id, 11);
    assert_call(
        &rec,
        "copyMessage",
        json!({"chat_id": 1, "from_chat_id": 2, "message_id": 3, "caption": "c"}),
    );

    rec.respond(|_| Answer::ok(message_json()));
    bot.send_location(5, 51.5, -0.12)
        .live_period(60)
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendLocation",
        json!({"chat_id": 5, "latitude": 51.5, "longitude": -0.12, "live_period": 60}),
    );

    bot.send_venue(5, 1.5, 2.5, "Cafe", "Main St 1")
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendVenue",
        json!({"chat_id": 5, "latitude": 1.5, "longitude": 2.5, "title": "Cafe", "address": "Main St 1"}),
    );

    bot.send_contact(5, "+123", "Bob")
        .last_name("Lee")
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendContact",
        json!({"chat_id": 5, "phone_number": "+123", "first_name": "Bob", "last_name": "Lee"}),
    );

    bot.send_dice(5).emoji("🎲").await.unwrap();
    assert_call(&rec, "sendDice", json!({"chat_id": 5, "emoji": "🎲"}));

    bot.send_poll(
        5,
        "Lunch?",
        [InputPollOption::new("Pizza"), InputPollOption::new("Sushi")],
    )
    .is_anonymous(false)
    .await
    .unwrap();
    assert_call(
        &rec,
        "sendPoll",
        json!({"chat_id": 5, "question": "Lunch?", "options": [{"text": "Pizza"}, {"text": "Sushi"}], "is_anonymous": false}),
    );

    bot.send_photo(5, "AgACAgIAAxkBAAI")
        .caption("cat")
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendPhoto",
        json!({"chat_id": 5, "photo": "AgACAgIAAxkBAAI", "caption": "cat"}),
    );

    bot.send_sticker(5, InputFile::url("https://example.com/s.webp"))
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendSticker",
        json!({"chat_id": 5, "sticker": "https://example.com/s.webp"}),
    );

    let mut invoice = bot.send_invoice(
        5,
        "Book",
        "A good book",
        "order-1",
        "XTR",
        [LabeledPrice::new("Book", 100)],
    );
    invoice.params_mut().photo_url = Some("https://example.com/b.png".into());
    invoice.await.unwrap();
    assert_call(
        &rec,
        "sendInvoice",
        json!({"chat_id": 5, "title": "Book", "description": "A good book", "payload": "order-1", "currency": "XTR",
               "prices": [{"label": "Book", "amount": 100}], "photo_url": "https://example.com/b.png"}),
    );
}

#[tokio::test]
async fn editing_and_deleting() {
    let (rec, bot) = setup().await;
    rec.respond(|_| Answer::ok(message_json()));
    let edited = bot
        .edit_message_text()
        .chat_id(42)
        .message_id(10)
        .text("new")
        .await
        .unwrap();
    assert!(matches!(edited, MessageOrTrue::Message(m) if m.message_id == 10));
    assert_call(
        &rec,
        "editMessageText",
        json!({"chat_id": 42, "message_id": 10, "text": "new"}),
    );

    rec.respond(|_| Answer::ok(json!(true)));
    let inline = bot
        .edit_message_text()
        .inline_message_id("AAA")
        .text("t")
        .await
        .unwrap();
    assert_eq!(inline, MessageOrTrue::True(true));

    bot.edit_message_reply_markup()
        .chat_id(42)
        .message_id(10)
        .reply_markup(InlineKeyboardMarkup::from_rows([[
            InlineKeyboardButton::callback("x", "y"),
        ]]))
        .await
        .unwrap();
    assert_call(
        &rec,
        "editMessageReplyMarkup",
        json!({"chat_id": 42, "message_id": 10, "reply_markup": {"inline_keyboard": [[{"text": "x", "callback_data": "y"}]]}}),
    );

    assert!(bot.delete_message(42, 10).await.unwrap());
    assert_call(
        &rec,
        "deleteMessage",
        json!({"chat_id": 42, "message_id": 10}),
    );
    bot.delete_messages(42, [1, 2, 3]).await.unwrap();
    assert_call(
        &rec,
        "deleteMessages",
        json!({"chat_id": 42, "message_ids": [1, 2, 3]}),
    );

    bot.set_message_reaction(42, 10)
        .reaction([ReactionType::from(ReactionTypeEmoji::new("👍"))])
        .is_big(true)
        .await
        .unwrap();
    assert_call(
        &rec,
        "setMessageReaction",
        json!({"chat_id": 42, "message_id": 10, "reaction": [{"type": "emoji", "emoji": "👍"}], "is_big": true}),
    );

    bot.pin_chat_message(-100, 10)
        .disable_notification(true)
        .await
        .unwrap();
    assert_call(
        &rec,
        "pinChatMessage",
        json!({"chat_id": -100, "message_id": 10, "disable_notification": true}),
    );

    bot.send_chat_action(42, ChatAction::UploadPhoto)
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendChatAction",
        json!({"chat_id": 42, "action": "upload_photo"}),
    );
}

#[tokio::test]
async fn chats_and_members() {
    let (rec, bot) = setup().await;
    bot.ban_chat_member(-100, 7)
        .until_date(1800000000)
        .revoke_messages(true)
        .await
        .unwrap();
    assert_call(
        &rec,
        "banChatMember",
        json!({"chat_id": -100, "user_id": 7, "until_date": 1800000000, "revoke_messages": true}),
    );

    let permissions = ChatPermissions {
        can_send_messages: Some(false),
        ..Default::default()
    };
    bot.restrict_chat_member(-100, 7, permissions)
        .await
        .unwrap();
    assert_call(
        &rec,
        "restrictChatMember",
        json!({"chat_id": -100, "user_id": 7, "permissions": {"can_send_messages": false}}),
    );

    bot.promote_chat_member(-100, 7)
        .can_pin_messages(true)
        .can_delete_messages(true)
        .await
        .unwrap();
    assert_call(
        &rec,
        "promoteChatMember",
        json!({"chat_id": -100, "user_id": 7, "can_pin_messages": true, "can_delete_messages": true}),
    );

    bot.set_chat_title(-100, "New title").await.unwrap();
    assert_call(
        &rec,
        "setChatTitle",
        json!({"chat_id": -100, "title": "New title"}),
    );

    rec.respond(|_| {
        Answer::ok(json!({"status": "administrator", "user": {"id": 7, "is_bot": false, "first_name": "Bo"},
            "can_be_edited": false, "is_anonymous": false, "can_manage_chat": true, "can_delete_messages": true,
            "can_manage_video_chats": true, "can_restrict_members": true, "can_promote_members": false,
            "can_change_info": true, "can_invite_users": true, "can_post_stories": false, "can_edit_stories": false,
            "can_delete_stories": false}))
    });
    let member = bot.get_chat_member(-100, 7).await.unwrap();
    assert!(
        matches!(member, ChatMember::Administrator(ref a) if a.user.id == 7 && a.can_delete_messages)
    );
    assert_call(
        &rec,
        "getChatMember",
        json!({"chat_id": -100, "user_id": 7}),
    );

    rec.respond(|_| {
        Answer::ok(json!({"id": -100, "type": "supergroup", "title": "T", "accent_color_id": 1, "max_reaction_count": 11,
            "accepted_gift_types": {"unlimited_gifts": true, "limited_gifts": true, "unique_gifts": true, "premium_subscription": true, "gifts_from_channels": true}}))
    });
    let chat = bot.get_chat(-100).await;
    assert_call(&rec, "getChat", json!({"chat_id": -100}));
    if let Ok(chat) = chat {
        assert_eq!(chat.id, -100);
    }

    rec.respond(|_| {
        Answer::ok(json!({"invite_link": "https://t.me/+abc", "creator": {"id": 1, "is_bot": true, "first_name": "B"},
            "creates_join_request": false, "is_primary": false, "is_revoked": false}))
    });
    let link = bot
        .create_chat_invite_link(-100)
        .name("promo")
        .member_limit(10)
        .await
        .unwrap();
    assert_eq!(link.invite_link, "https://t.me/+abc");
    assert_call(
        &rec,
        "createChatInviteLink",
        json!({"chat_id": -100, "name": "promo", "member_limit": 10}),
    );

    rec.respond(|_| Answer::ok(json!({"total_count": 0, "photos": []})));
    bot.get_user_profile_photos(7).limit(5).await.unwrap();
    assert_call(
        &rec,
        "getUserProfilePhotos",
        json!({"user_id": 7, "limit": 5}),
    );
}

#[tokio::test]
async fn queries_commands_and_settings() {
    let (rec, bot) = setup().await;
    bot.answer_callback_query("q1")
        .text("Saved")
        .show_alert(true)
        .await
        .unwrap();
    assert_call(
        &rec,
        "answerCallbackQuery",
        json!({"callback_query_id": "q1", "text": "Saved", "show_alert": true}),
    );

    let article =
        InlineQueryResultArticle::new("r1", "Hello", InputTextMessageContent::new("Hello, world"));
    bot.answer_inline_query("iq", [InlineQueryResult::from(article)])
        .cache_time(0)
        .await
        .unwrap();
    assert_call(
        &rec,
        "answerInlineQuery",
        json!({"inline_query_id": "iq", "cache_time": 0,
               "results": [{"type": "article", "id": "r1", "title": "Hello", "input_message_content": {"message_text": "Hello, world"}}]}),
    );

    bot.set_my_commands([
        BotCommand::new("start", "Start the bot"),
        BotCommand::new("help", "Show help"),
    ])
    .scope(BotCommandScopeAllPrivateChats::default())
    .language_code("en")
    .await
    .unwrap();
    assert_call(
        &rec,
        "setMyCommands",
        json!({"commands": [{"command": "start", "description": "Start the bot"}, {"command": "help", "description": "Show help"}],
               "scope": {"type": "all_private_chats"}, "language_code": "en"}),
    );

    bot.delete_my_commands()
        .scope(BotCommandScopeChat::new(-100))
        .await
        .unwrap();
    assert_call(
        &rec,
        "deleteMyCommands",
        json!({"scope": {"type": "chat", "chat_id": -100}}),
    );

    rec.respond(|_| Answer::ok(json!([{"command": "start", "description": "Start"}])));
    let commands = bot.get_my_commands().await.unwrap();
    assert_eq!(commands[0].command, "start");
    assert_call(&rec, "getMyCommands", json!({}));

    rec.respond(|_| Answer::ok(json!(true)));
    bot.set_chat_menu_button()
        .menu_button(MenuButtonCommands::default())
        .await
        .unwrap();
    assert_call(
        &rec,
        "setChatMenuButton",
        json!({"menu_button": {"type": "commands"}}),
    );

    bot.set_my_name()
        .name("Helper")
        .language_code("de")
        .await
        .unwrap();
    assert_call(
        &rec,
        "setMyName",
        json!({"name": "Helper", "language_code": "de"}),
    );

    bot.delete_webhook()
        .drop_pending_updates(true)
        .await
        .unwrap();
    assert_call(&rec, "deleteWebhook", json!({"drop_pending_updates": true}));

    rec.respond(|_| Answer::ok(json!([])));
    let updates = bot
        .get_updates()
        .offset(5)
        .limit(100)
        .timeout(0)
        .allowed_updates(["message".to_string()])
        .await
        .unwrap();
    assert!(updates.is_empty());
    assert_call(
        &rec,
        "getUpdates",
        json!({"offset": 5, "limit": 100, "timeout": 0, "allowed_updates": ["message"]}),
    );

    rec.respond(|_| Answer::ok(json!({"file_id": "F", "file_unique_id": "U", "file_size": 3, "file_path": "docs/a.txt"})));
    let file = bot.get_file("F").await.unwrap();
    assert_eq!(file.file_path.as_deref(), Some("docs/a.txt"));
    assert_call(&rec, "getFile", json!({"file_id": "F"}));

    rec.respond(|_| Answer::ok(json!({"transactions": []})));
    bot.get_star_transactions()
        .offset(0)
        .limit(10)
        .await
        .unwrap();
    assert_call(
        &rec,
        "getStarTransactions",
        json!({"offset": 0, "limit": 10}),
    );

    rec.respond(|_| {
        Answer::ok(
            json!({"id": 123456, "is_bot": true, "first_name": "Test", "username": "test_bot"}),
        )
    });
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.username.as_deref(), Some("test_bot"));
    assert_eq!(rec.last().method, "getMe");
}

#[tokio::test]
async fn raw_call_reaches_methods_by_name() {
    let (rec, bot) = setup().await;
    rec.respond(|call| Answer::ok(json!({"echo": call.params()})));
    let result = bot
        .call("someFutureMethod", json!({"a": 1, "b": [true]}))
        .await
        .unwrap();
    assert_eq!(result, json!({"echo": {"a": 1, "b": [true]}}));
    assert_eq!(rec.last().method, "someFutureMethod");
}

#[tokio::test]
async fn me_is_cached_after_the_first_call() {
    let (rec, bot) = setup().await;
    rec.respond(|_| {
        Answer::ok(
            json!({"id": 123456, "is_bot": true, "first_name": "Test", "username": "test_bot"}),
        )
    });
    let first = bot.me().await.unwrap();
    let again = bot.clone().me().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(
        rec.calls().iter().filter(|c| c.method == "getMe").count(),
        1
    );
}

#[tokio::test]
async fn defaults_fill_unset_parameters_only_where_the_method_takes_them() {
    let (rec, bot) = setup().await;
    let bot = bot
        .to_builder()
        .defaults(telebot::client::Defaults {
            parse_mode: Some(ParseMode::Html),
            disable_notification: Some(true),
            allow_sending_without_reply: Some(true),
            ..Default::default()
        })
        .build()
        .unwrap();
    rec.respond(|_| Answer::ok(message_json()));
    bot.send_message(1, "<b>x</b>")
        .reply_parameters(ReplyParameters::new(3))
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendMessage",
        json!({"chat_id": 1, "text": "<b>x</b>", "parse_mode": "HTML", "disable_notification": true,
               "reply_parameters": {"message_id": 3, "allow_sending_without_reply": true}}),
    );

    bot.send_message(1, "*x*")
        .parse_mode(ParseMode::MarkdownV2)
        .disable_notification(false)
        .await
        .unwrap();
    assert_call(
        &rec,
        "sendMessage",
        json!({"chat_id": 1, "text": "*x*", "parse_mode": "MarkdownV2", "disable_notification": false}),
    );

    rec.respond(|_| Answer::ok(json!(true)));
    bot.delete_message(1, 2).await.unwrap();
    assert_call(
        &rec,
        "deleteMessage",
        json!({"chat_id": 1, "message_id": 2}),
    );

    let mut article =
        InlineQueryResultArticle::new("a", "T", InputTextMessageContent::new("<i>hi</i>"));
    article.description = Some("d".into());
    bot.answer_inline_query("q", [InlineQueryResult::from(article)])
        .await
        .unwrap();
    let params = rec.last().params();
    assert_eq!(
        params["results"][0]["input_message_content"]["parse_mode"],
        "HTML"
    );

    rec.respond(|_| Answer::ok(json!([message_json()])));
    let mut photo = InputMediaPhoto::new("AgAC-existing");
    photo.caption = Some("<b>c</b>".into());
    bot.send_media_group(1, [InputMedia::from(photo)])
        .await
        .unwrap();
    let params = rec.last().params();
    assert_eq!(params["media"][0]["parse_mode"], "HTML");
    assert_eq!(params["disable_notification"], true);
}

/// The default parse mode reaches every parse-mode field the spec has (issue #23): a poll's
/// question, explanation and options, a quote, a gift's text, edited media, a checklist and its
/// tasks; never where the text is missing or entities are given, nor over an explicit mode.
#[tokio::test]
async fn the_default_parse_mode_reaches_every_parse_mode_field() {
    let (rec, bot) = setup().await;
    let bot = bot
        .to_builder()
        .defaults(telebot::client::Defaults {
            parse_mode: Some(ParseMode::Html),
            ..Default::default()
        })
        .build()
        .unwrap();
    rec.respond(|_| Answer::ok(message_json()));

    let with_entities: InputPollOption = serde_json::from_value(json!({
        "text": "b", "text_entities": [{"type": "bold", "offset": 0, "length": 1}]
    }))
    .unwrap();
    let mut quote = ReplyParameters::new(3);
    quote.quote = Some("<i>said</i>".into());
    bot.send_poll(
        1,
        "<b>Q</b>",
        [InputPollOption::new("<i>a</i>"), with_entities],
    )
    .explanation("<u>because</u>")
    .reply_parameters(quote)
    .await
    .unwrap();
    let params = rec.last().params();
    assert_eq!(params["question_parse_mode"], "HTML");
    assert_eq!(params["explanation_parse_mode"], "HTML");
    assert_eq!(params["options"][0]["text_parse_mode"], "HTML");
    assert_eq!(
        params["options"][1].get("text_parse_mode"),
        None,
        "an option with entities keeps them alone"
    );
    assert_eq!(params["reply_parameters"]["quote_parse_mode"], "HTML");
    assert_eq!(
        params.get("description_parse_mode"),
        None,
        "no description, no parse mode for it"
    );

    bot.send_poll(1, "plain", [InputPollOption::new("a")])
        .question_parse_mode("MarkdownV2")
        .await
        .unwrap();
    assert_eq!(
        rec.last().params()["question_parse_mode"],
        "MarkdownV2",
        "an explicit mode wins"
    );

    rec.respond(|_| Answer::ok(json!(true)));
    bot.send_gift("gift-1")
        .user_id(5)
        .text("<b>for you</b>")
        .await
        .unwrap();
    assert_eq!(rec.last().params()["text_parse_mode"], "HTML");

    rec.respond(|_| Answer::ok(message_json()));
    let mut video = InputMediaVideo::new("BAAC-existing");
    video.caption = Some("<b>new</b>".into());
    bot.edit_message_media(InputMedia::from(video))
        .chat_id(1)
        .message_id(2)
        .await
        .unwrap();
    assert_eq!(rec.last().params()["media"]["parse_mode"], "HTML");

    bot.send_photo(1, InputFile::file_id("AgAC-existing"))
        .await
        .unwrap();
    assert_eq!(
        rec.last().params().get("parse_mode"),
        None,
        "a photo without a caption gets no parse mode"
    );

    let checklist: InputChecklist = serde_json::from_value(json!({
        "title": "<b>Trip</b>",
        "tasks": [{"id": 1, "text": "<i>pack</i>"}, {"id": 2, "text": "go", "parse_mode": "MarkdownV2"}]
    }))
    .unwrap();
    bot.send_checklist("biz-1", 1, checklist).await.unwrap();
    let params = rec.last().params();
    assert_eq!(params["checklist"]["parse_mode"], "HTML");
    assert_eq!(params["checklist"]["tasks"][0]["parse_mode"], "HTML");
    assert_eq!(params["checklist"]["tasks"][1]["parse_mode"], "MarkdownV2");
}
