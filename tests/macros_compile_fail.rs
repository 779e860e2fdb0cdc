//! The macros' compile-time checks: each mistake in `tests/ui/macros/*.rs` fails to build with
//! the message pinned in its `.stderr`, at the offending token; every attribute's correct uses
//! in `tests/ui/macros/pass/` build and run.

#[rustversion::stable]
#[test]
fn macro_mistakes_are_compile_errors_at_the_right_token() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/macros/*.rs");
    t.pass("tests/ui/macros/pass/*.rs");
}
