//! Layers point one way (`docs/architecture.md`): config (and the bundled
//! scenario text) at the bottom, then model, sim, experiment, then analysis,
//! report, validate and demo, then the command line. No module of the library
//! imports a layer above its own, and the modules of one layer import each
//! other without cycles. Test code (`#[cfg(test)]` modules) may reach further.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer of each top-level module of the library.
fn layer(module: &str) -> Option<u8> {
    Some(match module {
        "config" | "bundled" => 0,
        "model" => 1,
        "plausibility" => 2,
        "sim" => 2,
        "experiment" => 3,
        "analysis" | "report" | "validate" | "calibrate" | "demo" => 4,
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules named as `crate::NAME` in the non-test part of `text`.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        // Skip doc links and comments: only code lines count.
        let line_start = code[..i].rfind('\n').map_or(0, |p| p + 1);
        let line = code[line_start..].trim_start();
        if line.starts_with("//") {
            continue;
        }
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

/// Top-level module → modules it imports, for every file of the library.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if layer(&first).is_none() {
            continue; // lib.rs, main.rs and the command line
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = graph.entry(first.clone()).or_default();
        for m in imports(&text) {
            if m != first {
                entry.insert(m);
            }
        }
    }
    graph
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let mut violations = Vec::new();
    for (module, deps) in module_graph() {
        let own = layer(&module).unwrap();
        for dep in deps {
            match layer(&dep) {
                Some(l) if l <= own => {}
                Some(l) => violations.push(format!("{module} (layer {own}) imports {dep} (layer {l})")),
                None => violations.push(format!("{module} imports crate::{dep}, which has no layer")),
            }
        }
    }
    assert!(violations.is_empty(), "upward imports:\n{}", violations.join("\n"));
}

#[test]
fn modules_of_one_layer_import_each_other_without_cycles() {
    let graph = module_graph();
    // Depth-first search for a cycle among the top-level modules.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut cycle = path[at..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for dep in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(dep, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_checker_sees_an_upward_import() {
    // The parser must catch what the two tests above look for.
    let text = "use crate::config::Scenario;\nuse crate::analysis::design::check_def;\n// crate::report in a comment\n#[cfg(test)]\nmod tests { use crate::demo; }";
    let found = imports(text);
    assert!(found.contains("analysis") && found.contains("config"));
    assert!(!found.contains("report") && !found.contains("demo"));
}
