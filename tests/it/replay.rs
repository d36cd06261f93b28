//! Replays every fuzz corpus and crash input (`fuzz/corpus/<target>/`, `fuzz/artifacts/<target>/`)
//! through the same harness functions the fuzz targets call, so CI checks them without a
//! fuzzer.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/harness.rs"]
mod harness;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Runs `target` over `files`, returning the files that made it panic.
fn replay(target: fn(&[u8]), files: &[PathBuf]) -> Vec<String> {
    let mut failed = Vec::new();
    for file in files {
        // A running fuzzer may remove a file between the listing and the read.
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        if std::panic::catch_unwind(|| target(&bytes)).is_err() {
            failed.push(file.display().to_string());
        }
    }
    failed
}

#[test]
fn every_fuzz_corpus_and_artifact_still_passes() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failed = Vec::new();
    for (name, target) in harness::TARGETS {
        let corpus = files_under(&fuzz.join("corpus").join(name));
        assert!(
            corpus.len() >= 5,
            "fuzz/corpus/{name} has only {} files: the replay would check little",
            corpus.len()
        );
        failed.extend(replay(*target, &corpus));
        let artifacts = files_under(&fuzz.join("artifacts").join(name));
        failed.extend(replay(*target, &artifacts));
    }
    assert!(
        failed.is_empty(),
        "inputs that fail again:\n{}",
        failed.join("\n")
    );
}
