//! The `postgen` command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  --check found generated files that differ from what would be generated
  2  bad input (unreadable or invalid collection), bad usage, or output that could not be written

Examples:
  postgen generate collections/zoom-live-stream.postman_collection.json --out generated/zoom-live-stream
  postgen generate api.postman_collection.json --out sdk --name my-api --environment staging.json
  postgen generate api.postman_collection.json --out sdk --check
  postgen inspect api.postman_collection.json";

/// Generate a typed Rust API client from a Postman collection.
#[derive(Parser, Debug)]
#[command(name = "postgen", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate a crate (Cargo.toml, README.md, src/) from a collection.
    ///
    /// Writing is all or nothing and leaves unchanged files untouched. Files in DIR that postgen
    /// did not generate are never overwritten or deleted unless --force is given.
    #[command(after_help = AFTER_HELP)]
    Generate {
        /// The Postman collection (v2.1, v2.0 or v1 JSON).
        collection: PathBuf,
        /// The directory of the crate to write.
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        /// The crate's package name (default: the collection's name in kebab-case).
        #[arg(long, value_name = "CRATE_NAME")]
        name: Option<String>,
        /// A Postman environment file whose values resolve {{variables}} at generation time.
        /// Credentials are never compiled in.
        #[arg(long, short, value_name = "FILE")]
        environment: Option<PathBuf>,
        /// Write nothing; exit with 1 and show a diff if DIR differs from what would be generated.
        #[arg(long)]
        check: bool,
        /// Overwrite or delete files in DIR even if postgen did not generate them.
        #[arg(long)]
        force: bool,
        /// Do not print warnings, only the summary line.
        #[arg(long, short)]
        quiet: bool,
    },
    /// List what would be generated for each request (module, function, method, URL), writing
    /// nothing.
    #[command(after_help = AFTER_HELP)]
    Inspect {
        /// The Postman collection (v2.1, v2.0 or v1 JSON).
        collection: PathBuf,
        /// A Postman environment file whose values resolve {{variables}}.
        #[arg(long, short, value_name = "FILE")]
        environment: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn builder(collection: &PathBuf, environment: &Option<PathBuf>) -> postgen::Builder {
    let mut b = postgen::Builder::new()
        .collection(collection)
        .rerun_if_changed(false);
    if let Some(env) = environment {
        b = b.environment(env);
    }
    b
}

fn run(command: Command) -> Result<ExitCode, postgen::Error> {
    match command {
        Command::Generate {
            collection,
            out,
            name,
            environment,
            check,
            force,
            quiet,
        } => {
            let mut b = builder(&collection, &environment);
            if let Some(name) = name {
                b = b.crate_name(name);
            }
            let generated = b.generate()?;
            if !quiet {
                for w in &generated.warnings {
                    eprintln!("{w}");
                }
            }
            let s = generated.stats();
            let summary = format!(
                "{} operations, {} types, {} modules, {} warnings",
                s.operations, s.types, s.modules, s.warnings
            );
            if check {
                let drift = generated.check_dir(&out)?;
                if drift.is_empty() {
                    println!("{}: up to date ({summary})", out.display());
                    return Ok(ExitCode::SUCCESS);
                }
                for d in &drift {
                    match d {
                        postgen::Drift::Changed { path, diff } => {
                            println!("--- {}/{path}\n+++ generated\n{diff}", out.display())
                        }
                        postgen::Drift::Missing { path } => {
                            println!("missing: {}/{path}", out.display())
                        }
                        postgen::Drift::Obsolete { path } => {
                            println!("no longer generated: {}/{path}", out.display())
                        }
                    }
                }
                println!(
                    "{}: {} files differ from what would be generated; run `postgen generate` again",
                    out.display(),
                    drift.len()
                );
                return Ok(ExitCode::from(1));
            }
            let report = generated.write_to_dir(&out, force)?;
            println!(
                "{}: {summary}; {} files written, {} unchanged{}",
                out.display(),
                report.written.len(),
                report.unchanged,
                if report.removed.is_empty() {
                    String::new()
                } else {
                    format!(", {} removed", report.removed.len())
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Inspect {
            collection,
            environment,
        } => {
            let generated = builder(&collection, &environment).generate()?;
            for w in &generated.warnings {
                eprintln!("{w}");
            }
            let rows = postgen::inspect(generated.api());
            let widths = rows.iter().fold([0usize; 3], |w, r| {
                [
                    w[0].max(r.module.len()),
                    w[1].max(r.function.len()),
                    w[2].max(r.method.len()),
                ]
            });
            for r in &rows {
                println!(
                    "{:w0$}  {:w1$}  {:w2$}  {}",
                    r.module,
                    r.function,
                    r.method,
                    r.url,
                    w0 = widths[0],
                    w1 = widths[1],
                    w2 = widths[2]
                );
            }
            let s = generated.stats();
            println!(
                "{} operations, {} types, {} modules, {} warnings",
                s.operations, s.types, s.modules, s.warnings
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
