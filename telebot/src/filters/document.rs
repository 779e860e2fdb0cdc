//! Document filters by MIME type and file name extension.

use super::SharedFilter;
use super::custom::on_message;
use crate::api::Document;

fn document_filter(
    name: String,
    pred: impl Fn(&Document) -> bool + Send + Sync + 'static,
) -> SharedFilter {
    on_message(name, move |m| m.document.as_deref().is_some_and(&pred))
}

/// Every document (the same as [`media::document`](super::media::document)). Telegram sets
/// `document` on animations too.
pub fn all() -> SharedFilter {
    document_filter("document::all".into(), |_| true)
}

/// Documents of exactly this MIME type, ignoring case: `mime_type("application/pdf")`.
pub fn mime_type(mime: &str) -> SharedFilter {
    let mime = mime.to_ascii_lowercase();
    document_filter(format!("document::mime_type({mime:?})"), move |d| {
        d.mime_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(&mime))
    })
}

/// Documents whose MIME type starts with `prefix`, ignoring case: `mime_prefix("image/")`
/// for every image, `mime_prefix("application/vnd.openxmlformats")` for Office files.
pub fn mime_prefix(prefix: &str) -> SharedFilter {
    let prefix = prefix.to_ascii_lowercase();
    document_filter(format!("document::mime_prefix({prefix:?})"), move |d| {
        d.mime_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with(&prefix))
    })
}

/// Documents whose file name ends with `.` and this extension, ignoring case:
/// `extension("pdf")` passes `Report.PDF`; multi-part extensions work (`extension("tar.gz")`).
/// A leading dot in `ext` is ignored. Documents sent without a file name fail.
pub fn extension(ext: &str) -> SharedFilter {
    let suffix = format!(".{}", ext.strip_prefix('.').unwrap_or(ext).to_lowercase());
    document_filter(
        format!("document::extension({:?})", &suffix[1..]),
        move |d| {
            d.file_name
                .as_deref()
                .is_some_and(|name| name.to_lowercase().ends_with(&suffix))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::*;
    use serde_json::json;

    fn doc(name: Option<&str>, mime: Option<&str>) -> crate::Update {
        let mut d = json!({"file_id": "f", "file_unique_id": "u"});
        if let Some(name) = name {
            d["file_name"] = json!(name);
        }
        if let Some(mime) = mime {
            d["mime_type"] = json!(mime);
        }
        message(json!({ "document": d }))
    }

    #[test]
    fn mime_types() {
        let pdf = doc(Some("a.pdf"), Some("application/pdf"));
        let png = doc(Some("a.png"), Some("Image/PNG"));
        assert!(all().matches(&pdf));
        assert!(!all().matches(&message(json!({"text": "x"}))));
        assert!(mime_type("application/pdf").matches(&pdf));
        assert!(mime_type("APPLICATION/PDF").matches(&pdf));
        assert!(!mime_type("application/pdf").matches(&png));
        assert!(!mime_type("application").matches(&pdf));
        assert!(mime_prefix("image/").matches(&png));
        assert!(!mime_prefix("image/").matches(&pdf));
        assert!(!mime_prefix("image/").matches(&doc(Some("x.png"), None)));
    }

    #[test]
    fn extensions() {
        let report = doc(Some("Report.PDF"), None);
        assert!(extension("pdf").matches(&report));
        assert!(extension(".Pdf").matches(&report));
        assert!(!extension("df").matches(&report));
        assert!(!extension("pdf").matches(&doc(Some("pdf"), None)));
        assert!(!extension("pdf").matches(&doc(None, Some("application/pdf"))));
        assert!(extension("tar.gz").matches(&doc(Some("src.tar.gz"), None)));
        assert!(!extension("tar.gz").matches(&doc(Some("src.gz"), None)));
        assert_eq!(
            extension(".PDF").describe(),
            r#"document::extension("pdf")"#
        );
    }
}
