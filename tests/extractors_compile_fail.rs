//! A handler parameter that cannot exist for its handler kind is a compile error naming the
//! parameter type and the kind, under the user's parameter.

#[rustversion::stable]
#[test]
fn extractors_that_do_not_fit_the_handler_kind_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/extract/*.rs");
}
