//! Where a v3 collection is on disk, and which of its files to read.
//!
//! A v3 collection is a directory: `.resources/definition.yaml` (the collection's own settings),
//! one `*.request.yaml` per request, a sub-directory per folder (with its own
//! `.resources/definition.yaml`), and each request's saved examples in
//! `.resources/<request>.resources/examples/*.example.yaml`. A repository keeps its collections
//! in `postman/collections/<name>/`; postgen takes the collection directory itself, that
//! `postman/collections/` directory, or the repository root, and `--collection NAME` picks one
//! collection where there are several.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::read::source::{FileId, Sources};

/// The directory that holds a request's saved examples, beside it.
const RESOURCES: &str = ".resources";
const DEFINITION: &str = "definition.yaml";
const REQUEST_SUFFIX: &str = ".request.yaml";
const EXAMPLE_SUFFIX: &str = ".example.yaml";
/// Folders nest; deeper than this is refused (as for v2 collections).
const MAX_DEPTH: usize = 64;
/// Files a collection directory may hold: a bound against a directory that is not one.
const MAX_FILES: usize = 100_000;

/// A v3 collection's files, loaded into [`Sources`].
#[derive(Debug)]
pub struct Layout {
    /// The collection directory (as given, or found below what was given).
    pub dir: PathBuf,
    pub root: FolderFiles,
    /// Every file read, by its path relative to `dir` (`/`-separated), sorted: what the
    /// generated files' header hashes.
    pub files: Vec<(String, FileId)>,
}

/// One directory of the collection: the collection itself or a folder.
#[derive(Debug)]
pub struct FolderFiles {
    /// The directory's own name: the folder's name when its definition gives none.
    pub dir_name: String,
    pub definition: Option<FileId>,
    /// Requests and folders in the collection's order (see [`load`]).
    pub children: Vec<Child>,
}

#[derive(Debug)]
pub enum Child {
    Request(RequestFiles),
    Folder(FolderFiles),
}

/// A request file and its saved examples, in order.
#[derive(Debug)]
pub struct RequestFiles {
    pub file: FileId,
    /// The file name without `.request.yaml`: the request's name when the file gives none.
    pub stem: String,
    pub examples: Vec<ExampleFile>,
}

#[derive(Debug)]
pub struct ExampleFile {
    pub file: FileId,
    /// The file name without `.example.yaml`.
    pub stem: String,
}

/// Whether `path` is to be read as a v3 collection: a directory, or a YAML file (which is
/// then an error that says what to pass instead).
pub fn is_v3(path: &Path) -> bool {
    path.is_dir()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Finds the collection directory `path` means and loads its files. `name` picks one collection
/// of several (by directory name or by the name in its definition).
///
/// The collection's order is each file's `order` (siblings without one after those with one,
/// ties by file name): the files are added to `sources` in that order, a folder's definition
/// first, each request followed by its examples, so that offsets, which later stages order
/// operations and messages by, follow the collection as they do in a collection file.
pub fn load(sources: &mut Sources, path: &Path, name: Option<&str>) -> Result<Layout, Error> {
    let dir = find(path, name)?;
    let mut scan = Scan {
        root: &dir,
        files: 0,
    };
    let pending = scan.folder(&dir, "", 0)?;
    let mut files = Vec::new();
    let root = pending.add(sources, &mut files)?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Layout { dir, root, files })
}

/// What a build script watches for `path`: the path itself, or for a repository root holding
/// v3 collections its `postman/collections/` (not the whole repository, whose `target/` changes
/// at every build).
pub fn watched_path(path: &Path) -> PathBuf {
    let holder = path.join("postman").join("collections");
    if path.is_dir() && !is_collection_dir(path) && holder.is_dir() {
        holder
    } else {
        path.to_path_buf()
    }
}

fn input_error(path: &Path, message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Input, message).in_file(path)
}

