//! The layering the compiler does not check: within each crate, the
//! top-level modules must depend on each other one way (ARCHITECTURE.md,
//! "Invariants"). Cargo already refuses cycles between crates; this test
//! refuses them between the modules of one crate, by reading the paths
//! (`crate::x`, `super::x` from the crate root's children) in the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use interleave_tests::repo_root;

/// The source roots whose top-level modules must form no cycle.
const CRATES: &[&str] = &[
    "tracer-core/lang/src",
    "tracer-core/vm/src",
    "tracer-core/src",
    "app/src",
];

/// Top-level module name → the top-level modules it refers to.
type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn top_level_modules_depend_one_way() {
    let mut failures = Vec::new();
    for root in CRATES {
        let graph = module_graph(&repo_root().join(root));
        assert!(graph.len() > 1, "{root}: found no modules");
        if let Some(cycle) = find_cycle(&graph) {
            failures.push(format!("{root}: {}", cycle.join(" -> ")));
        }
    }
    assert!(
        failures.is_empty(),
        "module cycles (each module uses the next):\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn a_cycle_is_found_and_an_acyclic_graph_passes() {
    let graph = |edges: &[(&str, &str)]| {
        let mut g = Graph::new();
        for (from, to) in edges {
            g.entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
            g.entry((*to).to_owned()).or_default();
        }
        g
    };
    let cycle = find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
    assert_eq!(
        cycle,
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("a", "c"), ("b", "c")])),
        None
    );
}

#[test]
fn paths_are_read_from_code_not_comments() {
    let modules: BTreeSet<String> = ["heap", "value", "event"].map(String::from).into();
    let code = "use super::{heap::ObjId, value::Value};\n\
                // crate::event is only mentioned here\n\
                fn f() -> crate::event::Kind { todo!() }\n";
    let found = references(code, 1, &modules);
    assert_eq!(found, modules);
    let nested = references(
        "use super::super::heap::ObjId;\nuse super::value::Value;",
        2,
        &modules,
    );
    assert_eq!(nested, BTreeSet::from(["heap".to_owned()]));
}

/// The graph of the top-level modules under `src`.
fn module_graph(src: &Path) -> Graph {
    let mut files: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
    for entry in fs::read_dir(src).expect("read source root") {
        let path = entry.expect("read source root").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if matches!(stem, "lib" | "main") {
            continue;
        }
        let module = files.entry(stem.to_owned()).or_default();
        if path.is_dir() {
            collect_rs(&path, 2, module);
        } else if path.extension().is_some_and(|e| e == "rs") {
            module.push((path, 1));
        }
    }
    let names: BTreeSet<String> = files.keys().cloned().collect();
    files
        .iter()
        .map(|(name, paths)| {
            let mut uses = BTreeSet::new();
            for (path, depth) in paths {
                let text = fs::read_to_string(path).expect("read source file");
                uses.extend(references(&text, *depth, &names));
            }
            uses.remove(name);
            (name.clone(), uses)
        })
        .collect()
}

/// Every `.rs` file under `dir`, with its module depth below the crate
/// root (`mod.rs` counts as its directory's module).
fn collect_rs(dir: &Path, depth: usize, out: &mut Vec<(PathBuf, usize)>) {
    for entry in fs::read_dir(dir).expect("read module directory") {
        let path = entry.expect("read module directory").path();
        if path.is_dir() {
            collect_rs(&path, depth + 1, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let is_mod = path.file_name().is_some_and(|n| n == "mod.rs");
            out.push((path, if is_mod { depth - 1 } else { depth }));
        }
    }
}

/// The top-level modules (of `modules`) that code at module depth `depth`
/// names by a path from the crate root: `crate::x`, or as many `super::`
/// as lead back to the root followed by `x` or `{x, y::z}`.
fn references(text: &str, depth: usize, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let to_root = "super::".repeat(depth);
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for prefix in ["crate::", to_root.as_str()] {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                let preceded_by_super = rest[..at].ends_with("super::");
                rest = &rest[at + prefix.len()..];
                if preceded_by_super || rest.starts_with("super::") {
                    continue;
                }
                for name in first_segments(rest) {
                    if modules.contains(name) {
                        found.insert(name.to_owned());
                    }
                }
            }
        }
    }
    found
}

/// The first path segment after a root prefix: `x` of `x::y`, or each
/// item's first segment of a `{x, y::z}` group.
fn first_segments(rest: &str) -> Vec<&str> {
    let ident_end = |s: &str| {
        s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![&rest[..ident_end(rest)]];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && (c.is_alphanumeric() || c == '_') => {
                names.push(&group[i..i + ident_end(&group[i..])]);
                item_start = false;
            }
            _ => {}
        }
    }
    names
}

/// A cycle in `graph`, as the modules along it with the first repeated at
/// the end; `None` if the graph is acyclic.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    fn visit<'a>(
        node: &'a str,
        graph: &'a Graph,
        marks: &mut BTreeMap<&'a str, Mark>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Active) => {
                let start = path.iter().position(|n| *n == node).unwrap_or(0);
                let mut cycle: Vec<String> =
                    path[start..].iter().map(|n| (*n).to_owned()).collect();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node, Mark::Active);
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}
