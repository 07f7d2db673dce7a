//! `kundenwert`: the CLV core on the command line, for batch scoring.
//!
//! ```text
//! kundenwert summarize --transactions FILE --end YYYY-MM-DD [--unit day|week] [--holdout-start YYYY-MM-DD]
//! kundenwert fit --model bg-nbd|mbg-nbd|pareto-nbd|gamma-gamma --summary FILE
//! kundenwert score --model bg-nbd|mbg-nbd|pareto-nbd --summary FILE --horizon N
//!                  [--unit day|week] [--discount-annual D] [--margin M]
//! kundenwert segment --transactions FILE --end YYYY-MM-DD [--unit day|week]
//! ```
//!
//! A `--transactions` file is read like the page reads a shop export, with
//! `--map`, `--decimal`, `--date-order`, `--currency`, `--encoding`,
//! `--delimiter` and `--sheet` to answer what the file leaves open (see
//! `kundenwert --help`); how it was read is printed on standard error.
//!
//! Results go to standard output. A bad file or argument prints one line to
//! standard error, naming the file, line and column where there is one, and
//! exits with code 2.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use kundenwert::cli::{output_error, run, CliError};
    use std::io::Write;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut messages = std::io::stderr();
    match run(&args, &mut out, &mut messages).and_then(|()| out.flush().map_err(output_error)) {
        Ok(()) | Err(CliError::OutputClosed) => {}
        Err(e) => {
            drop(out);
            eprintln!("kundenwert: {e}");
            std::process::exit(e.exit_code());
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
