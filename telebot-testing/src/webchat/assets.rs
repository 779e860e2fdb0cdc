//! The page's files, embedded in the binary: no front-end toolchain, nothing fetched at run
//! time.

/// The page; it loads the script and the style sheet below.
pub(crate) const INDEX_HTML: &str = include_str!("assets/index.html");

/// A static file of the page.
pub(crate) struct Asset {
    pub content_type: &'static str,
    pub body: &'static str,
}

/// The static file at `path`, if there is one.
pub(crate) fn find(path: &str) -> Option<Asset> {
    let (content_type, body) = match path {
        "/assets/app.js" => (
            "text/javascript; charset=utf-8",
            include_str!("assets/app.js"),
        ),
        "/assets/style.css" => ("text/css; charset=utf-8", include_str!("assets/style.css")),
        "/assets/icon.svg" => ("image/svg+xml", include_str!("assets/icon.svg")),
        _ => return None,
    };
    Some(Asset { content_type, body })
}
