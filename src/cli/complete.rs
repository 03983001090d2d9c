//! Dynamic completion (`source <(COMPLETE=bash communique)`): meeting ids of the corpus,
//! `series:latest` and `series:first`, `REF~N` with the meeting each names, series and theme
//! names, files where a file would do. The corpus is the one `-C DIR` names on the line being
//! completed, else `COMMUNIQUE_CORPUS`, else the one found from the current folder.
//!
//! Bash splits words at `:` and `=` (`COMP_WORDBREAKS`), so clap's own bash script hands the
//! binary `l` for `fomc:l` and turns `fomc:<Tab>` into `fomc:--`; [`Bash`] registers a script
//! that joins the pieces back before asking, and trims the answers to the piece bash replaces.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};
use clap_complete::env::{EnvCompleter, Shells};

use communique::ops::Workspace;

/// The shells of `COMPLETE=…`: clap's, but bash's registration.
pub(crate) const SHELLS: Shells<'static> = Shells(&[
    &Bash,
    &clap_complete::env::Elvish,
    &clap_complete::env::Fish,
    &clap_complete::env::Powershell,
    &clap_complete::env::Zsh,
]);

/// Bash, with words split at `COMP_WORDBREAKS` characters joined back.
pub(crate) struct Bash;

/// The registration: clap's protocol (the words, the index of the current one, answers
/// separated by `\v`), with `fomc` `:` `l` passed as `fomc:l` and the answers trimmed of what
/// precedes the piece bash replaces (as bash-completion's `__ltrim_colon_completions` does).
const BASH_SCRIPT: &str = r#"
_communique_complete() {
    local IFS=$'\013'
    local space=true
    if compopt +o nospace 2> /dev/null; then
        space=false
    fi
    # The words up to the cursor, rejoined where bash split them at a word-break character
    # (`:`, `=`) with no blank between: COMP_LINE tells where the blanks are.
    local line="${COMP_LINE:0:COMP_POINT}" at=0 i word rest blank n
    local words=() current=0
    for ((i = 0; i <= COMP_CWORD; i++)); do
        rest="${line:at}"
        blank="${rest%%[![:space:]]*}"
        word="${COMP_WORDS[i]}"
        if ((i == COMP_CWORD)); then
            # What is typed of it, up to the cursor.
            word="${rest:${#blank}}"
        fi
        n=${#words[@]}
        if ((n > 0 && ${#blank} == 0)) && [[ "$word" == ["$COMP_WORDBREAKS"]* || "${words[n-1]}" == *["$COMP_WORDBREAKS"] ]]; then
            words[n-1]+="$word"
        else
            words+=("$word")
        fi
        at=$((at + ${#blank} + ${#word}))
    done
    current=$((${#words[@]} - 1))
    local joined="${words[current]}"
    local before="${joined:0:${#joined}-${#2}}"
    COMPREPLY=( $( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$current" \
        _CLAP_COMPLETE_COMP_TYPE="${COMP_TYPE}" \
        _CLAP_COMPLETE_SPACE="$space" \
        VAR="bash" \
        "COMPLETER" -- "${words[@]}" \
    ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    if [[ -n "$before" ]]; then
        for i in "${!COMPREPLY[@]}"; do
            COMPREPLY[i]="${COMPREPLY[i]#"$before"}"
        done
    fi
    if [[ $space == false ]] && [[ "${COMPREPLY-}" =~ [=/:~]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _communique_complete BIN
else
    complete -o nospace -o bashdefault -F _communique_complete BIN
fi
"#;

impl EnvCompleter for Bash {
    fn name(&self) -> &'static str {
        "bash"
    }

    fn is(&self, name: &str) -> bool {
        name == "bash"
    }

    fn write_registration(
        &self,
        var: &str,
        _name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        // It stands between double quotes in the script.
        let completer: String = completer
            .chars()
            .flat_map(|c| if matches!(c, '\\' | '"' | '$' | '`') { vec!['\\', c] } else { vec![c] })
            .collect();
        let script = BASH_SCRIPT.replace("BIN", bin).replace("COMPLETER", &completer).replace("VAR", var);
        writeln!(buf, "{script}")
    }

    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&Path>,
        buf: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        clap_complete::env::Bash.write_complete(cmd, args, current_dir, buf)
    }
}

/// The corpus the line being completed names with `-C DIR` (`-CDIR`, `--corpus DIR`,
/// `--corpus=DIR`), if any: the binary is run as `communique -- communique -C DIR diff …`.
fn corpus_on_the_line() -> Option<PathBuf> {
    let args: Vec<OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    let mut found = None;
    for (i, arg) in args.iter().enumerate() {
        let Some(text) = arg.to_str() else { continue };
        let value = match text {
            "-C" | "--corpus" => args.get(i + 1).and_then(|a| a.to_str()).map(dequote),
            _ => text
                .strip_prefix("--corpus=")
                .or_else(|| text.strip_prefix("-C").filter(|v| !v.is_empty()))
                .map(dequote),
        };
        if value.is_some() {
            found = value;
        }
    }
    found
}

/// A word as the shell would pass it: bash hands completion the words as typed, quotes,
/// backslashes and `~` included (`-C "my corpus"`, `-C my\ corpus`, `-C ~/corpus`).
fn dequote(word: &str) -> PathBuf {
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '\\') => out.extend(chars.next()),
            (Some('"'), '\\') if chars.peek().is_some_and(|n| matches!(n, '"' | '\\' | '$' | '`')) => {
                out.extend(chars.next())
            }
            _ => out.push(c),
        }
    }
    // `~` is the home folder only unquoted, at the start.
    let tilde = word.starts_with('~');
    match out.strip_prefix('~').filter(|rest| tilde && (rest.is_empty() || rest.starts_with('/'))) {
        Some(rest) => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(rest.trim_start_matches('/')),
            None => PathBuf::from(out),
        },
        None => PathBuf::from(out),
    }
}

/// The corpus to complete from.
fn workspace() -> Option<Workspace> {
    let dir = corpus_on_the_line().or_else(|| std::env::var_os("COMMUNIQUE_CORPUS").map(PathBuf::from));
    Workspace::open(dir.as_deref()).ok()
}

/// Meeting references starting with `current`: `series:latest`, `series:first`, ids, and
/// after `REF~`, `REF~1`… with the meeting each names.
pub(crate) fn meetings(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else { return Vec::new() };
    let Some(workspace) = workspace() else { return Vec::new() };
    if let Some((base, steps)) = current.rsplit_once('~') {
        return earlier(&workspace, base, steps);
    }
    let Ok(listing) = workspace.corpus().listing() else { return Vec::new() };
    let mut out = Vec::new();
    for series in listing.series_names() {
        for end in ["latest", "first"] {
            out.push(CompletionCandidate::new(format!("{series}:{end}")));
        }
    }
    for series in listing.series_names() {
        for id in listing.series(series) {
            out.push(CompletionCandidate::new(id.to_string()).help(Some(id.date.to_string().into())));
        }
    }
    out.retain(|c| c.get_value().to_str().is_some_and(|v| v.starts_with(current)));
    out
}

/// `base~1` to `base~9` (those that name a meeting, starting with `steps`), each with the
/// meeting it names.
fn earlier(workspace: &Workspace, base: &str, steps: &str) -> Vec<CompletionCandidate> {
    (1..=9)
        .map(|n| format!("{base}~{n}"))
        .filter(|text| text[base.len() + 1..].starts_with(steps))
        .map_while(|text| {
            let located = workspace.corpus().locate(&text).ok()?;
            Some(CompletionCandidate::new(text).help(Some(located.id.to_string().into())))
        })
        .collect()
}

/// Meeting references, or files (for `diff`, which compares either).
pub(crate) fn meetings_or_files(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut out = meetings(current);
    out.extend(PathCompleter::any().complete(current));
    out
}

/// Series names starting with `current`.
pub(crate) fn series(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else { return Vec::new() };
    let Some(workspace) = workspace() else { return Vec::new() };
    let Ok(listing) = workspace.corpus().listing() else { return Vec::new() };
    let names = listing.series_names();
    names.into_iter().filter(|s| s.starts_with(current)).map(CompletionCandidate::new).collect()
}

/// The commands with a manual page of their own, starting with `current`.
pub(crate) fn man_pages(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else { return Vec::new() };
    super::man::commands()
        .into_iter()
        .filter(|c| c.starts_with(current))
        .map(CompletionCandidate::new)
        .collect()
}

/// Theme names starting with `current`, each with its label.
pub(crate) fn themes(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else { return Vec::new() };
    let Some(workspace) = workspace() else { return Vec::new() };
    workspace
        .corpus()
        .config()
        .themes
        .iter()
        .filter(|t| t.name.starts_with(current))
        .map(|t| CompletionCandidate::new(&t.name).help(Some(t.label.clone().into())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::dequote;

    #[test]
    fn words_are_read_as_the_shell_reads_them() {
        assert_eq!(dequote("corpus"), std::path::PathBuf::from("corpus"));
        assert_eq!(dequote("\"dir with space/corpus\""), std::path::PathBuf::from("dir with space/corpus"));
        assert_eq!(dequote("'it''s'"), std::path::PathBuf::from("its"));
        assert_eq!(dequote("dir\\ with\\ space"), std::path::PathBuf::from("dir with space"));
        assert_eq!(dequote("\"a\\\"b\""), std::path::PathBuf::from("a\"b"));
        let home = std::path::PathBuf::from(std::env::var_os("HOME").unwrap());
        assert_eq!(dequote("~/corpus"), home.join("corpus"));
        assert_eq!(dequote("~other"), std::path::PathBuf::from("~other"));
        assert_eq!(dequote("\"~/corpus\""), std::path::PathBuf::from("~/corpus"));
    }
}
