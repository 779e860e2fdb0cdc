//! [`Graph`]: a conversation's states and steps, as the `#[telebot::conversation]` macro found
//! them, and its Mermaid drawing.

use std::fmt::Write;

/// One end of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Before the conversation (entry points start here).
    Start,
    /// A state, by name.
    State(&'static str),
    /// Any state (fallbacks run in every state).
    Any,
    /// The end (`Next::End`, or the parent for an exit state).
    End,
}

/// One step: a handler that can go from one place to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    /// Where the handler runs.
    pub from: Endpoint,
    /// Where it can go.
    pub to: Endpoint,
    /// The handler's name.
    pub label: &'static str,
}

/// A conversation's state graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graph {
    /// Every state, in declaration order.
    pub states: &'static [&'static str],
    /// The states that end the conversation into its parent (no handlers of their own).
    pub exits: &'static [&'static str],
    /// Every step.
    pub edges: &'static [Edge],
}

impl Graph {
    /// The graph as a Mermaid state diagram (`stateDiagram-v2`), one line per step; fallbacks
    /// are drawn from every state.
    pub fn mermaid(&self) -> String {
        let mut out = String::from("stateDiagram-v2\n");
        let mut lines: Vec<String> = Vec::new();
        let mut push = |from: &str, to: &str, label: &str| {
            let line = format!("    {from} --> {to}: {label}");
            if !lines.contains(&line) {
                lines.push(line);
            }
        };
        for edge in self.edges {
            let to = match edge.to {
                Endpoint::State(name) => name,
                Endpoint::End | Endpoint::Start | Endpoint::Any => "[*]",
            };
            match edge.from {
                Endpoint::Start => push("[*]", to, edge.label),
                Endpoint::State(from) => push(from, to, edge.label),
                Endpoint::Any | Endpoint::End => {
                    for from in self.states.iter().filter(|s| !self.exits.contains(s)) {
                        push(from, to, edge.label);
                    }
                }
            }
        }
        for exit in self.exits {
            push(exit, "[*]", "to the parent");
        }
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        out
    }
}
