//! `&`, `|`, `^` and `!` on [`SharedFilter`].
//!
//! Each side is checked with a scratch [`FilterData`] whose contents reach the caller's only
//! when that side's result decides the outcome, so a failed branch never leaves matches behind.

use super::{Filter, FilterData, Prec, SharedFilter};
use crate::Update;
use std::ops::{BitAnd, BitOr, BitXor, Not};

struct And(SharedFilter, SharedFilter);
struct Or(SharedFilter, SharedFilter);
struct Xor(SharedFilter, SharedFilter);
struct Negate(SharedFilter);

impl Filter for And {
    fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        let mut found = FilterData::default();
        if self.0.check(update, &mut found) && self.1.check(update, &mut found) {
            data.append(found);
            true
        } else {
            false
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} & {}",
            self.0.describe_in(Prec::And),
            self.1.describe_in(Prec::And)
        )
    }
}

impl Filter for Or {
    fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        for side in [&self.0, &self.1] {
            let mut found = FilterData::default();
            if side.check(update, &mut found) {
                data.append(found);
                return true;
            }
        }
        false
    }

    fn describe(&self) -> String {
        format!(
            "{} | {}",
            self.0.describe_in(Prec::Or),
            self.1.describe_in(Prec::Or)
        )
    }
}

impl Filter for Xor {
    fn check(&self, update: &Update, data: &mut FilterData) -> bool {
        let mut left = FilterData::default();
        let mut right = FilterData::default();
        match (
            self.0.check(update, &mut left),
            self.1.check(update, &mut right),
        ) {
            (true, false) => data.append(left),
            (false, true) => data.append(right),
            _ => return false,
        }
        true
    }

    fn describe(&self) -> String {
        format!(
            "{} ^ {}",
            self.0.describe_in(Prec::Xor),
            self.1.describe_in(Prec::Xor)
        )
    }
}

impl Filter for Negate {
    fn check(&self, update: &Update, _data: &mut FilterData) -> bool {
        !self.0.check(update, &mut FilterData::default())
    }

    fn describe(&self) -> String {
        format!("!{}", self.0.describe_in(Prec::Atom))
    }
}

/// Implements a binary operator for every mix of `SharedFilter` and `&SharedFilter`.
macro_rules! binary_op {
    ($trait:ident, $method:ident, $node:ident, $prec:ident) => {
        impl $trait for SharedFilter {
            type Output = SharedFilter;
            fn $method(self, rhs: SharedFilter) -> SharedFilter {
                SharedFilter::with_prec($node(self, rhs), Prec::$prec)
            }
        }

        impl $trait<&SharedFilter> for SharedFilter {
            type Output = SharedFilter;
            fn $method(self, rhs: &SharedFilter) -> SharedFilter {
                SharedFilter::with_prec($node(self, rhs.clone()), Prec::$prec)
            }
        }

        impl $trait<SharedFilter> for &SharedFilter {
            type Output = SharedFilter;
            fn $method(self, rhs: SharedFilter) -> SharedFilter {
                SharedFilter::with_prec($node(self.clone(), rhs), Prec::$prec)
            }
        }

        impl $trait<&SharedFilter> for &SharedFilter {
            type Output = SharedFilter;
            fn $method(self, rhs: &SharedFilter) -> SharedFilter {
                SharedFilter::with_prec($node(self.clone(), rhs.clone()), Prec::$prec)
            }
        }
    };
}

binary_op!(BitAnd, bitand, And, And);
binary_op!(BitOr, bitor, Or, Or);
binary_op!(BitXor, bitxor, Xor, Xor);

impl Not for SharedFilter {
    type Output = SharedFilter;
    fn not(self) -> SharedFilter {
        SharedFilter::new(Negate(self))
    }
}

