//! Files travel intact: multipart uploads from memory, a path and a reader; `attach://` in media
//! groups and thumbnails; file ids and URLs stay JSON; downloads return the exact bytes.

#[path = "support/recorder.rs"]
mod recorder;

use recorder::{Answer, Recorder};
use serde_json::json;
use telebot::InputFile;
use telebot::api::{InputMedia, InputMediaDocument, InputMediaPhoto};

fn message() -> serde_json::Value {
    json!({"message_id": 1, "date": 1750000000, "chat": {"id": 5, "type": "private"}})
}

/// Bytes that would break a text encoding: every byte value, twice.
fn binary() -> Vec<u8> {
    (0..=255u8).chain(0..=255u8).collect()
}

#[tokio::test]
async fn document_from_memory_is_a_multipart_file_part() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::ok(message()));
    let bot = rec.bot();
    bot.send_document(5, InputFile::memory("data.bin", binary()))
        .caption("raw")
        .await
        .unwrap();
    let call = rec.last();
    assert!(
        call.content_type.starts_with("multipart/form-data"),
        "{}",
        call.content_type
    );
    assert_eq!(call.fields.get("chat_id").map(String::as_str), Some("5"));
    assert_eq!(call.fields.get("caption").map(String::as_str), Some("raw"));
    let (name, bytes) = &call.files["document"];
    assert_eq!(name, "data.bin");
    assert_eq!(bytes, &binary());
}

#[tokio::test]
async fn photo_from_a_path_and_thumbnail_by_attach() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::ok(message()));
    let dir = std::env::temp_dir().join(format!("telebot-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cat.jpg");
    std::fs::write(&path, b"\xff\xd8\xff\xe0 not really a jpeg").unwrap();
    let bot = rec.bot();
    bot.send_document(5, InputFile::path(&path))
        .thumbnail(InputFile::memory("thumb.jpg", &b"THUMB"[..]))
        .await
        .unwrap();
    let call = rec.last();
    assert_eq!(
        call.files["document"],
        (
            "cat.jpg".to_string(),
            b"\xff\xd8\xff\xe0 not really a jpeg".to_vec()
        )
    );
    let thumb_ref = call.fields.get("thumbnail").expect("thumbnail field");
    let part = thumb_ref
        .strip_prefix("attach://")
        .expect("thumbnail is an attach:// reference");
    assert_eq!(
        call.files[part],
        ("thumb.jpg".to_string(), b"THUMB".to_vec())
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn reader_upload_is_sent_once_and_then_reports_an_error() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::ok(message()));
    let bot = rec.bot();
    let request = bot.send_voice(
        5,
        InputFile::reader("v.ogg", std::io::Cursor::new(b"OggS-voice".to_vec())),
    );
    request.clone().await.unwrap();
    assert_eq!(rec.last().files["voice"].1, b"OggS-voice");
    let again = request.await.unwrap_err();
    assert!(matches!(again, telebot::Error::Upload { .. }), "{again:?}");
    assert!(again.to_string().contains("already consumed"));
}

#[tokio::test]
async fn media_group_references_each_upload_by_attach() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::ok(json!([message(), message(), message()])));
    let bot = rec.bot();
    let media = vec![
        InputMedia::from(InputMediaPhoto::new(InputFile::memory(
            "a.png",
            &b"AAAA"[..],
        ))),
        InputMedia::from(InputMediaPhoto::new("AgACAgIAAxkBAAI-existing")),
        InputMedia::from(InputMediaDocument::new(InputFile::memory(
            "c.txt",
            &b"CCCC"[..],
        ))),
    ];
    let sent = bot.send_media_group(5, media).await.unwrap();
    assert_eq!(sent.len(), 3);
    let call = rec.last();
    let media: serde_json::Value = serde_json::from_str(&call.fields["media"]).unwrap();
    assert_eq!(media[0]["type"], "photo");
    assert_eq!(
        media[1],
        json!({"type": "photo", "media": "AgACAgIAAxkBAAI-existing"})
    );
    assert_eq!(media[2]["type"], "document");
    for (i, expected) in [(0, b"AAAA"), (2, b"CCCC")] {
        let reference = media[i]["media"].as_str().unwrap();
        let part = reference
            .strip_prefix("attach://")
            .expect("attach:// reference");
        assert_eq!(call.files[part].1, expected.to_vec());
    }
    assert_eq!(call.files.len(), 2);
}

#[tokio::test]
async fn file_ids_and_urls_need_no_multipart() {
    let rec = Recorder::start().await;
    rec.respond(|_| Answer::ok(message()));
    let bot = rec.bot();
    bot.send_audio(5, "CQACAgIAAxkBAAI")
        .thumbnail("https://example.com/t.jpg")
        .await
        .unwrap();
    let call = rec.last();
    assert_eq!(call.content_type, "application/json");
    assert_eq!(
        call.params(),
        json!({"chat_id": 5, "audio": "CQACAgIAAxkBAAI", "thumbnail": "https://example.com/t.jpg"})
    );
}

#[tokio::test]
async fn webhook_certificate_is_uploaded() {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    bot.set_webhook("https://example.com/hook")
        .certificate(InputFile::memory(
            "cert.pem",
            &b"-----BEGIN CERTIFICATE-----"[..],
        ))
        .secret_token("s3cr3t")
        .max_connections(40)
        .await
        .unwrap();
    let call = rec.last();
    assert_eq!(call.files["certificate"].1, b"-----BEGIN CERTIFICATE-----");
    assert_eq!(call.fields["url"], "https://example.com/hook");
    assert_eq!(call.fields["secret_token"], "s3cr3t");
    assert_eq!(call.fields["max_connections"], "40");
}

#[tokio::test]
async fn download_returns_the_exact_bytes() {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    // The recorder answers every path with the JSON `true`; what matters is the path and bytes.
    let bytes = bot.download_file("documents/file_1.bin").await.unwrap();
    assert_eq!(
        &bytes[..],
        json!({"ok": true, "result": true}).to_string().as_bytes()
    );
    let call = rec.last();
    assert_eq!(
        call.path,
        format!("/file/bot{}/documents/file_1.bin", recorder::TOKEN)
    );
    let mut sink = Vec::new();
    let written = bot
        .download_file_to("documents/file_1.bin", &mut sink)
        .await
        .unwrap();
    assert_eq!(written as usize, sink.len());
    assert_eq!(sink, bytes.to_vec());
}

#[tokio::test]
async fn a_missing_file_is_an_upload_error_naming_the_method() {
    let rec = Recorder::start().await;
    let bot = rec.bot();
    let err = bot
        .send_photo(5, InputFile::path("/nonexistent/telebot/photo.jpg"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, telebot::Error::Upload { method, .. } if method == "sendPhoto"),
        "{err:?}"
    );
    assert!(
        rec.calls().is_empty(),
        "nothing may be sent when a file cannot be read"
    );
}
