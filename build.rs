//! Embeds `themes/default` into the binary, so a site without `themes/` builds anywhere.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_owned());
    let theme = Path::new(&manifest).join("themes").join("default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Files of the default theme: (path relative to the theme folder, bytes).\npub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n",
    );
    for (rel, full) in &files {
        println!("cargo:rerun-if-changed={full}");
        let _ = writeln!(out, "    ({rel:?}, include_bytes!({full:?})),");
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    if let Err(e) = std::fs::write(Path::new(&out_dir).join("default_theme.rs"), out) {
        panic!("cannot write default_theme.rs: {e}");
    }
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push((rel.join("/"), path.display().to_string()));
        }
    }
}
