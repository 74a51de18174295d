//! The README's commands, run: every `cargo run -p postgen-cli -- …` and `postgen …` line of
//! its `sh` blocks runs the built binary from the workspace root, in order, and must succeed.
//! Output directories are redirected into a temporary directory (a relative one, e.g.
//! `generated/zoom-live-stream`, is copied there first), so the test writes nothing in the
//! repository. The exit codes the README lists are those `postgen --help` gives.

mod support;

use support::{copy_dir, workspace};

fn readme() -> String {
    std::fs::read_to_string(workspace().join("README.md")).unwrap()
}

/// The lines of the README's ```` ```sh ```` blocks.
fn sh_lines(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if inside && line == "```" {
            inside = false;
        } else if inside {
            out.push(line.to_owned());
        } else if line == "```sh" {
            inside = true;
        }
    }
    out
}

#[test]
fn the_readme_commands_run() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ran = Vec::new();
    for line in sh_lines(&readme()) {
        let command = line.split(" #").next().unwrap().trim();
        let Some(args) = command
            .strip_prefix("cargo run -p postgen-cli -- ")
            .or_else(|| command.strip_prefix("postgen "))
        else {
            continue;
        };
        let mut args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        if let Some(i) = args.iter().position(|a| a == "--out") {
            let out = &args[i + 1];
            let redirected = match out.strip_prefix("/tmp/") {
                Some(rest) => tmp.path().join(rest),
                None => {
                    let copy = tmp.path().join("repo").join(out);
                    let original = workspace().join(out);
                    if !copy.exists() && original.is_dir() {
                        copy_dir(&original, &copy);
                    }
                    copy
                }
            };
            args[i + 1] = redirected.to_str().unwrap().to_owned();
        }
        let o = support::postgen()
            .args(&args)
            .current_dir(workspace())
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "`{command}`:\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        ran.push(
            args[0].clone()
                + if args.contains(&"--check".to_owned()) {
                    " --check"
                } else {
                    ""
                },
        );
    }
    for expected in ["inspect", "generate", "generate --check"] {
        assert!(
            ran.iter().any(|r| r == expected),
            "the README runs no `{expected}`: {ran:?}"
        );
    }
}

#[test]
fn the_readme_lists_the_exit_codes_of_the_help() {
    let o = support::postgen().arg("--help").output().unwrap();
    let help = String::from_utf8(o.stdout).unwrap();
    let codes: Vec<&str> = help
        .lines()
        .skip_while(|l| *l != "Exit codes:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(codes.len() >= 4, "{help}");
    let block = format!("```text\n{}\n```", codes.join("\n"));
    assert!(
        readme().contains(&block),
        "the README should list the exit codes as --help does:\n{block}"
    );
}
