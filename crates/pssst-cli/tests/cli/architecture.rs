//! Which crate may depend on which (STYLE.md, "Architecture"): checked on the manifests, so a
//! change that breaks the layering fails here instead of going unnoticed.

use std::path::{Path, PathBuf};

/// The crates of the workspace, as (package name, manifest text).
fn manifests() -> Vec<(String, String)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let manifest: PathBuf = entry.unwrap().path().join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            let name = text
                .lines()
                .find_map(|line| line.strip_prefix("name = "))
                .map(|name| name.trim_matches('"').to_string())
                .unwrap();
            found.push((name, text));
        }
    }
    assert!(found.len() >= 2, "the workspace crates were not found");
    found
}

/// Whether the manifest declares a dependency on `package` (normal, dev or build).
fn depends_on(manifest: &str, package: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with(&format!("{package} ")) || line.starts_with(&format!("{package}="))
    })
}

#[test]
fn only_the_command_may_use_the_insecure_generator() {
    for (name, manifest) in manifests() {
        if name != "pssst-cli" {
            assert!(
                !depends_on(&manifest, "pssst-insecure"),
                "{name} depends on pssst-insecure, which only the command may use"
            );
        }
    }
}

#[test]
fn the_core_depends_on_no_other_pssst_crate() {
    let (_, core) = manifests()
        .into_iter()
        .find(|(name, _)| name == "pssst")
        .unwrap();
    for other in [
        "pssst-cli",
        "pssst-insecure",
        "pssst-lifecycle",
        "pssst-server",
    ] {
        assert!(!depends_on(&core, other), "the core depends on {other}");
    }
}

/// The manifest of the workspace crate `name`.
fn manifest_of(name: &str) -> String {
    manifests()
        .into_iter()
        .find(|(package, _)| package == name)
        .map(|(_, manifest)| manifest)
        .unwrap()
}

#[test]
fn the_server_stands_on_the_lifecycle_and_the_core_only() {
    let server = manifest_of("pssst-server");
    assert!(depends_on(&server, "pssst-lifecycle"));
    assert!(depends_on(&server, "pssst"));
    for other in ["pssst-cli", "pssst-insecure", "sqlx"] {
        assert!(!depends_on(&server, other), "the server depends on {other}");
    }
    let lifecycle = manifest_of("pssst-lifecycle");
    for upper in ["pssst-server", "pssst-cli", "axum"] {
        assert!(
            !depends_on(&lifecycle, upper),
            "the lifecycle depends on {upper}"
        );
    }
}

/// "The server holds no SQL of its own": no statement and no database driver in its source.
#[test]
fn the_server_holds_no_sql() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pssst-server/src");
    let mut files = vec![src];
    let mut seen = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        seen += 1;
        for word in [
            "sqlx",
            "SELECT ",
            "INSERT ",
            "UPDATE ",
            "DELETE FROM",
            "::sqlite::",
        ] {
            assert!(!text.contains(word), "{} holds {word:?}", path.display());
        }
    }
    assert!(seen > 5, "the server's source was not found");
}

#[test]
fn the_dependency_check_sees_a_dependency() {
    assert!(depends_on(
        "[dependencies]\npssst-insecure = { path = \"x\" }\n",
        "pssst-insecure"
    ));
    assert!(!depends_on(
        "[dependencies]\npssst = \"1\"\n",
        "pssst-insecure"
    ));
}
