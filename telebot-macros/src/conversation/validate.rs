//! The compile-time checks of a conversation's graph: every `#[state(…)]` and every state a
//! handler returns exists; there is an entry point; every state has a handler and is reachable
//! from an entry point. Also builds the edges drawn by `mermaid()`.

use super::parse::{Model, Options, Role, Step, Target};
use crate::diag::Errors;
use std::collections::BTreeSet;
use syn::Ident;

/// One end of an edge.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Start,
    State(String),
    Any,
    End,
}

/// One edge: the handler's name labels it.
pub(crate) struct Edge {
    pub(crate) from: Endpoint,
    pub(crate) to: Endpoint,
    pub(crate) label: String,
}

/// What the checks found: the states each step serves, and the edges.
pub(crate) struct Graph {
    pub(crate) served: Vec<Vec<String>>,
    pub(crate) edges: Vec<Edge>,
    /// The functions whose bodies return a state the enum lacks. Their bodies are left out of
    /// the expansion, so that the compiler does not report the missing variant again beside
    /// our error.
    pub(crate) unknown_targets: Vec<Ident>,
}

fn listed(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn graph(model: &Model, options: &Options, errors: &mut Errors) -> Option<Graph> {
    let Some(states) = &model.states else {
        errors.at(
            &model.module,
            "a conversation needs its states: mark an enum in this module `#[states]`, one \
             variant per state",
        );
        return None;
    };
    let enum_name = states.ident.to_string();
    let names: Vec<String> = states
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    let unknown = |ident: &Ident, errors: &mut Errors| {
        errors.at(
            ident,
            format!(
                "`{enum_name}::{ident}` is not a state of `{enum_name}`; the states are {}",
                listed(&names)
            ),
        );
    };
    if options.per_chat == Some(false)
        && options.per_user == Some(false)
        && options.per_message != Some(true)
        && options.per_topic != Some(true)
    {
        errors.at(
            &model.module,
            "the conversation key has no part: keep at least one of `per_chat`, `per_user`, \
             `per_message`, `per_topic`",
        );
    }
    let mut served = Vec::new();
    let mut edges = Vec::new();
    let mut unknown_targets = Vec::new();
    for step in &model.steps {
        check_step(step, errors);
        let mut own = Vec::new();
        if let Role::State(paths) = &step.role {
            for path in paths {
                let Some(last) = path.segments.last() else {
                    continue;
                };
                let owner_ok = path.segments.len() == 1
                    || path.segments[path.segments.len() - 2].ident == states.ident;
                if !owner_ok || !names.contains(&last.ident.to_string()) {
                    unknown(&last.ident, errors);
                    continue;
                }
                own.push(last.ident.to_string());
            }
        }
        let label = step.ident.to_string();
        let froms: Vec<Endpoint> = match &step.role {
            Role::Entry => vec![Endpoint::Start],
            Role::State(_) => own.iter().cloned().map(Endpoint::State).collect(),
            Role::Fallback => vec![Endpoint::Any],
            Role::Timeout | Role::Waiting => Vec::new(),
        };
        for target in &step.targets {
            let to = match target {
                Target::End => Endpoint::End,
                Target::State(ident) => {
                    if !names.contains(&ident.to_string()) {
                        unknown(ident, errors);
                        if !unknown_targets.contains(&step.ident) {
                            unknown_targets.push(step.ident.clone());
                        }
                        continue;
                    }
                    Endpoint::State(ident.to_string())
                }
            };
            for from in &froms {
                edges.push(Edge {
                    from: from.clone(),
                    to: to.clone(),
                    label: label.clone(),
                });
            }
        }
        served.push(own);
    }
    if options.timeout_ms.is_some() {
        edges.push(Edge {
            from: Endpoint::Any,
            to: Endpoint::End,
            label: "timeout".into(),
        });
    }
    let has_entry = model.steps.iter().any(|s| matches!(s.role, Role::Entry));
    if !has_entry {
        errors.at(
            &model.module,
            "a conversation needs an entry point: mark a handler `#[entry]`",
        );
    }
    let with_handler: BTreeSet<&String> = served.iter().flatten().collect();
    let reached = reachable(&edges);
    for variant in &states.variants {
        let name = variant.ident.to_string();
        if !variant.exit && !with_handler.contains(&name) {
            errors.at(
                &variant.ident,
                format!(
                    "state `{name}` has no handler: add `#[state({enum_name}::{name})]` to a \
                     handler in this module (or mark the variant `#[exit]` when a parent \
                     conversation takes over there)"
                ),
            );
        }
        // Without an entry point nothing is reachable; that error says it all.
        if has_entry && !reached.contains(&name) {
            errors.at(
                &variant.ident,
                format!(
                    "state `{name}` is never reached: no entry point and no handler of a \
                     reachable state returns `{enum_name}::{name}`"
                ),
            );
        }
    }
    Some(Graph {
        served,
        edges,
        unknown_targets,
    })
}

fn check_step(step: &Step, errors: &mut Errors) {
    if !step.factory && !step.has_handler_attribute {
        errors.at(
            &step.ident,
            format!(
                "`{}` needs a handler attribute saying which updates it takes (`#[command(\"…\")]`, \
                 `#[message(filter = …)]`, `#[callback_query(pattern = \"…\")]`, …), or make it \
                 a plain `fn` returning a handler (a nested conversation)",
                step.ident
            ),
        );
    }
}

/// The states reachable from the entry points (fallbacks count once any state is reached).
fn reachable(edges: &[Edge]) -> BTreeSet<String> {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = reached.len();
        let any = !reached.is_empty();
        for edge in edges {
            let from_ok = match &edge.from {
                Endpoint::Start => true,
                Endpoint::State(s) => reached.contains(s),
                Endpoint::Any => any,
                Endpoint::End => false,
            };
            if from_ok && let Endpoint::State(to) = &edge.to {
                reached.insert(to.clone());
            }
        }
        if reached.len() == before {
            return reached;
        }
    }
}