/// The collection directory that `path` names.
fn find(path: &Path, name: Option<&str>) -> Result<PathBuf, Error> {
    if !path.is_dir() {
        return Err(not_a_collection_file(path));
    }
    if is_collection_dir(path) && !is_holder(path) {
        if let Some(n) = name {
            if !matches_name(path, n) {
                return Err(input_error(
                    path,
                    format!(
                        "--collection {n}: this directory is the collection {:?}; leave out \
                         --collection, or pass the directory that holds several",
                        collection_name(path)
                    ),
                ));
            }
        }
        return Ok(path.to_path_buf());
    }
    let holder = if is_holder(path) {
        path.to_path_buf()
    } else if path.join("postman").join("collections").is_dir() {
        path.join("postman").join("collections")
    } else {
        return Err(input_error(
            path,
            format!(
                "neither a Postman v3 collection (it has no {RESOURCES}/{DEFINITION} and no \
                 *{REQUEST_SUFFIX}) nor a repository with postman/collections/: pass a \
                 collection's directory, e.g. postman/collections/<name>/, or a collection file \
                 (*.postman_collection.json){}",
                if path.join("postman").join("environments").is_dir()
                    || path.ends_with("environments")
                {
                    "; environments are passed with --environment"
                } else {
                    ""
                }
            ),
        ));
    };
    let mut found: Vec<PathBuf> = sorted_entries(&holder)?
        .into_iter()
        .filter(|p| p.is_dir() && is_collection_dir(p))
        .collect();
    if let Some(n) = name {
        found.retain(|p| matches_name(p, n));
        return match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(input_error(
                &holder,
                format!(
                    "no collection named {n:?} here; the collections are: {}",
                    listing(&holder)?
                ),
            )),
            _ => Err(input_error(
                &holder,
                format!(
                    "several collections are named {n:?}: {}; pass the directory of one",
                    names(&found)
                ),
            )),
        };
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(input_error(
            &holder,
            "holds no Postman v3 collection (a directory with .resources/definition.yaml or \
             *.request.yaml files)",
        )),
        _ => Err(input_error(
            &holder,
            format!(
                "holds {} collections: {}; pick one with --collection NAME (or \
                 `Builder::collection_name`), or pass its directory",
                found.len(),
                names(&found)
            ),
        )),
    }
}

/// `postman/collections/`: every directory in it is a collection.
fn is_holder(path: &Path) -> bool {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    canonical.file_name().is_some_and(|n| n == "collections")
        && canonical
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == "postman")
}

fn is_collection_dir(path: &Path) -> bool {
    path.join(RESOURCES).join(DEFINITION).is_file()
        || std::fs::read_dir(path).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name().to_string_lossy().ends_with(REQUEST_SUFFIX) && e.path().is_file()
            })
        })
}

/// The `$kind` of the definition in `dir`, if it has one.
fn definition_kind(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(RESOURCES).join(DEFINITION)).ok()?;
    let v = crate::read::yaml::parse(&text, 0).ok()?;
    v.get("$kind").and_then(|k| k.as_str()).map(str::to_owned)
}

/// A collection's name for `--collection`: its definition's `name:` line, else the directory's.
fn collection_name(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(RESOURCES).join(DEFINITION))
        .ok()
        .and_then(|text| {
            let v = crate::read::yaml::parse(&text, 0).ok()?;
            v.get("name").and_then(|n| n.as_str()).map(str::to_owned)
        })
        .unwrap_or_else(|| file_name(dir))
}

fn matches_name(dir: &Path, name: &str) -> bool {
    file_name(dir) == name || collection_name(dir) == name
}

