//! The module-level import graph of a crate's `src` folder: one node per file, an edge from a
//! file to every file whose items it names (through `use` or an inline `crate::`, `super::`,
//! `self::` or child-module path), with re-exports followed to the file that defines the item.
//! A re-export (`pub use`) is a facade, not a use, so a module file that re-exports its
//! children's items does not depend on them.
//! The crate root (`lib.rs`) only declares modules and re-exports, so it is not a node.
//!
//! [`long_cycles`] finds import cycles through more than three files: the layering check of
//! ARCHITECTURE.md.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root (`["dispatch", "lanes"]`).
type ModPath = Vec<String>;

/// The files of a crate and the imports between them.
pub struct Graph {
    /// Each file's module path, by file (relative to `src`).
    pub files: BTreeMap<String, ModPath>,
    /// Edges: importing file → imported files.
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

/// Reads every `.rs` file under `src` and builds the graph.
pub fn read(src: &Path) -> Graph {
    let mut sources = BTreeMap::new();
    collect(src, src, &mut sources);
    build(&sources)
}

/// Builds the graph of files given by path (relative to `src`, `/`-separated) and contents.
pub fn build(sources: &BTreeMap<String, String>) -> Graph {
    let mut files = BTreeMap::new();
    let mut by_module = BTreeMap::new();
    for name in sources.keys() {
        let module = module_of(name);
        by_module.insert(module.clone(), name.clone());
        files.insert(name.clone(), module);
    }
    let parsed: BTreeMap<String, Parsed> = sources
        .iter()
        .map(|(name, text)| (name.clone(), parse(&strip(text), &files[name], &by_module)))
        .collect();
    let resolver = Resolver {
        by_module: &by_module,
        parsed: &parsed,
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, file) in &parsed {
        if name == "lib.rs" {
            continue;
        }
        let targets = edges.entry(name.clone()).or_default();
        for path in &file.references {
            if let Some(target) = resolver.resolve(path, 0)
                && target != *name
                && target != "lib.rs"
            {
                targets.insert(target);
            }
        }
    }
    files.remove("lib.rs");
    Graph { files, edges }
}

fn collect(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && let (Ok(rel), Ok(text)) = (path.strip_prefix(root), std::fs::read_to_string(&path))
        {
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.insert(rel, text);
        }
    }
}

/// `lib.rs` → `[]`, `a.rs` → `[a]`, `a/b.rs` → `[a, b]` (the 2018 layout, no `mod.rs`).
fn module_of(file: &str) -> ModPath {
    if file == "lib.rs" {
        return Vec::new();
    }
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    stem.split('/').map(str::to_string).collect()
}

/// What one file names: absolute paths of everything it refers to, and the names it
/// re-exports (name → absolute path).
#[derive(Default)]
struct Parsed {
    references: Vec<ModPath>,
    reexports: BTreeMap<String, ModPath>,
}

struct Resolver<'a> {
    by_module: &'a BTreeMap<ModPath, String>,
    parsed: &'a BTreeMap<String, Parsed>,
}

impl Resolver<'_> {
    /// The file defining what an absolute path names; `None` outside the crate.
    fn resolve(&self, path: &[String], depth: usize) -> Option<String> {
        let mut k = path.len();
        while k > 0 && !self.by_module.contains_key(&path[..k].to_vec()) {
            k -= 1;
        }
        if k == 0 && path.first().is_some_and(|first| !self.is_root_item(first)) {
            return None;
        }
        let file = self.by_module.get(&path[..k].to_vec())?;
        if let Some(item) = path.get(k)
            && depth < 8
            && let Some(target) = self.parsed.get(file).and_then(|p| p.reexports.get(item))
        {
            let mut next = target.clone();
            next.extend(path[k + 1..].iter().cloned());
            if let Some(found) = self.resolve(&next, depth + 1) {
                return Some(found);
            }
        }
        Some(file.clone())
    }

    fn is_root_item(&self, name: &str) -> bool {
        self.parsed
            .get("lib.rs")
            .is_some_and(|root| root.reexports.contains_key(name))
    }
}

/// The source with comments, string and character literals blanked out.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !ident_before(&chars, i) {
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 2..chars.len().min(i + 12)).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(end) => {
                    out.push_str("' '");
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
            continue;
        }
        out.push(match c {
            ':' if chars.get(i + 1) == Some(&':') => {
                i += 1;
                Token::Colons
            }
            '{' => Token::Open,
            '}' => Token::Close,
            ',' => Token::Comma,
            ';' => Token::Semi,
            '*' => Token::Star,
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            _ => Token::Other,
        });
        i += 1;
    }
    out
}

