//! The generated code: the user's function unchanged, and beside it a braced struct of the same
//! name whose `Declared` impl fills a descriptor and hands it to one `__private` function.

use super::Spec;
use crate::diag::Errors;
use crate::handler_fn::HandlerFn;
use crate::kind::Family;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use telebot_syntax::command::CommandScope;

/// The struct and its `Declared` impl, around `declare`'s body.
fn declaration(
    spec: &Spec,
    handler: &HandlerFn,
    names: &[String],
    body: TokenStream,
) -> TokenStream {
    let private = spec.krate.private();
    let has_args = has_args(&private, spec.command.has_args);
    let payload = spec.kind.family == Family::Command && spec.pattern.is_some();
    let consts = quote! {
        const COMMANDS: &'static [&'static str] = &[#(#names),*];
        const HAS_ARGS: #private::HasArgs = #has_args;
        const PAYLOAD: bool = #payload;
    };
    crate::declare::declaration(&private, handler, consts, body)
}

/// On error: the function, a stub declaration adding nothing, and the errors.
pub(super) fn fallback(spec: &Spec, handler: &HandlerFn, errors: &Errors) -> TokenStream {
    crate::declare::stub(&spec.krate.private(), handler, errors)
}

/// The callback, extracting for the attribute's handler kind.
fn callback(spec: &Spec, handler: &HandlerFn) -> TokenStream {
    crate::declare::callback(&spec.krate.private(), spec.kind.marker, handler)
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// The generated code of a valid handler.
pub(super) fn handler(spec: &Spec, handler: &HandlerFn) -> TokenStream {
    let private = spec.krate.private();
    let callback = callback(spec, handler);
    let group = proc_macro2::Literal::i32_unsuffixed(spec.group as i32);
    let block = option(spec.block.map(|b| quote!(#b)));
    let filter = option(spec.filter.as_ref().map(
        |f| quote_spanned!(f.span()=> ::core::convert::Into::<#private::SharedFilter>::into(#f)),
    ));
    // The update-kind handlers take their pattern as text (`.pattern(…)`, below).
    let shared_pattern = spec
        .pattern
        .as_ref()
        .filter(|_| !matches!(spec.kind.family, Family::UpdateKind(_)));
    let pattern_static = shared_pattern.map(|p| {
        let lit = &p.literal;
        quote!(static __TELEBOT_PATTERN: #private::Pattern = #private::Pattern::new(#lit);)
    });
    let pattern = option(spec.pattern.as_ref().map(|_| quote!(&__TELEBOT_PATTERN)));
    let mut names = Vec::new();
    let built = match spec.kind.family {
        Family::Command => {
            let c = &spec.command;
            names = c.names.iter().map(|n| n.value()).collect();
            let description = option(c.description.as_ref().map(|(d, _)| quote!(#d)));
            let translations = c.translations.iter().map(|(l, t)| quote!((#l, #t)));
            let scopes = c.scopes.iter().map(|s| scope(&private, *s));
            let require = option(c.require.map(|r| {
                let r = format_ident!("{r}");
                quote!(#private::Role::#r)
            }));
            let params = arg_names(&private, handler);
            let hidden = c.hidden;
            let has_args = has_args(&private, c.has_args);
            let allow_edited = spec.allow_edited;
            let location = quote_spanned!(handler.item.sig.ident.span()=>
                #private::Location::new(::core::file!(), ::core::line!(), ::core::column!()));
            return declaration(
                spec,
                handler,
                &names,
                quote! {
                    #pattern_static
                    let __telebot_spec = #private::CommandSpec {
                        names: &[#(#names),*],
                        description: #description,
                        translations: &[#(#translations),*],
                        scopes: &[#(#scopes),*],
                        hidden: #hidden,
                        allow_edited: #allow_edited,
                        block: #block,
                        require: #require,
                        params: #params,
                        has_args: #has_args,
                        payload: #pattern,
                        location: #location,
                    };
                    __telebot_set.command(#private::command(__telebot_spec, #filter, #callback), #group)
                },
            );
        }
        Family::Regex => {
            let (caption, allow_edited) = (spec.caption, spec.allow_edited);
            quote! {
                #private::regex(
                    #private::RegexSpec { pattern: &__TELEBOT_PATTERN, caption: #caption, allow_edited: #allow_edited, block: #block },
                    #filter,
                    #callback,
                )
            }
        }
        Family::Prefix => {
            let prefixes = spec.prefixes.iter().flatten();
            let commands = spec.prefix_commands.iter().flatten();
            let description = option(handler.doc_summary().map(|d| quote!(#d)));
            let params = arg_names(&private, handler);
            quote! {
                #private::prefix(
                    #private::PrefixSpec {
                        prefixes: &[#(#prefixes),*],
                        commands: &[#(#commands),*],
                        description: #description,
                        params: #params,
                        block: #block,
                    },
                    #filter,
                    #callback,
                )
            }
        }
        Family::Message(fixed) => {
            let fixed = option(fixed.map(|kind| {
                let name = format_ident!("{}", Family::message_filter(kind));
                quote!(#private::filters::update::#name())
            }));
            quote!(#private::message(#fixed, #filter, #block, #callback))
        }
        Family::CallbackQuery => {
            let game = spec.game;
            let handler_expr = quote!(#private::callback_query(#pattern, #game, #block, #callback));
            // A `Callback<T>` parameter: only queries carrying `T`'s prefix come here, so that
            // handlers of different callback types sit side by side in one group. Which
            // parameter is one is the compiler's to say (autoref specialization on each
            // parameter's type), not its name's: a type of the user's own called `Callback`
            // is a plain extractor, and a `T` that is not callback data gets its one error at
            // the extractor, none here.
            let probes = handler.params.iter().map(|param| {
                let ty = &param.ty;
                quote!((&&#private::PrefixOf::<#ty>(::core::marker::PhantomData)).prefix())
            });
            quote! {{
                use #private::{KnownPrefix as _, NoPrefix as _};
                #private::only_data(#handler_expr, &[#(#probes),*])
            }}
        }
        Family::InlineQuery => {
            let types = &spec.chat_types;
            quote!(#private::inline_query(#pattern, &[#(#types),*], #block, #callback))
        }
        Family::UpdateKind(info) => {
            let constructor = format_ident!("{}", info.name);
            let only = spec.only.calls();
            let pattern = spec.pattern.as_ref().map(|p| {
                let lit = &p.literal;
                quote!(.pattern(#lit))
            });
            quote!(#private::given(#private::UpdateKindHandler::#constructor(#callback) #only #pattern, #block, #private::UpdateKindHandler::block))
        }
        Family::MediaGroup => quote!(#private::MediaGroupHandler::new(#callback)),
        Family::Any => {
            quote!(#private::given(#private::TypeHandler::any(#callback), #block, #private::TypeHandler::block))
        }
        Family::Error => {
            return declaration(
                spec,
                handler,
                &names,
                quote!(__telebot_set.error_handler(#callback)),
            );
        }
    };
    declaration(
        spec,
        handler,
        &names,
        quote! {
            #pattern_static
            __telebot_set.handler(#built, #group)
        },
    )
}

/// The runtime's `CommandScope` value (the one type of `telebot-syntax`).
fn scope(private: &TokenStream, scope: CommandScope) -> TokenStream {
    match scope {
        CommandScope::Default => quote!(#private::CommandScope::Default),
        CommandScope::AllPrivateChats => quote!(#private::CommandScope::AllPrivateChats),
        CommandScope::AllGroupChats => quote!(#private::CommandScope::AllGroupChats),
        CommandScope::AllChatAdministrators => {
            quote!(#private::CommandScope::AllChatAdministrators)
        }
        CommandScope::Chat(id) => quote!(#private::CommandScope::Chat(#id)),
        CommandScope::ChatAdministrators(id) => {
            quote!(#private::CommandScope::ChatAdministrators(#id))
        }
    }
}

/// The runtime's `HasArgs` value for the attribute's `args`.
fn has_args(private: &TokenStream, has_args: telebot_syntax::command::HasArgs) -> TokenStream {
    use telebot_syntax::command::HasArgs;
    match has_args {
        HasArgs::Any => quote!(#private::HasArgs::Any),
        HasArgs::Some => quote!(#private::HasArgs::Some),
        HasArgs::None => quote!(#private::HasArgs::None),
        HasArgs::Exactly(n) => quote!(#private::HasArgs::Exactly(#n)),
    }
}

/// The usage line's argument names: those bound by a parameter's tuple pattern
/// (`Args((a, b))`), kept by the runtime only for the parameter whose type is telebot's `Args`
/// (the compiler decides, by autoref specialization on the type).
fn arg_names(private: &TokenStream, handler: &HandlerFn) -> TokenStream {
    let candidates = handler.params.iter().filter_map(|param| {
        let names = crate::handler_fn::tuple_bindings(&param.pat)?;
        if names.iter().any(|(name, _)| name == "_") {
            return None;
        }
        let names = names.iter().map(|(name, _)| name);
        let ty = &param.ty;
        Some(quote! {
            (&&#private::ArgNamesOf::<#ty>(::core::marker::PhantomData)).arg_names(&[#(#names),*])
        })
    });
    quote! {{
        use #private::{KnownArgs as _, NoArgs as _};
        #private::arg_names(&[#(#candidates),*])
    }}
}
