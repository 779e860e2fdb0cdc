//! The page's files, embedded in the binary: no front-end toolchain, nothing fetched at run
//! time. The script is three ES modules: `app.js` (the page: connection, chat, composer, side
//! panel), `messages.js` (one message as elements) and `text.js` (formatted text).

/// The page; it loads the script and the style sheet below.
pub(crate) const INDEX_HTML: &str = include_str!("assets/index.html");

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

/// A static file of the page.
pub(crate) struct Asset {
    pub content_type: &'static str,
    pub body: &'static str,
}

/// The static file at `path`, if there is one.
pub(crate) fn find(path: &str) -> Option<Asset> {
    let (content_type, body) = match path {
        "/assets/app.js" => (JAVASCRIPT, include_str!("assets/app.js")),
        "/assets/messages.js" => (JAVASCRIPT, include_str!("assets/messages.js")),
        "/assets/text.js" => (JAVASCRIPT, include_str!("assets/text.js")),
        "/assets/style.css" => ("text/css; charset=utf-8", include_str!("assets/style.css")),
        "/assets/icon.svg" => ("image/svg+xml", include_str!("assets/icon.svg")),
        _ => return None,
    };
    Some(Asset { content_type, body })
}
