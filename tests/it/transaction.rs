//! The output transaction, attacked: leftovers of killed builds (also as process 1 in a
//! new PID namespace), kill -9 at many moments of a multi-second build, two builds at once
//! for hundreds of rounds, a bind-mounted output, a full disk. Each asserts that
//! `output/.git` and the kept files survive.

use crate::support::{Site, bulletin};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_bantin");

/// A site with `n` bulletins (a debug build of 400 takes seconds on a busy machine).
fn site_with(n: usize) -> Site {
    let s = Site::new();
    for i in 0..n {
        s.write(
            &format!("content/{}/q{}/ban-tin-{i}.md", 2020 + i % 4, i % 4 + 1),
            bulletin(
                &format!("Bản tin số {i}"),
                &format!("{}-{:02}-1{}", 2020 + i % 4, (i % 4) * 3 + 1, i % 9),
                &format!("tags: [Kinh tế, nhóm {}]\n", i % 30),
            ),
        );
    }
    s
}

/// Builds once, then puts a git repository and the kept files into the output.
fn published(s: &Site) {
    s.run(&["build"]).ok();
    s.write("output/.git/HEAD", "ref: refs/heads/gh-pages\n");
    s.write("output/.git/objects/ab/cdef", "blob 42");
    s.write("output/CNAME", "bantin.quan.gov.vn\n");
    s.write("output/.nojekyll", "");
}

