//! The command line: help, exit codes, `new`, `init`, and the bundled site.

use crate::support::{Site, run_in};

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["build", "check", "new", "init"] {
        let run = run_in(dir.path(), &[cmd, "--help"]);
        run.ok();
        assert!(
            run.stdout.contains("Usage:"),
            "{cmd} --help: {}",
            run.stdout
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["build", "--nope"]).fails_with(2);
    let run = run_in(dir.path(), &["build"]);
    run.fails_with(2);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
}

#[test]
fn new_scaffolds_a_bulletin_that_checks() {
    let s = Site::new();
    let run = s.run(&[
        "new",
        "Quận Cầu Giấy: thu ngân sách quý III",
        "--date",
        "2023-08-15",
        "--tags",
        "Ngân sách,Kinh tế",
        "--district",
        "Cầu Giấy",
    ]);
    run.ok();
    let path = run.stdout.trim();
    assert_eq!(
        path,
        "content/2023/q3/quan-cau-giay-thu-ngan-sach-quy-iii.md"
    );
    let text = std::fs::read_to_string(s.path().join(path)).unwrap();
    assert!(text.contains("slug: quan-cau-giay-thu-ngan-sach-quy-iii\n"));
    assert!(text.contains("quarter: 2023-Q3\n"));
    assert!(text.contains("district: \"Cầu Giấy\"\n"));
    s.run(&["check"]).ok();
    let again = s.run(&[
        "new",
        "Quận Cầu Giấy: thu ngân sách quý III",
        "--date",
        "2023-08-15",
    ]);
    again.fails_with(2);
    assert!(again.stderr.contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(s.path().join(path)).unwrap(),
        text,
        "new overwrote a file"
    );
}

#[test]
fn init_makes_a_buildable_site() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["init", "moi"]).ok();
    let site = dir.path().join("moi");
    assert!(
        !site.join("themes").exists(),
        "theme is embedded unless --with-theme"
    );
    run_in(&site, &["build"]).ok();
    assert!(
        site.join("output/bulletins/gia-tri-san-xuat-quy-i-2022/index.html")
            .exists()
    );
    run_in(dir.path(), &["init", "moi"]).fails_with(2);
    run_in(dir.path(), &["init", "co-theme", "--with-theme"]).ok();
    let themed = dir.path().join("co-theme");
    assert!(themed.join("themes/default/templates/base.html").exists());
    run_in(&themed, &["build"]).ok();
}

#[test]
fn bundled_site_checks_and_builds() {
    let s = Site::bundled();
    s.run(&["check"]).ok();
    let run = s.run(&["build"]);
    run.ok();
    assert!(s.out_exists("index.html"));
    assert!(
        s.out_exists("bulletins/gia-tri-san-xuat-quy-1-2022/index.html")
            || s.out_files()
                .iter()
                .filter(|f| f.starts_with("bulletins/"))
                .count()
                >= 12
    );
}
