//! `#[derive(CallbackData)]` and `#[derive(CallbackField)]` refuse at compile time what cannot
//! travel in a button: generic types, unions, prefixes with separators or too long, unknown
//! options, bad versions, fields without a `CallbackField` encoding.

#[rustversion::stable]
#[test]
fn callback_data_mistakes_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/callback_data/*.rs");
}
