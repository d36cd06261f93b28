//! The read gate's property (issue 11): for random trees of files, folders and symbolic
//! links (to files and folders inside the site, outside it, `/etc`, `/proc/self`, the
//! root, their own parent: loops) and random link targets in a bulletin (`..`, links,
//! names outside), no byte from outside the site root ever reaches the output, in a
//! whole render (every file a sink receives, copied files included) or in a `serve`
//! response.
#![cfg(unix)]

use crate::serve::Server;
use crate::support::{SITE_YAML, bulletin};
use crate::trust_read::{leaks, outside};
use bantin::render::Sink;
use proptest::prelude::*;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Folders where a tree entry can go.
const PLACES: &[&str] = &[
    "content",
    "content/2022",
    "content/2022/q1",
    "content/2022/q1/a",
    "static",
    "static/a",
    "themes/default/static",
    "templates",
];

/// Names of entries, and of links' pieces: shared with the outside folder so that a
/// link through a symbolic link finds a file there.
const NAMES: &[&str] = &["a", "b", "secret.txt", "anh.png", "f.md", "etc", "proc"];

/// What an entry of the random tree is.
#[derive(Clone, Debug)]
enum Node {
    Folder,
    File,
    /// A symbolic link to this target.
    Link(Target),
}

#[derive(Clone, Debug)]
enum Target {
    /// `outside/<name>` (a file or folder outside the site).
    Outside(usize),
    /// The outside folder itself.
    OutsideFolder,
    Etc,
    ProcSelf,
    /// Another place of the site (absolute).
    Inside(usize),
    /// The site root.
    Root,
    /// `..`, relative (a loop onto its own parent).
    Parent,
    /// Itself (a loop).
    Own,
}

fn node() -> impl Strategy<Value = Node> {
    let target = prop_oneof![
        (0..NAMES.len()).prop_map(Target::Outside),
        Just(Target::OutsideFolder),
        Just(Target::Etc),
        Just(Target::ProcSelf),
        (0..PLACES.len()).prop_map(Target::Inside),
        Just(Target::Root),
        Just(Target::Parent),
        Just(Target::Own),
    ];
    prop_oneof![
        1 => Just(Node::Folder),
        1 => Just(Node::File),
        3 => target.prop_map(Node::Link),
    ]
}

/// A relative link written in the bulletin: pieces joined with `/`.
fn link() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => (0..NAMES.len()).prop_map(|i| NAMES[i].to_owned()),
        1 => Just("..".to_owned()),
        1 => Just("environ".to_owned()),
        1 => Just("passwd".to_owned()),
    ];
    let last = prop_oneof![
        Just("secret.txt".to_owned()),
        Just("anh.png".to_owned()),
        Just("environ".to_owned()),
        Just("passwd".to_owned()),
    ];
    (prop::collection::vec(piece, 0..4), last).prop_map(|(mut p, last)| {
        p.push(last);
        p.join("/")
    })
}

/// A site in `dir/site` with the tree `entries` and a bulletin linking to `links` (the
/// first one also its cover image); returns the site root.
fn make_site(
    dir: &Path,
    outside: &Path,
    entries: &[(usize, usize, Node)],
    links: &[String],
) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content/2022/q1")).unwrap();
    std::fs::write(root.join("site.yaml"), SITE_YAML).unwrap();
    let body: String = links
        .iter()
        .map(|l| format!("[x]({l}) ![y]({l})\n\n"))
        .collect();
    let cover = format!("image: {}\n", links[0]);
    let text = bulletin("Tin", "2022-01-05", &format!("slug: tin\n{cover}"))
        .replace("Nội dung bản tin Tin.\n", &body);
    std::fs::write(root.join("content/2022/q1/tin.md"), text).unwrap();
    for (place, name, node) in entries {
        let at = root.join(PLACES[*place]).join(NAMES[*name]);
        // Never create through a link made earlier: that would write outside the site.
        let through_link = at
            .ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&root) && *a != root)
            .any(|a| std::fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()));
        if through_link || std::fs::symlink_metadata(&at).is_ok() {
            continue;
        }
        if let Some(parent) = at.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        match node {
            Node::Folder => std::fs::create_dir(&at).unwrap(),
            Node::File => std::fs::write(&at, "trong site\n").unwrap(),
            Node::Link(target) => {
                let to: PathBuf = match target {
                    Target::Outside(i) => outside.join(NAMES[*i]),
                    Target::OutsideFolder => outside.to_path_buf(),
                    Target::Etc => "/etc".into(),
                    Target::ProcSelf => "/proc/self".into(),
                    Target::Inside(i) => root.join(PLACES[*i]),
                    Target::Root => root.clone(),
                    Target::Parent => "..".into(),
                    Target::Own => at.clone(),
                };
                symlink(to, &at).unwrap();
            }
        }
    }
    root
}