/// The references and re-exports of one file whose module is `module`.
fn parse(text: &str, module: &ModPath, by_module: &BTreeMap<ModPath, String>) -> Parsed {
    let tokens = tokens(text);
    let mut parsed = Parsed::default();
    // Inline modules (`mod tests { … }`) open at a brace depth: their paths start deeper.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let scope: ModPath = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        match &tokens[i] {
            Token::Open => depth += 1,
            Token::Close => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Token::Ident(word) if word == "mod" => {
                if let (Some(Token::Ident(name)), Some(Token::Open)) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Token::Ident(word) if word == "use" => {
                let public = i > 0
                    && (tokens[i - 1] == Token::Ident("pub".into())
                        || (tokens[i - 1] == Token::Other
                            && tokens[..i].iter().rev().nth(3)
                                == Some(&Token::Ident("pub".into()))));
                let end = tokens[i..]
                    .iter()
                    .position(|t| *t == Token::Semi)
                    .map_or(tokens.len(), |p| i + p);
                let mut leaves = Vec::new();
                use_tree(&tokens[i + 1..end], Vec::new(), &mut leaves);
                for (path, alias) in leaves {
                    let Some(absolute) = absolute(&path, &scope, by_module) else {
                        continue;
                    };
                    if public && inline.is_empty() && alias != "*" && alias != "self" {
                        // A re-export is a facade, not a use: whoever imports the name gets an
                        // edge to the file that defines it.
                        parsed.reexports.insert(alias, absolute);
                    } else {
                        parsed.references.push(absolute);
                    }
                }
                i = end + 1;
                continue;
            }
            Token::Ident(first) if tokens.get(i + 1) == Some(&Token::Colons) => {
                let preceded = i > 0 && tokens[i - 1] == Token::Colons;
                if !preceded {
                    let mut path = vec![first.clone()];
                    let mut j = i + 1;
                    while tokens.get(j) == Some(&Token::Colons) {
                        match tokens.get(j + 1) {
                            Some(Token::Ident(seg)) => {
                                path.push(seg.clone());
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    if let Some(absolute) = absolute(&path, &scope, by_module) {
                        parsed.references.push(absolute);
                    }
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    parsed
}

/// Expands a use tree into (path, name it is imported as).
fn use_tree(tokens: &[Token], prefix: Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    let mut path = prefix;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Ident(word) if word == "as" => {
                if let Some(Token::Ident(alias)) = tokens.get(i + 1) {
                    let name = alias.clone();
                    out.push((path.clone(), name));
                }
                return;
            }
            Token::Ident(seg) => path.push(seg.clone()),
            Token::Star => {
                out.push((path.clone(), "*".into()));
                return;
            }
            Token::Open => {
                // Split the group at top-level commas.
                let mut level = 0;
                let mut start = i + 1;
                for j in i + 1..tokens.len() {
                    match tokens[j] {
                        Token::Open => level += 1,
                        Token::Close if level == 0 => {
                            use_tree(&tokens[start..j], path.clone(), out);
                            return;
                        }
                        Token::Close => level -= 1,
                        Token::Comma if level == 0 => {
                            use_tree(&tokens[start..j], path.clone(), out);
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(last) = path.last().cloned() {
        let name = if last == "self" {
            path.pop();
            path.last().cloned().unwrap_or_default()
        } else {
            last
        };
        out.push((path, name));
    }
}

/// The absolute form of a path written in module `scope`; `None` for other crates.
fn absolute(
    path: &[String],
    scope: &ModPath,
    by_module: &BTreeMap<ModPath, String>,
) -> Option<ModPath> {
    let first = path.first()?;
    let mut base: ModPath = match first.as_str() {
        "crate" => Vec::new(),
        "self" => scope.clone(),
        "super" => {
            let mut base = scope.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            return Some(base);
        }
        child => {
            let mut candidate = scope.clone();
            candidate.push(child.to_string());
            if by_module.contains_key(&candidate) {
                scope.clone()
            } else {
                return None;
            }
        }
    };
    let skip = usize::from(matches!(first.as_str(), "crate" | "self"));
    base.extend(path[skip..].iter().cloned());
    Some(base)
}

/// The import cycles through more than three files: for each strongly connected component
/// that holds one, a cycle found in it (its files in order).
pub fn long_cycles(graph: &Graph) -> Vec<Vec<String>> {
    let mut cycles = Vec::new();
    for component in components(graph) {
        if component.len() <= 3 {
            continue;
        }
        if let Some(cycle) = cycle_longer_than_three(graph, &component) {
            cycles.push(cycle);
        }
    }
    cycles
}

/// Tarjan's strongly connected components.
pub fn components(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.graph.edges.get(v) {
            for w in targets {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            component.sort();
            s.out.push(component);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.files.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v.as_str());
        }
    }
    state.out
}

/// A simple cycle of four or more files inside `component`, by depth-first search (bounded:
/// a component too tangled to search is reported whole).
fn cycle_longer_than_three(graph: &Graph, component: &[String]) -> Option<Vec<String>> {
    let members: BTreeSet<&str> = component.iter().map(String::as_str).collect();
    let mut budget = 200_000usize;
    for start in component {
        let mut path = vec![start.as_str()];
        if search(graph, &members, &mut path, &mut budget) {
            return Some(path.iter().map(|s| s.to_string()).collect());
        }
        if budget == 0 {
            return Some(component.to_vec());
        }
    }
    None
}

fn search<'g>(
    graph: &'g Graph,
    members: &BTreeSet<&str>,
    path: &mut Vec<&'g str>,
    budget: &mut usize,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some(&last) = path.last() else {
        return false;
    };
    let Some(targets) = graph.edges.get(last) else {
        return false;
    };
    for next in targets {
        let next = next.as_str();
        if !members.contains(next) {
            continue;
        }
        if next == path[0] && path.len() > 3 {
            return true;
        }
        if path.contains(&next) {
            continue;
        }
        path.push(next);
        if search(graph, members, path, budget) {
            return true;
        }
        path.pop();
    }
    false
}
