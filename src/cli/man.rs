//! The manual page: clap's sections from the command-line grammar, then the sections clap
//! does not know (exit status, environment, files, examples).

use std::io::Write;

use anyhow::Result;

use super::args::Cli;

/// Sections of the manual page that clap does not know.
const MAN_EXTRA: &str = r#".SH "EXIT STATUS"
.TP
0
Success (and, for \fBdiff \-\-exit\-code\fR, no difference).
.TP
1
A negative answer: \fBdiff \-\-exit\-code\fR when the meetings differ, \fBblame\fR or \fBgrep\fR when the phrase is found nowhere. Or a refused command, something you can act on: a reference that names no meeting or several, a file that is missing, too large or not text, a corpus that is busy, has uncommitted edits or a detached HEAD, a hook that refused the change, a full disk. The corpus is left as it was; standard error has one \fBerror:\fR line, then \fBhint:\fR lines saying what to do.
.TP
2
A usage error: an unknown option, a missing argument, or a flag value that cannot be one (\fB\-\-date 2020\-02\-30\fR, \fB\-\-max\-size 12XB\fR, \fB\-\-threshold 2\fR).
.TP
3
An internal failure: git or the file system failed in a way you did not cause (a missing or corrupt git object, an unexpected I/O error in the corpus's own files). A bug or a broken repository; \fBgit fsck\fR may say more.
.TP
130
\fBwatch\fR stopped by Ctrl\-C (SIGINT) or SIGTERM, after any import under way was committed.
.SH ENVIRONMENT
.TP
.B COMMUNIQUE_CORPUS
The corpus folder, as \fB\-C\fR gives it.
.TP
.BR COMMUNIQUE_PAGER ", " PAGER
The pager for long output to a terminal (default \fBless \-FRX\fR); \fB\-\-no\-pager\fR turns it off.
.TP
.BR NO_COLOR ", " CLICOLOR_FORCE
Turn color off (any non\-empty value) or on; \fB\-\-color\fR wins over both.
.TP
.B SOURCE_DATE_EPOCH
The date written into reports, for reproducible output.
.SH FILES
.TP
.I communique.toml
Marks the corpus root; holds series labels, themes and colors (\fB[colors]\fR: a label such as \fBdiff.delete\fR to git color words such as \fBred strikethrough\fR).
.TP
.I <series>/<YYYY\-MM\-DD>[\-<slug>].md
One meeting: TOML front matter between \fB+++\fR lines, then one paragraph per line. The file name is the meeting's id: its folder is the series and its name the date, whatever the front matter says (a disagreement is a warning). Markdown files with other names are not meetings, and each is named in a warning.
.TP
.I .git/communique/
Caches (sentence fingerprints for \fBannotate\fR), keyed by content; safe to delete.
.SH EXAMPLES
.nf
communique init briefings && cd briefings
communique add \-\-series coalition \-\-place Rome \-\-date 2021\-06\-28 rome.txt
communique diff unami\-iraq:latest~1 unami\-iraq:latest
communique blame "sole purpose" \-\-fuzzy
communique themes \-\-series fomc
communique report unami\-iraq:latest~1 unami\-iraq:latest \-o briefing.html
.fi
.SH "SEE ALSO"
Each command has its page: \fBcommunique man diff\fR prints \fBcommunique\-diff\fR(1).
"#;

/// The commands that have a page of their own, `communique-NAME(1)`.
pub(super) fn commands() -> Vec<String> {
    let mut cli = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    cli.build();
    cli.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| c.get_name().to_string()).collect()
}

/// Writes a manual page: with no command, communique(1) (clap's sections, then exit status,
/// environment, files, examples); else `communique-COMMAND(1)`, as `clap_mangen` names it.
pub(super) fn man(command: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let mut cli = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    let Some(name) = command else {
        clap_mangen::Man::new(cli).render(out)?;
        out.write_all(MAN_EXTRA.as_bytes())?;
        return Ok(());
    };
    // Built, so that each command has its arguments (they are deferred) and its full name.
    cli.build();
    let page = cli.find_subcommand(name).cloned().expect("the flag's parser checked the name");
    let source = format!("communique {}", env!("CARGO_PKG_VERSION"));
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).source(source).render(&mut roff)?;
    let roff = String::from_utf8(roff)?;
    // clap_mangen puts the help's closing text, "Examples:" and its lines, in an EXTRA section,
    // filled as one paragraph; they are examples, one per line.
    let roff = match roff.split_once(".SH EXTRA\nExamples:\n") {
        Some((head, examples)) => format!("{head}.SH EXAMPLES\n.nf\n{}.fi\n", examples),
        None => roff,
    };
    out.write_all(roff.as_bytes())?;
    writeln!(out, ".SH \"SEE ALSO\"\n\\fBcommunique\\fR(1)")?;
    Ok(())
}