fn names(dirs: &[PathBuf]) -> String {
    dirs.iter()
        .map(|d| {
            let (dir, name) = (file_name(d), collection_name(d));
            if dir == name {
                format!("{dir:?}")
            } else {
                format!("{dir:?} ({name})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn listing(holder: &Path) -> Result<String, Error> {
    let all: Vec<PathBuf> = sorted_entries(holder)?
        .into_iter()
        .filter(|p| p.is_dir() && is_collection_dir(p))
        .collect();
    Ok(if all.is_empty() {
        "none".to_owned()
    } else {
        names(&all)
    })
}

fn file_name(p: &Path) -> String {
    let canonical = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What a file that is not a collection file is, and what to pass instead.
fn not_a_collection_file(path: &Path) -> Error {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let shown = |p: Option<&Path>| p.map_or_else(|| ".".to_owned(), |p| p.display().to_string());
    let kind = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            let v = crate::read::yaml::parse(&text, 0).ok()?;
            v.get("$kind").and_then(|k| k.as_str()).map(str::to_owned)
        })
        .unwrap_or_default();
    // The directory to pass: the outermost of the nearest directories above whose definitions
    // say `$kind: collection` (folders say so too), shown relative to the working directory.
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let root = absolute
        .ancestors()
        .skip(1)
        .skip_while(|d| definition_kind(d).as_deref() != Some("collection"))
        .take_while(|d| definition_kind(d).as_deref() == Some("collection"))
        .last()
        .map(|r| {
            std::env::current_dir()
                .ok()
                .and_then(|cwd| r.strip_prefix(cwd).ok().map(Path::to_path_buf))
                .unwrap_or_else(|| r.to_path_buf())
        });
    let message = if name.ends_with(REQUEST_SUFFIX) || kind.ends_with("-request") {
        format!(
            "one request of a Postman v3 collection, not a collection: pass the collection's \
             directory (the one whose .resources/definition.yaml says `$kind: collection`), {}",
            root.map_or_else(
                || format!("e.g. {}", shown(parent)),
                |r| shown(Some(r.as_path()).filter(|r| !r.as_os_str().is_empty()))
            )
        )
    } else if name.ends_with(EXAMPLE_SUFFIX) || kind.ends_with("-example") {
        match root {
            Some(r) => format!(
                "a saved example of a Postman v3 collection, not a collection: pass the \
                 collection's directory, {}",
                shown(Some(r.as_path()).filter(|r| !r.as_os_str().is_empty()))
            ),
            None => "a saved example of a Postman v3 collection, not a collection: pass the \
                     collection's directory"
                .to_owned(),
        }
    } else if name == DEFINITION || kind == "collection" {
        format!(
            "the definition of a Postman v3 collection or folder: pass the directory it \
             describes, {}",
            shown(parent.and_then(Path::parent))
        )
    } else if name.contains(".environment.") || kind == "environment" {
        "a Postman environment, not a collection: pass it with --environment (or \
         `Builder::environment`) and the collection as the collection"
            .to_owned()
    } else {
        "a YAML file that is not a Postman collection: pass a v3 collection's directory, or a \
         collection file (*.postman_collection.json)"
            .to_owned()
    };
    input_error(path, message)
}

/// A directory's entries, sorted by name (the file system's order is no order).
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::new(ErrorKind::Io, format!("cannot read the directory: {e}")).in_file(dir)
    })?;
    let mut out = Vec::new();
    for e in entries {
        let e = e.map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot read the directory: {e}")).in_file(dir)
        })?;
        out.push(e.path());
    }
    out.sort();
    Ok(out)
}

fn is_yaml(p: &Path) -> bool {
    let n = p.to_string_lossy();
    n.ends_with(".yaml") || n.ends_with(".yml")
}

fn strip_suffix(name: &str, suffix: &str) -> String {
    name.strip_suffix(suffix)
        .or_else(|| name.strip_suffix(".yaml"))
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
        .to_owned()
}

/// A file read, not yet added to [`Sources`].
struct Pending {
    path: PathBuf,
    /// Relative to the collection, `/`-separated.
    rel: String,
    bytes: Vec<u8>,
}

impl Pending {
    /// The file's `order`, read ahead of parsing it for good (a file that does not parse has
    /// none here; parsing it reports why).
    fn order(&self) -> Option<f64> {
        let text = std::str::from_utf8(&self.bytes).ok()?;
        super::shapes::order(&crate::read::yaml::parse(text, 0).ok()?)
            .ok()
            .flatten()
    }

    fn add(
        self,
        sources: &mut Sources,
        files: &mut Vec<(String, FileId)>,
    ) -> Result<FileId, Error> {
        let id = sources.add(self.path, self.bytes)?;
        files.push((self.rel, id));
        Ok(id)
    }
}

struct PendingFolder {
    dir_name: String,
    definition: Option<Pending>,
    children: Vec<PendingChild>,
}

enum PendingChild {
    Request {
        file: Pending,
        stem: String,
        examples: Vec<(Pending, String)>,
    },
    Folder(PendingFolder),
}

impl PendingFolder {
    fn add(
        self,
        sources: &mut Sources,
        files: &mut Vec<(String, FileId)>,
    ) -> Result<FolderFiles, Error> {
        let definition = self.definition.map(|d| d.add(sources, files)).transpose()?;
        let mut children = Vec::with_capacity(self.children.len());
        for c in self.children {
            children.push(match c {
                PendingChild::Folder(f) => Child::Folder(f.add(sources, files)?),
                PendingChild::Request {
                    file,
                    stem,
                    examples,
                } => {
                    let file = file.add(sources, files)?;
                    let mut added = Vec::with_capacity(examples.len());
                    for (e, stem) in examples {
                        added.push(ExampleFile {
                            file: e.add(sources, files)?,
                            stem,
                        });
                    }
                    Child::Request(RequestFiles {
                        file,
                        stem,
                        examples: added,
                    })
                }
            });
        }
        Ok(FolderFiles {
            dir_name: self.dir_name,
            definition,
            children,
        })
    }
}

