//! The web sandbox (issue #21) in headless Chromium, with the test playing the bot through the
//! Bot API over HTTP: what the bot does shows in the page as it happens (polls, invoices,
//! reply keyboards, chat actions, pins, deletions, its profile), and what the page does reaches
//! the bot as a user's updates (votes, a payment, keyboard presses, a location, a contact,
//! reactions, several users joining and leaving a group).
//!
//! Skipped without /usr/bin/chromedriver unless `TELEBOT_REQUIRE_BROWSER` is set.

#[path = "support/browser.rs"]
mod browser;

use std::time::{Duration, Instant};

use browser::{PAGE_WAIT, Page, with_browser};
use fantoccini::Locator;
use serde_json::{Value, json};
use telebot::testing::{FakeTelegram, WebChat};

/// Calls a Bot API method of the fake Telegram as the bot does, and returns its `result`.
async fn call(tg: &FakeTelegram, method: &str, params: Value) -> Value {
    let answer: Value = reqwest::Client::new()
        .post(tg.method_url(method))
        .header("content-type", "application/json")
        .body(params.to_string())
        .send()
        .await
        .expect("the fake Telegram answers")
        .text()
        .await
        .ok()
        .and_then(|body| serde_json::from_str(&body).ok())
        .expect("a JSON answer");
    assert_eq!(answer["ok"], true, "{method} failed: {answer}");
    answer["result"].clone()
}

/// Long-polls as the bot until an update of `kind` arrives (bounded), and returns its payload.
async fn next_update(tg: &FakeTelegram, offset: &mut i64, kind: &str) -> Value {
    let deadline = Instant::now() + PAGE_WAIT;
    while Instant::now() < deadline {
        let updates = call(tg, "getUpdates", json!({ "offset": *offset, "timeout": 2 })).await;
        for update in updates.as_array().into_iter().flatten() {
            *offset = update["update_id"].as_i64().unwrap_or(0) + 1;
            if let Some(payload) = update.get(kind) {
                return payload.clone();
            }
        }
    }
    panic!("no {kind} update within {PAGE_WAIT:?}");
}

/// The fake Telegram's messages in a chat, as JSON.
fn messages(tg: &FakeTelegram, chat: i64) -> Vec<Value> {
    tg.messages_in(chat).into_iter().map(|m| m.raw).collect()
}