impl Not for &SharedFilter {
    type Output = SharedFilter;
    fn not(self) -> SharedFilter {
        SharedFilter::new(Negate(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::message;
    use super::super::{Filter, FilterData, RegexMatch, SharedFilter, custom, regex};
    use crate::Update;
    use serde_json::json;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A filter with a fixed result that records one match named after itself and counts calls.
    struct Fixed {
        name: &'static str,
        pass: bool,
        calls: Arc<AtomicUsize>,
    }

    impl Filter for Fixed {
        fn check(&self, _: &Update, data: &mut FilterData) -> bool {
            self.calls.fetch_add(1, Ordering::SeqCst);
            data.matches.push(RegexMatch::new(
                vec![Some(self.name.into())],
                Default::default(),
            ));
            self.pass
        }
        fn describe(&self) -> String {
            self.name.into()
        }
    }

    fn fixed(name: &'static str, pass: bool) -> (SharedFilter, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let f = SharedFilter::new(Fixed {
            name,
            pass,
            calls: calls.clone(),
        });
        (f, calls)
    }

    fn run(f: &SharedFilter) -> (bool, Vec<String>) {
        let mut data = FilterData::default();
        let passed = f.check(&message(json!({"text": "x"})), &mut data);
        let names = data
            .matches
            .iter()
            .map(|m| m.as_str().to_string())
            .collect();
        (passed, names)
    }

    #[test]
    fn and_short_circuits_and_keeps_data_only_when_both_pass() {
        let (yes, _) = fixed("yes", true);
        let (yes2, _) = fixed("yes2", true);
        let (no, no_calls) = fixed("no", false);
        let (never, never_calls) = fixed("never", true);
        assert_eq!(
            run(&(&yes & &yes2)),
            (true, vec!["yes".into(), "yes2".into()])
        );
        assert_eq!(run(&(&yes & &no)), (false, vec![]));
        assert_eq!(run(&(&no & &never)), (false, vec![]));
        assert_eq!(never_calls.load(Ordering::SeqCst), 0);
        assert_eq!(no_calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn or_keeps_the_first_passing_side_and_short_circuits() {
        let (yes, _) = fixed("yes", true);
        let (no, _) = fixed("no", false);
        let (other, other_calls) = fixed("other", true);
        assert_eq!(run(&(&no | &yes)), (true, vec!["yes".into()]));
        assert_eq!(run(&(&yes | &other)), (true, vec!["yes".into()]));
        assert_eq!(other_calls.load(Ordering::SeqCst), 0);
        assert_eq!(run(&(&no | &no)), (false, vec![]));
    }

    #[test]
    fn xor_passes_for_exactly_one_side() {
        let (yes, _) = fixed("yes", true);
        let (yes2, _) = fixed("yes2", true);
        let (no, _) = fixed("no", false);
        assert_eq!(run(&(&yes ^ &no)), (true, vec!["yes".into()]));
        assert_eq!(run(&(&no ^ &yes2)), (true, vec!["yes2".into()]));
        assert_eq!(run(&(&yes ^ &yes2)), (false, vec![]));
        assert_eq!(run(&(&no ^ &no)), (false, vec![]));
    }

    #[test]
    fn not_inverts_and_discards_data() {
        let (yes, _) = fixed("yes", true);
        let (no, _) = fixed("no", false);
        assert_eq!(run(&!&no), (true, vec![]));
        assert_eq!(run(&!yes), (false, vec![]));
        assert_eq!(run(&!!no), (false, vec![]));
    }

    #[test]
    fn data_already_present_is_left_alone() {
        let (no, _) = fixed("no", false);
        let f = regex("x") & no;
        let mut data = FilterData::default();
        data.matches.push(RegexMatch::default());
        assert!(!f.check(&message(json!({"text": "x"})), &mut data));
        assert_eq!(data.matches, vec![RegexMatch::default()]);
    }

    #[test]
    fn descriptions_parenthesize_by_precedence() {
        let a = custom("a", |_| true);
        let b = custom("b", |_| true);
        let c = custom("c", |_| true);
        assert_eq!((&a & &b | &c).describe(), "a & b | c");
        assert_eq!((&a & (&b | &c)).describe(), "a & (b | c)");
        assert_eq!((&a ^ &b & &c).describe(), "a ^ b & c");
        assert_eq!(((&a | &b) ^ &c).describe(), "(a | b) ^ c");
        assert_eq!((!(&a | &b)).describe(), "!(a | b)");
        assert_eq!((!&a & !&b).describe(), "!a & !b");
        assert_eq!(format!("{:?}", !&a), "SharedFilter(\"!a\")");
    }

    #[test]
    fn operators_accept_owned_and_borrowed_operands() {
        let t = custom("t", |_| true);
        let f = custom("f", |_| false);
        let m = message(json!({}));
        assert!((t.clone() & t.clone()).matches(&m));
        assert!(!(t.clone() & &f).matches(&m));
        assert!((&f | t.clone()).matches(&m));
        assert!((&t ^ &f).matches(&m));
        assert!(!(t.clone() ^ t.clone()).matches(&m));
    }
}