#[track_caller]
fn assert_survived(s: &Site) {
    assert_eq!(s.out(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert_eq!(s.out(".git/objects/ab/cdef"), "blob 42");
    assert_eq!(s.out("CNAME"), "bantin.quan.gov.vn\n");
    assert!(s.out_exists(".nojekyll"));
    assert!(s.out_exists("index.html"), "a whole output: {:?}", top(s));
    assert!(s.out_exists(".bantin-output"));
}

fn top(s: &Site) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(s.path())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Staging and old folders beside the output (the lock file is not one).
fn leftovers(s: &Site) -> Vec<String> {
    top(s)
        .into_iter()
        .filter(|n| n.starts_with(".output.") && n != ".output.lock")
        .collect()
}

fn has_unshare(args: &[&str]) -> bool {
    Command::new("unshare")
        .env("BANTIN_LANG", "en")
        .args(args)
        .arg("true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn leftovers_named_for_pid_1_do_not_cost_git_as_process_1_in_a_new_pid_namespace() {
    let s = site_with(3);
    published(&s);
    // What a killed build left when bantin was process 1 (in a container, every run).
    s.write(".output.old-1/index.html", "old");
    s.write(".output.staging-1/index.html", "half");
    s.write(".output.staging-1-18f0a/bulletins/x/index.html", "half");
    let in_namespace = has_unshare(&["--pid", "--fork", "--mount-proc"]);
    let build = |s: &Site| {
        if in_namespace {
            let out = Command::new("unshare")
                .env("BANTIN_LANG", "en")
                .args(["--pid", "--fork", "--mount-proc", BIN, "build"])
                .current_dir(s.path())
                .output()
                .unwrap();
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        } else {
            eprintln!("unshare --pid unavailable: simulating with leftovers named for pid 1");
            let run = s.run(&["build"]);
            (Some(run.code), run.stderr)
        }
    };
    let (code, stderr) = build(&s);
    assert_eq!(code, Some(0), "{stderr}");
    assert_survived(&s);
    assert!(leftovers(&s).is_empty(), "{:?}", leftovers(&s));
    let notices: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("removed "))
        .collect();
    assert_eq!(notices.len(), 1, "{stderr}");
    assert!(
        notices[0].starts_with("removed 3 folder(s) left by a build that was stopped: "),
        "{stderr}"
    );
    // Listed newest first: compare the names as a set.
    for name in [
        ".output.old-1",
        ".output.staging-1",
        ".output.staging-1-18f0a",
    ] {
        assert!(notices[0].split([' ', ',']).any(|w| w == name), "{stderr}");
    }
    // Every later build is clean too, and says nothing about leftovers.
    let (code, stderr) = build(&s);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("removed "), "{stderr}");
    assert_survived(&s);
}

#[test]
fn a_missing_output_is_put_back_from_the_old_folder_of_a_stopped_swap() {
    let s = site_with(2);
    published(&s);
    // Stopped between the two renames of a swap (where folders cannot be exchanged).
    std::fs::rename(s.path().join("output"), s.path().join(".output.old-7-1a")).unwrap();
    s.write(".output.staging-7-1a/index.html", "new, complete or not");
    let run = s.run(&["build"]);
    run.ok();
    assert!(
        run.stderr.lines().any(|l| l.starts_with(
            "warning: the output folder was missing after a build was stopped during its swap: put the previous build back from "
        ) && l.ends_with(".output.old-7-1a")),
        "{}",
        run.stderr
    );
    assert_survived(&s);
    assert!(leftovers(&s).is_empty());
}

#[test]
fn git_left_in_a_staging_folder_by_an_older_bantin_is_moved_back() {
    let s = site_with(2);
    published(&s);
    // bantin before the transaction moved .git into its staging folder, then was killed.
    std::fs::create_dir_all(s.path().join(".output.staging-1")).unwrap();
    std::fs::rename(
        s.path().join("output/.git"),
        s.path().join(".output.staging-1/.git"),
    )
    .unwrap();
    let run = s.run(&["build"]);
    run.ok();
    assert!(
        run.stderr.contains("was missing; moved it back from "),
        "{}",
        run.stderr
    );
    assert_survived(&s);
}

#[test]
fn a_held_lock_makes_no_wait_stop_with_code_3_and_a_build_wait_saying_so_once() {
    let s = site_with(2);
    published(&s);
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(s.path().join(".output.lock"))
        .unwrap();
    lock.lock().unwrap();
    let run = s.run(&["build", "--no-wait"]);
    run.fails_with(3);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: another build (")
            && run.stderr.contains("leave out --no-wait to wait for it"),
        "{}",
        run.stderr
    );
    let mut waiting = Command::new(BIN)
        .env("BANTIN_LANG", "en")
        .arg("build")
        .current_dir(s.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Give it time to reach the lock (loading the site first), then let it go.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(waiting.try_wait().unwrap().is_none(), "it must wait");
    drop(lock);
    let out = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let waits: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("waiting for"))
        .collect();
    assert_eq!(waits.len(), 1, "{stderr}");
    assert!(waits[0].contains("--no-wait stops instead"), "{stderr}");
    assert_survived(&s);
}

#[test]
fn kill_9_at_any_moment_of_a_build_leaves_a_whole_output_with_git() {
    let s = site_with(400);
    published(&s);
    let start = Instant::now();
    s.run(&["build"]).ok();
    let full = start.elapsed();
    // Moments spread over the whole build, the swap at its end included.
    for step in 0..10u32 {
        let at = full.mul_f64(f64::from(step) / 8.0);
        let mut child = Command::new(BIN)
            .env("BANTIN_LANG", "en")
            .arg("build")
            .current_dir(s.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_survived(&s);
    }
    let run = s.run(&["build"]);
    run.ok();
    assert_survived(&s);
    assert!(leftovers(&s).is_empty(), "{:?}", leftovers(&s));
}

#[test]
fn two_builds_at_once_for_hundreds_of_rounds_never_lose_git() {
    let s = site_with(3);
    published(&s);
    let start = Instant::now();
    let mut rounds = 0;
    while rounds < 300 && start.elapsed() < Duration::from_secs(45) {
        let spawn = || {
            Command::new(BIN)
                .env("BANTIN_LANG", "en")
                .arg("build")
                .current_dir(s.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {rounds}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_survived(&s);
        assert!(
            leftovers(&s).is_empty(),
            "round {rounds}: {:?}",
            leftovers(&s)
        );
        rounds += 1;
    }
    assert!(rounds >= 20, "only {rounds} rounds in 45 s");
}

/// Runs `script` (sh) in a new mount namespace, where the test may mount; `None` when the
/// machine does not allow it (not root, no unshare).
fn in_mount_namespace(dir: &Path, script: &str) -> Option<(i32, String)> {
    if !has_unshare(&["--mount"]) {
        eprintln!("unshare --mount unavailable (needs root): mount test skipped");
        return None;
    }
    let out = Command::new("unshare")
        .env("BANTIN_LANG", "en")
        .args(["--mount", "sh", "-c", script])
        .env("BANTIN", BIN)
        .current_dir(dir)
        .output()
        .unwrap();
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn a_bind_mounted_output_is_written_in_place_keeping_git_and_saying_so() {
    let s = site_with(3);
    published(&s);
    s.write("output/stale.html", "from an older build");
    // The web server's folder, mounted onto output/.
    std::fs::rename(s.path().join("output"), s.path().join("served")).unwrap();
    std::fs::create_dir(s.path().join("output")).unwrap();
    let Some((code, stderr)) =
        in_mount_namespace(s.path(), "mount --bind served output && \"$BANTIN\" build")
    else {
        return;
    };
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("warning: ")
            && l.contains("/output is a mount point, so it cannot be swapped whole")),
        "{stderr}"
    );
    let served = s.path().join("served");
    assert_eq!(
        std::fs::read_to_string(served.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert_eq!(
        std::fs::read_to_string(served.join("CNAME")).unwrap(),
        "bantin.quan.gov.vn\n"
    );
    assert!(served.join("index.html").is_file());
    assert!(!served.join("stale.html").exists(), "stale pages removed");
    assert!(leftovers(&s).is_empty(), "{:?}", leftovers(&s));
}

#[test]
fn a_full_disk_is_reported_once_with_the_real_output_path() {
    let s = site_with(200);
    std::fs::create_dir(s.path().join("small")).unwrap();
    let Some((code, stderr)) = in_mount_namespace(
        s.path(),
        "mount -t tmpfs -o size=256k tmpfs small && \"$BANTIN\" build --output small/site",
    ) else {
        return;
    };
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    let line = lines[0];
    let real = s.path().canonicalize().unwrap().join("small/site/");
    assert!(
        line.starts_with(&format!("error: cannot write {}", real.display())),
        "{line}"
    );
    assert!(line.contains("No space left on device"), "{line}");
    assert!(line.contains("nothing was published: "), "{line}");
    assert!(!line.contains(" output/"), "{line}");
}