/// Waits (bounded) until a message in the chat satisfies `test`.
async fn wait_message(
    tg: &FakeTelegram,
    chat: i64,
    what: &str,
    test: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + PAGE_WAIT;
    loop {
        if let Some(found) = messages(tg, chat).into_iter().find(|m| test(m)) {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "no message {what} in chat {chat}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn start() -> (FakeTelegram, WebChat, i64) {
    let tg = FakeTelegram::builder()
        .username("tryout_bot")
        .first_name("Tryout")
        .start()
        .await;
    let alice = tg.user("alice").id();
    let web = WebChat::start(&tg).await.expect("serving the page");
    (tg, web, alice)
}

async fn click(page: &Page, selector: &str) {
    page.wait_css(selector)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("clicking {selector}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_bot_does_shows_as_it_happens() {
    let (tg, web, alice) = start().await;
    call(
        &tg,
        "setMyDescription",
        json!({ "description": "I try things out." }),
    )
    .await;
    call(
        &tg,
        "setMyShortDescription",
        json!({ "short_description": "tries things" }),
    )
    .await;
    let url = web.url().to_owned();
    let bot = tg.clone();
    with_browser("bot-does", |page: Page| async move {
        let tg = bot;
        page.open(&url).await;
        // An empty chat shows the bot's description, the header its short description.
        page.wait_js(
            "return document.querySelector('.intro .about')?.textContent === 'I try things out.' \
             && document.getElementById('chat-subtitle').textContent.includes('tries things')",
            "the bot's profile",
        )
        .await;
        // A chat action shows until the bot sends something.
        call(&tg, "sendChatAction", json!({ "chat_id": alice, "action": "typing" })).await;
        page.wait_js(
            "const t = document.getElementById('typing'); return !t.hidden && t.textContent === 'Tryout is typing…'",
            "typing…",
        )
        .await;
        let sent = call(&tg, "sendMessage", json!({ "chat_id": alice, "text": "pin me" })).await;
        page.wait_bot_text("pin me").await;
        page.wait_js("return document.getElementById('typing').hidden", "typing… to end").await;
        // Pins and deletions.
        call(&tg, "pinChatMessage", json!({ "chat_id": alice, "message_id": sent["message_id"] })).await;
        page.wait_js(
            "const p = document.getElementById('pinned-bar'); return !p.hidden && p.textContent === '📌 pin me'",
            "the pinned bar",
        )
        .await;
        page.wait_js(
            "return [...document.querySelectorAll('#messages .service')].some(s => s.textContent === 'Tryout pinned «pin me»')",
            "the pin's service message",
        )
        .await;
        let doomed = call(&tg, "sendMessage", json!({ "chat_id": alice, "text": "gone soon" })).await;
        page.wait_bot_text("gone soon").await;
        call(&tg, "deleteMessage", json!({ "chat_id": alice, "message_id": doomed["message_id"] })).await;
        page.wait_js(
            "return ![...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'gone soon')",
            "the deleted message to go",
        )
        .await;
        // A reply keyboard replaces nothing until pressed; one_time hides it after a press.
        call(&tg, "sendMessage", json!({
            "chat_id": alice, "text": "Tea or coffee?",
            "reply_markup": { "keyboard": [[{ "text": "Tea" }, { "text": "Coffee" }]], "one_time_keyboard": true,
                              "input_field_placeholder": "your drink" },
        }))
        .await;
        page.wait_js(
            "return [...document.querySelectorAll('#reply-keyboard .reply-btn')].map(b => b.textContent).join() === 'Tea,Coffee' \
             && document.getElementById('input').placeholder === 'your drink'",
            "the reply keyboard",
        )
        .await;
        let tea = page
            .client
            .find(Locator::XPath("//div[@id='reply-keyboard']//button[text()='Tea']"))
            .await
            .expect("the Tea button");
        tea.click().await.expect("pressing Tea");
        wait_message(&tg, alice, "Tea from alice", |m| m["text"] == "Tea" && m["from"]["id"] == alice).await;
        page.wait_js("return document.getElementById('reply-keyboard').hidden", "the one-time keyboard to hide").await;
        // A second keyboard, then its removal.
        call(&tg, "sendMessage", json!({
            "chat_id": alice, "text": "Size?", "reply_markup": { "keyboard": [["S", "M", "L"]] },
        }))
        .await;
        page.wait_js("return document.querySelectorAll('#reply-keyboard .reply-btn').length === 3", "the second keyboard").await;
        call(&tg, "sendMessage", json!({
            "chat_id": alice, "text": "Thanks", "reply_markup": { "remove_keyboard": true },
        }))
        .await;
        page.wait_bot_text("Thanks").await;
        page.wait_js("return document.getElementById('reply-keyboard').hidden", "the removed keyboard to hide").await;
        // A button press answered with an alert.
        let mut offset = 0;
        call(&tg, "sendMessage", json!({
            "chat_id": alice, "text": "Danger zone",
            "reply_markup": { "inline_keyboard": [[{ "text": "Delete everything", "callback_data": "nuke" }]] },
        }))
        .await;
        let button = page
            .client
            .find(Locator::XPath("//button[text()='Delete everything']"))
            .await;
        let button = match button {
            Ok(button) => button,
            Err(_) => page.wait_css("#messages .inline-keyboard button").await,
        };
        button.click().await.expect("pressing the button");
        let query = next_update(&tg, &mut offset, "callback_query").await;
        assert_eq!(query["data"], "nuke");
        call(&tg, "answerCallbackQuery", json!({
            "callback_query_id": query["id"], "text": "Are you sure? This cannot be undone.", "show_alert": true,
        }))
        .await;
        page.wait_js(
            "const d = document.getElementById('alert'); return d.open && document.getElementById('alert-text').textContent === 'Are you sure? This cannot be undone.'",
            "the alert",
        )
        .await;
        click(&page, "#alert-ok").await;
        page.wait_js("return !document.getElementById('alert').open", "the alert to close").await;
        // Reactions from the page reach the bot.
        click(&page, "#messages .msg.bot .react").await;
        page.wait_js(
            "return [...document.querySelectorAll('#messages .reactions span')].some(s => s.textContent === '👍 1')",
            "the reaction",
        )
        .await;
        assert!(
            tg.pending_updates().iter().any(|u| u.get("message_reaction").is_some()),
            "a message_reaction update is queued"
        );
        page.screenshot("bot-does").await;
        // Files of every kind from the file store: a document to download, voice, video, a
        // sticker.
        let bot = tg.bot();
        bot.send_document(alice, telebot::model::InputFile::memory("notes.txt", "hello file"))
            .await
            .expect("sending a document");
        bot.send_voice(alice, telebot::model::InputFile::memory("note.ogg", &b"OggS\0voice"[..]))
            .await
            .expect("sending a voice message");
        bot.send_video(alice, telebot::model::InputFile::memory("clip.mp4", &b"\0\0\0\x18ftypmp42"[..]))
            .await
            .expect("sending a video");
        // A 1×1 image (PNG bytes: the browser decodes a sticker's image by its content).
        const PIXEL: &[u8] = &[
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99,
            0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ];
        bot.send_sticker(alice, telebot::model::InputFile::memory("s.webp", PIXEL))
            .emoji("😺")
            .await
            .expect("sending a sticker");
        let shown = page
            .wait_js(
                "const m = document.getElementById('messages');\
                 const doc = m.querySelector('a.file');\
                 const sticker = m.querySelector('img.sticker');\
                 if (!doc || !m.querySelector('audio') || !m.querySelector('video') || !sticker || !sticker.complete || !sticker.naturalWidth) return null;\
                 return [doc.textContent, sticker.alt, doc.getAttribute('download')];",
                "the document, voice, video and sticker",
            )
            .await;
        assert_eq!(shown, json!(["📄notes.txt(10 B)", "😺", "notes.txt"]));
        let download = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 fetch(document.querySelector('a.file').href).then(async r => done([r.status, r.headers.get('content-disposition'), await r.text()]));",
                vec![],
            )
            .await
            .expect("fetching the document");
        assert_eq!(
            download,
            json!([200, "attachment; filename=\"notes.txt\"", "hello file"]),
            "a document is a download, never a page of this origin"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polls_payments_locations_and_contacts_from_the_page_reach_the_bot() {
    let (tg, web, alice) = start().await;
    let url = web.url().to_owned();
    let bot = tg.clone();
    with_browser("page-does", |page: Page| async move {
        let tg = bot;
        let mut offset = 0;
        page.open(&url).await;
        // A poll: a vote from the page changes the counts and reaches the bot.
        let poll = call(&tg, "sendPoll", json!({
            "chat_id": alice, "question": "Lunch?", "options": ["Soup", "Salad"], "is_anonymous": false,
        }))
        .await;
        let soup = page
            .wait_css("#messages .poll .poll-option")
            .await;
        soup.click().await.expect("voting Soup");
        let answer = next_update(&tg, &mut offset, "poll_answer").await;
        assert_eq!(answer["option_ids"], json!([0]));
        assert_eq!(answer["poll_id"], poll["poll"]["id"]);
        page.wait_js(
            "return [...document.querySelectorAll('.poll-option')].map(o => o.textContent).join('|') === 'Soup100% · 1|Salad0% · 0'",
            "the poll's counts",
        )
        .await;
        // An invoice: Pay sends a pre-checkout query; the bot's yes gives a successful payment.
        call(&tg, "sendInvoice", json!({
            "chat_id": alice, "title": "Coffee", "description": "A cup of coffee", "payload": "coffee-1",
            "currency": "EUR", "prices": [{ "label": "Coffee", "amount": 250 }],
        }))
        .await;
        page.wait_js(
            "return document.querySelector('#messages .invoice .price')?.textContent === '2.50 EUR'",
            "the invoice",
        )
        .await;
        click(&page, "#messages .invoice button.pay").await;
        let query = next_update(&tg, &mut offset, "pre_checkout_query").await;
        assert_eq!(query["invoice_payload"], "coffee-1");
        assert_eq!(query["total_amount"], 250);
        call(&tg, "answerPreCheckoutQuery", json!({ "pre_checkout_query_id": query["id"], "ok": true })).await;
        let paid = next_update(&tg, &mut offset, "message").await;
        assert_eq!(paid["successful_payment"]["invoice_payload"], "coffee-1");
        page.wait_js(
            "return [...document.querySelectorAll('#messages .service')].some(s => s.textContent === 'Alice paid 2.50 EUR to Tryout')",
            "the payment's service message",
        )
        .await;
        // A location and a contact from the page's forms.
        click(&page, "#share-location").await;
        click(&page, "#location-form button[type=submit]").await;
        let location = next_update(&tg, &mut offset, "message").await;
        assert_eq!(location["location"], json!({ "latitude": 48.8584, "longitude": 2.2945 }));
        click(&page, "#share-contact").await;
        click(&page, "#contact-form button[type=submit]").await;
        let contact = next_update(&tg, &mut offset, "message").await;
        assert_eq!(contact["contact"]["phone_number"], "+1 555 0100");
        assert_eq!(contact["contact"]["user_id"], alice);
        page.wait_js(
            "return document.querySelector('#messages .contact')?.textContent === '👤 Alice · +1 555 0100'",
            "the contact",
        )
        .await;
        // A file from the page: not an image, so a document.
        let dir = std::env::temp_dir().join(format!("telebot-webchat-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let file = dir.join("report.csv");
        std::fs::write(&file, "a,b\n1,2\n").expect("writing the file");
        page.wait_css("#file")
            .await
            .send_keys(&file.display().to_string())
            .await
            .expect("choosing the file");
        let document = next_update(&tg, &mut offset, "message").await;
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(document["document"]["file_name"], "report.csv");
        assert_eq!(document["document"]["mime_type"], "text/csv");
        let file_id = document["document"]["file_id"].as_str().expect("a file id").to_owned();
        assert_eq!(tg.file_bytes(&file_id).as_deref(), Some(&b"a,b\n1,2\n"[..]));
        page.screenshot("page-does").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_users_join_talk_in_and_leave_the_group() {
    let (tg, web, _alice) = start().await;
    let url = web.url().to_owned();
    let bot = tg.clone();
    with_browser("group", |page: Page| async move {
        let tg = bot;
        page.open(&url).await;
        click(&page, "#join-group").await;
        page.wait_js(
            "return document.getElementById('chat-title').textContent === 'Sandbox group' \
             && [...document.querySelectorAll('#messages .service')].some(s => s.textContent === 'Alice joined the group')",
            "alice in the group",
        )
        .await;
        // A second user, typed in and switched to.
        let name = page.wait_css("#new-user-name").await;
        name.send_keys("bob").await.expect("typing a name");
        click(&page, "#add-user").await;
        page.wait_js("return document.getElementById('user').value === 'bob'", "bob to be chosen").await;
        click(&page, "#join-group").await;
        page.wait_js(
            "return [...document.querySelectorAll('#messages .service')].some(s => s.textContent === 'Bob joined the group')",
            "bob in the group",
        )
        .await;
        page.send("hi from bob").await;
        let group = tg
            .messages_in(tg.group("Sandbox group"))
            .into_iter()
            .map(|m| m.raw)
            .find(|m| m["text"] == "hi from bob");
        let group = match group {
            Some(found) => found,
            None => wait_message(&tg, tg.group("Sandbox group").id(), "from bob", |m| m["text"] == "hi from bob").await,
        };
        assert_eq!(group["from"]["username"], "bob");
        assert_eq!(group["chat"]["type"], "group");
        // The members list, then bob leaves: a chat_member update and a service message.
        page.wait_js(
            "return [...document.querySelectorAll('#members li')].map(l => l.textContent).sort().join('|') === 'Alicemember|Bobmember|Tryout (bot)member'",
            "the members",
        )
        .await;
        page.screenshot("group").await;
        click(&page, "#leave-group").await;
        page.wait_js(
            "return [...document.querySelectorAll('#messages .service')].some(s => s.textContent === 'Bob left the group')",
            "bob to leave",
        )
        .await;
        let left = tg.pending_updates().into_iter().any(|u| {
            u["chat_member"]["new_chat_member"]["status"] == "left"
                && u["chat_member"]["new_chat_member"]["user"]["username"] == "bob"
        });
        assert!(left, "a chat_member update says bob left");
        // Back as alice, who removes the bot: a my_chat_member update.
        let select = page.wait_css("#user").await;
        select.select_by_value("alice").await.expect("choosing alice");
        page.wait_js("return document.getElementById('toggle-bot').textContent === 'Remove the bot'", "alice's group view").await;
        click(&page, "#toggle-bot").await;
        page.wait_js("return document.getElementById('toggle-bot').textContent === 'Add the bot'", "the bot to be gone").await;
        assert!(
            tg.pending_updates().iter().any(|u| u["my_chat_member"]["new_chat_member"]["status"] == "kicked"),
            "a my_chat_member update says the bot was removed"
        );
    })
    .await;
}
