//! The conversation macro's graph checks: each mistake in `tests/ui/conversation/*.rs` fails to
//! build with the message pinned in its `.stderr`, at the state or path concerned.

#[rustversion::stable]
#[test]
fn conversation_graph_mistakes_are_compile_errors_at_the_right_token() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/conversation/*.rs");
}