/// Every file a render hands its sink, copied files included (read through the gate).
#[derive(Default)]
struct Capture(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Capture {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .push((rel.to_owned(), bytes.to_vec()));
        Ok(())
    }
}

/// The outside folder of [`outside`], with folders named like [`NAMES`] holding more
/// secrets, so that links through a link find files there.
fn outside_tree() -> tempfile::TempDir {
    let out = outside();
    for name in ["a", "b", "etc", "proc"] {
        std::fs::create_dir(out.path().join(name)).unwrap();
        for file in ["secret.txt", "anh.png", "f.md"] {
            std::fs::write(out.path().join(name).join(file), crate::trust_read::MARKER).unwrap();
        }
    }
    std::fs::write(out.path().join("anh.png"), crate::trust_read::MARKER).unwrap();
    std::fs::write(out.path().join("f.md"), crate::trust_read::MARKER).unwrap();
    out
}

fn entries() -> impl Strategy<Value = Vec<(usize, usize, Node)>> {
    // Half the entries beside the bulletin, where its links look first.
    let place = prop_oneof![1 => 0..PLACES.len(), 1 => Just(2usize)];
    prop::collection::vec((place, 0..NAMES.len(), node()), 0..14)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn no_byte_from_outside_the_site_reaches_the_output(
        entries in entries(),
        links in prop::collection::vec(link(), 1..6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let out = outside_tree();
        let root = make_site(dir.path(), out.path(), &entries, &links);
        // Rendered even when loading found errors, so every read path is exercised.
        let Ok(loaded) = bantin::pipeline::load(&root, bantin::Drafts::Include) else {
            return Ok(());
        };
        let capture = Capture::default();
        if let Some(theme) = &loaded.theme {
            let urls = bantin::urls::Urls::new("https://x.vn/");
            bantin::render::render_site(&loaded.root, &loaded.site, theme, &urls, &capture);
        }
        for (rel, bytes) in capture.0.into_inner().unwrap() {
            prop_assert!(leaks(&bytes).is_none(), "{rel} holds bytes from outside; links {links:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    // One link per bulletin, through an entry beside it when there is one: a build
    // with any error serves only its error overlay, so a link that is likely to resolve
    // makes more of these builds succeed and serve what they read.
    #[test]
    fn no_byte_from_outside_the_site_is_served(
        entries in entries(),
        pick in any::<prop::sample::Index>(),
        fallback in link(),
    ) {
        let beside: Vec<String> = entries
            .iter()
            .filter(|(place, _, _)| *place == 2)
            .flat_map(|(_, name, _)| {
                let name = NAMES[*name];
                [name.to_owned(), format!("{name}/secret.txt"), format!("{name}/environ")]
            })
            .collect();
        let links = vec![if beside.is_empty() { fallback } else { pick.get(&beside).clone() }];
        let dir = tempfile::tempdir().unwrap();
        let out = outside_tree();
        let root = make_site(dir.path(), out.path(), &entries, &links);
        let server = Server::start(&root, &[]);
        let mut paths = vec!["/".to_owned(), "/bulletins/tin/".to_owned()];
        for name in NAMES.iter().chain(&["environ", "passwd"]) {
            paths.push(format!("/bulletins/tin/{name}"));
            paths.push(format!("/{name}"));
            paths.push(format!("/a/{name}"));
        }
        for path in paths {
            let r = server.get(&path);
            prop_assert!(leaks(r.body.as_bytes()).is_none(), "{path} served bytes from outside; links {links:?}");
        }
    }
}
