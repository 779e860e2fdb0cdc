//! Filters from closures, and the shared plumbing of the message filters.

use super::{Filter, FilterData, SharedFilter, message_of};
use crate::Update;
use crate::api::Message;

struct All;

impl Filter for All {
    fn check(&self, _: &Update, _: &mut FilterData) -> bool {
        true
    }

    fn describe(&self) -> String {
        "all".into()
    }
}

/// Every update, of any kind.
pub fn all() -> SharedFilter {
    SharedFilter::new(All)
}

struct OnUpdate<P> {
    name: String,
    pred: P,
}

impl<P: Fn(&Update) -> bool + Send + Sync + 'static> Filter for OnUpdate<P> {
    fn check(&self, update: &Update, _: &mut FilterData) -> bool {
        (self.pred)(update)
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

/// A filter from a function of the whole update; `name` is its description.
///
/// ```
/// use telebot::filters;
/// let from_alice = filters::custom("from_alice", |u| u.effective_user().is_some_and(|u| u.id == 7));
/// assert_eq!((filters::text() & from_alice).describe(), "text & from_alice");
/// ```
pub fn custom(name: &str, f: impl Fn(&Update) -> bool + Send + Sync + 'static) -> SharedFilter {
    SharedFilter::new(OnUpdate {
        name: name.to_string(),
        pred: f,
    })
}

struct OnMessage<P> {
    name: String,
    pred: P,
}

impl<P: Fn(&Message) -> bool + Send + Sync + 'static> Filter for OnMessage<P> {
    fn check(&self, update: &Update, _: &mut FilterData) -> bool {
        message_of(update).is_some_and(|m| (self.pred)(m))
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

/// A message filter from a function of the message: it fails for updates without a message
/// (see [which updates message filters look at](super#which-updates-message-filters-look-at)).
///
/// ```
/// use telebot::filters;
/// let long = filters::custom_message("long_text", |m| m.text.as_ref().is_some_and(|t| t.len() > 280));
/// assert_eq!(long.describe(), "long_text");
/// ```
pub fn custom_message(
    name: &str,
    f: impl Fn(&Message) -> bool + Send + Sync + 'static,
) -> SharedFilter {
    on_message(name, f)
}

/// A message filter from a predicate, for the filters of this module.
pub(crate) fn on_message(
    name: impl Into<String>,
    pred: impl Fn(&Message) -> bool + Send + Sync + 'static,
) -> SharedFilter {
    SharedFilter::new(OnMessage {
        name: name.into(),
        pred,
    })
}

/// A filter that passes when `f` finds a value in the update, and hands the value to the
/// handler as a [`Found<T>`](crate::extract::Found) parameter (PTB's data filters).
///
/// ```
/// use telebot::extract::Found;
/// use telebot::filters;
/// #[derive(Clone)]
/// struct OrderNo(u32);
/// // Messages like "order 42", with the number already read for the handler.
/// let orders = filters::custom_with("order_no", |update| {
///     let text = update.effective_message()?.text.as_deref()?;
///     text.strip_prefix("order ")?.parse().ok().map(OrderNo)
/// });
/// async fn track(Found(OrderNo(n)): Found<OrderNo>) {}
/// ```
pub fn custom_with<T: std::any::Any + Send + Sync>(
    name: &str,
    f: impl Fn(&Update) -> Option<T> + Send + Sync + 'static,
) -> SharedFilter {
    SharedFilter::new(Finding {
        name: name.to_string(),
        find: f,
    })
}

struct Finding<P> {
    name: String,
    find: P,
}

impl<T, P> Filter for Finding<P>
where
    T: std::any::Any + Send + Sync,
    P: Fn(&Update) -> Option<T> + Send + Sync + 'static,
{
    fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        match (self.find)(update) {
            Some(value) => {
                data.insert(value);
                true
            }
            None => false,
        }
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{message, update};
    use super::*;
    use serde_json::json;

    #[test]
    fn all_passes_any_update() {
        let query = update(
            "inline_query",
            json!({"id": "1", "from": {"id": 1, "is_bot": false, "first_name": "A"},
                   "query": "", "offset": ""}),
        );
        assert!(all().matches(&query));
        assert!(!crate::filters::text().matches(&query));
        assert!(all().matches(&message(json!({}))));
        assert_eq!(all().describe(), "all");
    }

    #[test]
    fn custom_sees_the_whole_update() {
        let odd = custom("odd_id", |u| u.update_id % 2 == 1);
        let mut u = message(json!({}));
        assert!(odd.matches(&u));
        u.update_id = 2;
        assert!(!odd.matches(&u));
        assert_eq!(odd.describe(), "odd_id");
    }

    #[test]
    fn custom_message_fails_without_a_message() {
        let f = custom_message("short", |m| m.text.as_ref().is_some_and(|t| t.len() < 5));
        assert!(f.matches(&message(json!({"text": "hey"}))));
        assert!(!f.matches(&message(json!({"text": "hello there"}))));
        let query = update(
            "inline_query",
            json!({"id": "1", "from": {"id": 1, "is_bot": false, "first_name": "A"},
                   "query": "hey", "offset": ""}),
        );
        assert!(!f.matches(&query));
    }
}
