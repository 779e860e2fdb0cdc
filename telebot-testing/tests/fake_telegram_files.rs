//! Files in FakeTelegram: multipart uploads, getFile and downloads, file_id reuse, URLs,
//! and sendMediaGroup with attach://.

#[path = "support/api.rs"]
mod api;

use api::Api;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use telebot_testing::FakeTelegram;

/// A 3×2 PNG header (enough for the size to be read).
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
    bytes.extend_from_slice(b"rest of the image");
    bytes
}

async fn multipart(tg: &FakeTelegram, method: &str, form: Form) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(tg.method_url(method))
        .multipart(form)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.expect("text")).expect("json"),
    )
}

fn bytes_of_all_values() -> Vec<u8> {
    (0..=255u8).cycle().take(3000).collect()
}

#[tokio::test]
async fn uploaded_document_downloads_with_identical_bytes() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let content = bytes_of_all_values();
    let form = Form::new()
        .text("chat_id", alice.id().to_string())
        .text("caption", "the report")
        .part(
            "document",
            Part::bytes(content.clone()).file_name("report.pdf"),
        );
    let (status, body) = multipart(&tg, "sendDocument", form).await;
    assert_eq!(status, 200, "{body}");
    let document = &body["result"]["document"];
    assert_eq!(document["file_name"], "report.pdf");
    assert_eq!(document["mime_type"], "application/pdf");
    assert_eq!(document["file_size"], content.len());
    assert_eq!(body["result"]["caption"], "the report");

    let file = api
        .ok("getFile", json!({ "file_id": document["file_id"] }))
        .await;
    assert_eq!(file["file_unique_id"], document["file_unique_id"]);
    assert_eq!(file["file_size"], content.len());
    let path = file["file_path"].as_str().expect("file_path");
    let downloaded = reqwest::get(tg.file_url(path)).await.expect("download");
    assert_eq!(downloaded.status(), 200);
    assert_eq!(downloaded.bytes().await.expect("bytes").to_vec(), content);

    // The call record keeps the file part.
    let call = &tg.calls_to("sendDocument")[0];
    let part = call.file("document").expect("file part recorded");
    assert_eq!(part.file_name.as_deref(), Some("report.pdf"));
    assert_eq!(part.bytes.to_vec(), content);
    assert_eq!(call.param_str("caption"), Some("the report"));
}

#[tokio::test]
async fn a_known_file_id_is_reused_and_an_unknown_one_refused() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let form = Form::new().text("chat_id", alice.id().to_string()).part(
        "document",
        Part::bytes(b"hello".to_vec()).file_name("hello.txt"),
    );
    let (_, body) = multipart(&tg, "sendDocument", form).await;
    let first = body["result"]["document"].clone();
    let again = api
        .ok(
            "sendDocument",
            json!({ "chat_id": alice.id(), "document": first["file_id"] }),
        )
        .await;
    assert_eq!(again["document"]["file_unique_id"], first["file_unique_id"]);
    assert_eq!(again["document"]["file_id"], first["file_id"]);

    let (status, description) = api
        .err(
            "sendDocument",
            json!({ "chat_id": alice.id(), "document": "AgACno-such-file" }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        description,
        "Bad Request: wrong file identifier/HTTP URL specified"
    );
    let (_, description) = api
        .err("sendDocument", json!({ "chat_id": alice.id() }))
        .await;
    assert_eq!(
        description,
        "Bad Request: there is no document in the request"
    );
    let (_, description) = api.err("getFile", json!({ "file_id": "nope" })).await;
    assert_eq!(description, "Bad Request: invalid file_id");
}

#[tokio::test]
async fn a_file_given_by_url_is_fetched() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    // Serve the source through the fake itself: a user's document has a download URL.
    let sent = alice
        .send_document(&alice, "notes.txt", b"remote bytes".to_vec())
        .await;
    let file = api
        .ok("getFile", json!({ "file_id": sent.file_id() }))
        .await;
    let url = tg.file_url(file["file_path"].as_str().expect("path"));
    let message = api
        .ok(
            "sendDocument",
            json!({ "chat_id": alice.id(), "document": url }),
        )
        .await;
    let file_id = message["document"]["file_id"].as_str().expect("file_id");
    assert_ne!(Some(file_id), sent.file_id());
    assert_eq!(
        tg.file_bytes(file_id).expect("stored").to_vec(),
        b"remote bytes"
    );

    let (_, description) = api
        .err(
            "sendPhoto",
            json!({ "chat_id": alice.id(), "photo": tg.file_url("photos/missing.jpg") }),
        )
        .await;
    assert_eq!(description, "Bad Request: failed to get HTTP URL content");
}

