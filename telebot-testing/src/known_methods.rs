//! Which names are Bot API methods, to tell "real but not implemented here" (501) from "no such
//! method" (404). The names are the generated [`api::METHOD_NAMES`](crate::api::METHOD_NAMES),
//! so the fake Telegram knows exactly the methods the client can call.

/// The documented spelling of `name` (matched case-insensitively), if it is a Bot API method.
pub(crate) fn canonical(name: &str) -> Option<&'static str> {
    crate::api::METHOD_NAMES
        .iter()
        .copied()
        .find(|known| known.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn methods_are_known_in_any_case_and_others_are_not() {
        assert_eq!(canonical("sendmessage"), Some("sendMessage"));
        assert_eq!(canonical("GETUPDATES"), Some("getUpdates"));
        assert_eq!(canonical("sendTelepathy"), None);
        for name in crate::api::METHOD_NAMES {
            assert_eq!(canonical(name), Some(*name));
        }
    }
}