/// Sorts by `order`, then by name.
fn sort_by_order<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (Option<f64>, &str)) {
    let mut keyed: Vec<(Option<f64>, String, T)> = items
        .drain(..)
        .map(|t| {
            let (o, n) = key(&t);
            (o, n.to_owned(), t)
        })
        .collect();
    keyed.sort_by(|a, b| super::by_order(a.0, b.0).then_with(|| a.1.cmp(&b.1)));
    items.extend(keyed.into_iter().map(|(_, _, t)| t));
}

/// Reads a collection directory's files, counting them.
struct Scan<'s> {
    root: &'s Path,
    files: usize,
}

impl Scan<'_> {
    fn read(&mut self, path: &Path, rel: String) -> Result<Pending, Error> {
        self.files += 1;
        if self.files > MAX_FILES {
            return Err(input_error(
                self.root,
                format!("more than {MAX_FILES} files: not a collection directory"),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read a file of the collection: {e}"),
            )
            .in_file(path)
        })?;
        Ok(Pending {
            path: path.to_path_buf(),
            rel,
            bytes,
        })
    }

    /// Reads the directory `dir` (`rel`: its path relative to the collection, `/`-separated).
    fn folder(&mut self, dir: &Path, rel: &str, depth: usize) -> Result<PendingFolder, Error> {
        if depth > MAX_DEPTH {
            return Err(input_error(
                dir,
                format!("folders nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        let join = |name: &str| {
            if rel.is_empty() {
                name.to_owned()
            } else {
                format!("{rel}/{name}")
            }
        };
        let resources = dir.join(RESOURCES);
        let definition_path = resources.join(DEFINITION);
        let definition = if definition_path.is_file() {
            Some(self.read(&definition_path, join(&format!("{RESOURCES}/{DEFINITION}")))?)
        } else {
            None
        };
        let mut children = Vec::new();
        for path in sorted_entries(dir)? {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                children.push(PendingChild::Folder(self.folder(
                    &path,
                    &join(&name),
                    depth + 1,
                )?));
            } else if is_yaml(&path) {
                let file = self.read(&path, join(&name))?;
                let stem = strip_suffix(&name, REQUEST_SUFFIX);
                let examples_dir = resources.join(format!("{stem}.resources")).join("examples");
                let mut examples = Vec::new();
                if examples_dir.is_dir() {
                    for e in sorted_entries(&examples_dir)? {
                        let e_name = e
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if e.is_file() && is_yaml(&e) {
                            let rel_e =
                                join(&format!("{RESOURCES}/{stem}.resources/examples/{e_name}"));
                            examples.push((
                                self.read(&e, rel_e)?,
                                strip_suffix(&e_name, EXAMPLE_SUFFIX),
                            ));
                        }
                    }
                }
                let orders: Vec<Option<f64>> = examples.iter().map(|(e, _)| e.order()).collect();
                let mut indexed: Vec<(usize, (Pending, String))> =
                    examples.into_iter().enumerate().collect();
                sort_by_order(&mut indexed, |(i, (_, stem))| (orders[*i], stem.as_str()));
                children.push(PendingChild::Request {
                    file,
                    stem,
                    examples: indexed.into_iter().map(|(_, e)| e).collect(),
                });
            }
        }
        // Postman needs file names unique regardless of case (on macOS and Windows two such
        // files are one): two requests whose names differ only in case are an error.
        let mut stems: Vec<(String, &Path)> = children
            .iter()
            .filter_map(|c| match c {
                PendingChild::Request { file, stem, .. } => {
                    Some((stem.to_lowercase(), file.path.as_path()))
                }
                PendingChild::Folder(_) => None,
            })
            .collect();
        stems.sort();
        if let Some(w) = stems.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(input_error(
                w[1].1,
                format!(
                    "two requests of one name: this file and `{}` differ only in case \
                     (Postman needs request file names unique regardless of case); rename one",
                    w[0].1.file_name().unwrap_or_default().to_string_lossy()
                ),
            ));
        }
        let orders: Vec<Option<f64>> = children
            .iter()
            .map(|c| match c {
                PendingChild::Request { file, .. } => file.order(),
                PendingChild::Folder(f) => f.definition.as_ref().and_then(Pending::order),
            })
            .collect();
        let mut indexed: Vec<(usize, PendingChild)> = children.into_iter().enumerate().collect();
        sort_by_order(&mut indexed, |(i, c)| {
            (
                orders[*i],
                match c {
                    PendingChild::Request { stem, .. } => stem.as_str(),
                    PendingChild::Folder(f) => f.dir_name.as_str(),
                },
            )
        });
        Ok(PendingFolder {
            dir_name: file_name(dir),
            definition,
            children: indexed.into_iter().map(|(_, c)| c).collect(),
        })
    }
}