#[tokio::test]
async fn photo_upload_gives_a_photo_size_array() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let form = Form::new()
        .text("chat_id", alice.id().to_string())
        .text(
            "reply_markup",
            r#"{"inline_keyboard":[[{"text":"Nice","callback_data":"nice"}]]}"#,
        )
        .part("photo", Part::bytes(png()).file_name("p.png"));
    let (status, body) = multipart(&tg, "sendPhoto", form).await;
    assert_eq!(status, 200, "{body}");
    let sizes = body["result"]["photo"].as_array().expect("PhotoSize array");
    assert_eq!(
        sizes
            .last()
            .map(|s| (s["width"].clone(), s["height"].clone())),
        Some((json!(3), json!(2)))
    );
    // JSON held in a multipart text field is decoded.
    assert_eq!(
        body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        "nice"
    );
    assert!(
        tg.calls()[0]
            .param("reply_markup")
            .is_some_and(Value::is_object)
    );
}

#[tokio::test]
async fn media_group_with_attach_references_shares_a_group_id() {
    let tg = FakeTelegram::start().await;
    let api = Api::new(&tg);
    let alice = tg.user("alice");
    let media = json!([
        { "type": "photo", "media": "attach://first", "caption": "one" },
        { "type": "photo", "media": "attach://second" },
    ]);
    let form = Form::new()
        .text("chat_id", alice.id().to_string())
        .text("media", media.to_string())
        .part("first", Part::bytes(png()).file_name("1.png"))
        .part(
            "second",
            Part::bytes(b"second photo".to_vec()).file_name("2.jpg"),
        );
    let (status, body) = multipart(&tg, "sendMediaGroup", form).await;
    assert_eq!(status, 200, "{body}");
    let messages = body["result"].as_array().expect("array of messages");
    assert_eq!(messages.len(), 2);
    let group = messages[0]["media_group_id"]
        .as_str()
        .expect("media_group_id");
    assert_eq!(messages[1]["media_group_id"], group);
    assert_eq!(messages[0]["caption"], "one");
    assert!(messages[1].get("caption").is_none());
    assert_eq!(
        messages[1]["message_id"].as_i64(),
        messages[0]["message_id"].as_i64().map(|id| id + 1)
    );
    let second_id = messages[1]["photo"][0]["file_id"]
        .as_str()
        .expect("file_id");
    assert_eq!(
        tg.file_bytes(second_id).expect("stored").to_vec(),
        b"second photo"
    );

    // Known file ids work too; documents cannot be mixed with photos.
    let first_id = messages[0]["photo"][0]["file_id"].clone();
    let again = api
        .ok(
            "sendMediaGroup",
            json!({ "chat_id": alice.id(), "media": [
                { "type": "photo", "media": first_id }, { "type": "photo", "media": second_id },
            ]}),
        )
        .await;
    assert_eq!(again.as_array().map(Vec::len), Some(2));
    let (status, _) = api
        .err(
            "sendMediaGroup",
            json!({ "chat_id": alice.id(), "media": [
                { "type": "photo", "media": first_id }, { "type": "document", "media": second_id },
            ]}),
        )
        .await;
    assert_eq!(status, 400);
    let (_, description) = api
        .err(
            "sendMediaGroup",
            json!({ "chat_id": alice.id(), "media": [{ "type": "photo", "media": first_id }] }),
        )
        .await;
    assert!(description.contains("2-10"), "{description}");
}

#[tokio::test]
async fn file_urls_check_the_token_and_the_path() {
    let tg = FakeTelegram::start().await;
    let alice = tg.user("alice");
    let sent = alice.send_document(&alice, "a.txt", b"abc".to_vec()).await;
    let api = Api::new(&tg);
    let file = api
        .ok("getFile", json!({ "file_id": sent.file_id() }))
        .await;
    let path = file["file_path"].as_str().expect("path");
    let wrong_token = format!("{}/file/bot123:wrong/{path}", tg.api_url());
    assert_eq!(
        reqwest::get(wrong_token).await.expect("answer").status(),
        401
    );
    assert_eq!(
        reqwest::get(tg.file_url("documents/none.txt"))
            .await
            .expect("answer")
            .status(),
        404
    );
    assert_eq!(
        reqwest::get(tg.file_url(path))
            .await
            .expect("answer")
            .bytes()
            .await
            .expect("bytes")
            .as_ref(),
        b"abc"
    );
}
