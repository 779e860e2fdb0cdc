//! The generated code: the `ConversationState` impl of the `#[states]` enum, its `GRAPH` and
//! `mermaid()`, and `conversation()` / `handlers()` building the conversation through
//! `__private::ConversationParts`.

use super::parse::{Model, Options, Role, States};
use super::validate::{Endpoint, Graph};
use proc_macro2::TokenStream;
use quote::quote;

fn endpoint(private: &TokenStream, end: &Endpoint) -> TokenStream {
    match end {
        Endpoint::Start => quote!(#private::Endpoint::Start),
        Endpoint::State(name) => quote!(#private::Endpoint::State(#name)),
        Endpoint::Any => quote!(#private::Endpoint::Any),
        Endpoint::End => quote!(#private::Endpoint::End),
    }
}

/// The state trait, the graph and `mermaid()`.
fn states_impl(private: &TokenStream, states: &States, graph: &Graph) -> TokenStream {
    let ident = &states.ident;
    let data = match &states.data {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let names: Vec<String> = states
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    let variants = states.variants.iter().map(|v| &v.ident);
    let exits: Vec<String> = states
        .variants
        .iter()
        .filter(|v| v.exit)
        .map(|v| v.ident.to_string())
        .collect();
    let edges = graph.edges.iter().map(|e| {
        let (from, to, label) = (
            endpoint(private, &e.from),
            endpoint(private, &e.to),
            &e.label,
        );
        quote!(#private::Edge { from: #from, to: #to, label: #label })
    });
    let arms = variants
        .zip(&names)
        .map(|(variant, name)| quote!(Self::#variant { .. } => #name));
    quote! {
        impl #private::ConversationState for #ident {
            type Data = #data;
            const STATES: &'static [&'static str] = &[#(#names),*];
            fn name(&self) -> &'static str {
                match self { #(#arms,)* }
            }
        }

        impl #ident {
            /// The conversation's states and steps as the `#[telebot::conversation]` macro
            /// found them.
            pub const GRAPH: #private::ConversationGraph = #private::ConversationGraph {
                states: &[#(#names),*],
                exits: &[#(#exits),*],
                edges: &[#(#edges),*],
            };

            /// The state graph as a Mermaid state diagram, generated from the handlers.
            pub fn mermaid() -> ::std::string::String {
                Self::GRAPH.mermaid()
            }
        }
    }
}

/// `conversation()` and `handlers()`.
fn builders(private: &TokenStream, model: &Model, options: &Options, graph: &Graph) -> TokenStream {
    let Some(states) = &model.states else {
        return TokenStream::new();
    };
    let ident = &states.ident;
    let vis = &states.vis;
    let mut settings = Vec::new();
    let flag = |name: &str, value: Option<bool>| {
        value.map(|v| {
            let name = quote::format_ident!("{name}");
            quote!(.#name(#v))
        })
    };
    settings.extend(flag("per_chat", options.per_chat));
    settings.extend(flag("per_user", options.per_user));
    settings.extend(flag("per_message", options.per_message));
    settings.extend(flag("per_topic", options.per_topic));
    settings.extend(flag("block", options.block));
    if options.allow_reentry {
        settings.push(quote!(.allow_reentry(true)));
    }
    if let Some(ms) = options.timeout_ms {
        settings.push(quote!(.timeout(::core::time::Duration::from_millis(#ms))));
    }
    let name = match &options.name {
        Some(name) => name.value(),
        None => model.module.to_string(),
    };
    if options.persistent.is_some() {
        settings.push(quote!(.persistent(#name)));
    } else {
        settings.push(quote!(.name(#name)));
    }
    // A step the checks rejected (no handler attribute) is left out: its error is enough.
    let usable = |step: &&super::parse::Step| step.factory || step.has_handler_attribute;
    let parts = model
        .steps
        .iter()
        .zip(&graph.served)
        .filter(|(step, _)| usable(step))
        .flat_map(|(step, served)| {
            let roles: Vec<TokenStream> = match &step.role {
                Role::Entry => vec![quote!(#private::ConversationRole::Entry)],
                Role::State(_) => served
                    .iter()
                    .map(|s| quote!(#private::ConversationRole::State(#s)))
                    .collect(),
                Role::Fallback => vec![quote!(#private::ConversationRole::Fallback)],
                Role::Timeout => vec![quote!(#private::ConversationRole::Timeout)],
                Role::Waiting => vec![quote!(#private::ConversationRole::Waiting)],
            };
            let f = &step.ident;
            roles.into_iter().map(move |role| {
                if step.factory {
                    quote!(let __telebot_parts = __telebot_parts.handler(#role, #f());)
                } else {
                    quote!(let __telebot_parts = __telebot_parts.declared::<#f>(#role);)
                }
            })
        });
    quote! {
        fn __telebot_conversation_parts() -> #private::ConversationParts<#ident> {
            let __telebot_parts = #private::ConversationParts::<#ident>::new(|__telebot_builder| {
                __telebot_builder #(#settings)*
            });
            #(#parts)*
            __telebot_parts
        }

        /// The conversation declared in this module (generated by `#[telebot::conversation]`).
        /// Each call builds a new one, with states of its own: call it once.
        #vis fn conversation() -> #private::ConversationHandler<#ident> {
            __telebot_conversation_parts().conversation()
        }

        /// The conversation declared in this module as a handler set, with the commands of its
        /// handlers for the menus and `/help` (generated by `#[telebot::conversation]`). Each
        /// call builds a new conversation: call it once.
        #vis fn handlers() -> #private::HandlerSet {
            __telebot_conversation_parts().handlers()
        }
    }
}

/// After a mistake that leaves no state graph (no `#[states]` enum, no entry point): a
/// `handlers()` adding nothing, so that its callers add no error to the one reported.
fn stub(private: &TokenStream, model: &Model) -> TokenStream {
    let vis = model.states.as_ref().map_or_else(
        || quote!(pub),
        |states| {
            let vis = &states.vis;
            quote!(#vis)
        },
    );
    quote! {
        /// Stands in for the conversation's handlers while the conversation has errors.
        #vis fn handlers() -> #private::HandlerSet {
            #private::HandlerSet::new()
        }
    }
}

/// Everything generated inside the module.
pub(crate) fn expand(model: &Model, options: &Options, graph: Option<&Graph>) -> TokenStream {
    let private = options.krate.private();
    let (Some(states), Some(graph)) = (&model.states, graph) else {
        return stub(&private, model);
    };
    let states_impl = states_impl(&private, states, graph);
    let builders = builders(&private, model, options, graph);
    quote!(#states_impl #builders)
}
