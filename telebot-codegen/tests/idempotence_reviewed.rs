//! The reviewed retry lists (`src/idempotence.rs`) fit the spec exactly: every name on them is a
//! method of the spec, every method of the spec is on one of them, and a method a newer spec adds
//! stops the generator until it is reviewed (#24 item 4).

use telebot_codegen::idempotence::{
    IDEMPOTENT, NOT_IDEMPOTENT, ReviewError, classify, classify_with,
};
use telebot_codegen::{default_spec_path, generate, spec::Spec};

fn spec() -> Option<Spec> {
    let path = default_spec_path();
    if !path.exists() {
        eprintln!("skipping: no Bot API spec at {}", path.display());
        return None;
    }
    Some(Spec::load(&path).expect("spec loads"))
}

#[test]
fn every_listed_name_is_a_method_of_the_spec_and_every_method_is_listed_once() {
    let Some(spec) = spec() else { return };
    for name in IDEMPOTENT.iter().chain(NOT_IDEMPOTENT) {
        assert!(
            spec.methods.contains_key(*name),
            "{name} is reviewed but not in the spec"
        );
    }
    let classes = classify(&spec).expect("the reviewed lists fit the spec");
    assert_eq!(classes.len(), spec.methods.len());
    assert_eq!(IDEMPOTENT.len() + NOT_IDEMPOTENT.len(), spec.methods.len());
}

#[test]
fn sends_forwards_and_sticker_additions_are_not_idempotent_reads_edits_and_answers_are() {
    let Some(spec) = spec() else { return };
    let classes = classify(&spec).unwrap();
    for name in [
        "addStickerToSet",
        "sendMessage",
        "sendMediaGroup",
        "forwardMessages",
        "copyMessage",
        "createInvoiceLink",
        "exportChatInviteLink",
        "uploadStickerFile",
        "refundStarPayment",
    ] {
        assert!(!classes[name], "{name} is on the allow-list");
    }
    for name in [
        "getChat",
        "getUpdates",
        "editMessageText",
        "answerCallbackQuery",
        "setMyCommands",
        "deleteMessage",
    ] {
        assert!(classes[name], "{name} is not on the allow-list");
    }
    // No method whose name says it sends, forwards or copies a message is on the allow-list,
    // except the reviewed exceptions that create no message.
    let exceptions = ["sendChatAction", "sendMessageDraft", "sendRichMessageDraft"];
    for name in IDEMPOTENT {
        let creates = ["send", "forward", "copy", "create", "post", "repost"]
            .iter()
            .any(|p| name.starts_with(p));
        assert!(
            !creates || exceptions.contains(name),
            "{name} looks like a send"
        );
    }
}

#[test]
fn a_method_a_newer_spec_adds_fails_generation_until_it_is_reviewed() {
    let Some(mut spec) = spec() else { return };
    let newcomer = serde_json::from_value::<telebot_codegen::spec::Method>(serde_json::json!({
        "name": "sendTeleport",
        "href": "https://core.telegram.org/bots/api#sendteleport",
        "returns": ["Boolean"],
    }))
    .unwrap();
    spec.methods.insert("sendTeleport".into(), newcomer);
    assert_eq!(
        classify(&spec),
        Err(ReviewError::Unreviewed(vec!["sendTeleport".into()]))
    );
    let error = generate(&spec).expect_err("an unreviewed method stops the generator");
    assert!(error.contains("sendTeleport"), "{error}");
    assert!(error.contains("idempotence.rs"), "{error}");
}

#[test]
fn a_removed_or_misspelt_name_and_a_name_on_both_lists_are_refused() {
    let Some(spec) = spec() else { return };
    let mut safe: Vec<&str> = IDEMPOTENT.to_vec();
    safe.push("getChatt");
    assert_eq!(
        classify_with(&spec, &safe, NOT_IDEMPOTENT),
        Err(ReviewError::Unknown(vec!["getChatt".into()]))
    );
    let mut safe: Vec<&str> = IDEMPOTENT.to_vec();
    safe.push("sendMessage");
    assert_eq!(
        classify_with(&spec, &safe, NOT_IDEMPOTENT),
        Err(ReviewError::Repeated(vec!["sendMessage".into()]))
    );
}
