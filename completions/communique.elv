
use builtin;
use str;

set edit:completion:arg-completer[communique] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'communique'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'communique'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a corpus (and a git repository, unless DIR is already inside one)'
            cand add 'Import text, Markdown or HTML files as meetings, all in one commit'
            cand list 'List meetings in date order'
            cand show 'Show a meeting with numbered paragraphs'
            cand diff 'Compare two meetings (or two files): moved, split, merged and reworded paragraphs'
            cand blame 'Find where a phrase first appeared, and every meeting that has it'
            cand themes 'How the language on themes moves: a timeline across a series, or between two meetings'
            cand watchlist 'Watched phrases across a series: where each one entered and left'
            cand changes 'How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites'
            cand report 'A change report for a briefing: summary, by theme, new, edited and dropped language, full redline'
            cand site 'Write the corpus as a static website: every meeting, every change, every theme'
            cand annotate 'Date every sentence of a meeting to the meeting where it first appeared'
            cand grep 'Keyword in context across the corpus'
            cand log 'Show the corpus history, or one meeting''s'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Print a manual page (roff): communique(1), or a command''s, communique-diff(1)'
            cand watch 'Poll a web page and import each new statement it shows, printing its diff'
            cand rm 'Remove a meeting, in one commit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'communique;init'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;add'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'Series to add to (default: the corpus''s only series); created on first use'
            cand --date 'Meeting date, YYYY-MM-DD (default: from the file name, else from the text)'
            cand --place 'Where the meeting took place'
            cand --title 'Document title (default: a leading title line)'
            cand --source 'Where the text comes from (default: a leading URL line)'
            cand --slug 'Id suffix after the date (default: from the place or the file name)'
            cand --max-size 'Largest file to read or page to fetch, e.g. 200M or 1G (default: 64M)'
            cand --timeout 'Longest a web address may take to fetch, in seconds (default: 30)'
            cand -m 'Commit message'
            cand --message 'Commit message'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --replace 'Replace existing meetings: records a correction'
            cand --raw 'Keep the text as split into paragraphs: no title, source, footer or re-join clean-up, and a web page''s whole text, not only its statement'
            cand -n 'Show what would be stored, and what a web page''s import leaves out and why; store nothing'
            cand --dry-run 'Show what would be stored, and what a web page''s import leaves out and why; store nothing'
            cand --no-verify 'Do not run the repository''s pre-commit hook (as `git commit --no-verify`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;list'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'Only this series'
            cand --format 'Output format'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;show'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --format 'Output format'
            cand --width 'Wrap text to this many columns (default: the terminal''s width)'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;diff'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --format 'Output format'
            cand --context 'Show unchanged paragraphs in full within N paragraphs of a change'
            cand --width 'Wrap text to this many columns (default: the terminal''s width)'
            cand --threshold 'Least similarity (0 to 1) for two paragraphs to count as one reworded paragraph'
            cand --max-size 'Largest file to read, e.g. 200M or 1G (default: 64M)'
            cand --theme 'Only the paragraphs touching this theme, its terms highlighted (repeatable)'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --stat 'Show counts per paragraph and kind instead of the redline'
            cand --full 'Show every unchanged paragraph in full'
            cand --exit-code 'Exit with 1 when the meetings differ, 0 when they do not'
            cand --ignore-typography 'Show paragraphs that differ in typography only (hyphens, dashes, quotes, spaces) as unchanged, as `git diff -w` does whitespace'
            cand --explain 'Say, for each entry, why its paragraphs were paired or left alone: the rule, the weighted similarity, the rarest shared words, what each piece of a split or merge carries, the closest candidate of a paragraph left alone'
            cand --raw 'Import files without clean-up (as `add --raw`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;blame'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'Only this series'
            cand --since 'Only meetings on or after this date (YYYY-MM-DD)'
            cand --until 'Only meetings on or before this date (YYYY-MM-DD)'
            cand --format 'Output format'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --fuzzy 'Also list near variants (one or two word edits away), the closest first'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;themes'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'The series of the timeline (needed when the corpus has several)'
            cand --since 'Only meetings on or after this date (YYYY-MM-DD)'
            cand --until 'Only meetings on or before this date (YYYY-MM-DD)'
            cand --theme 'Only this theme (repeatable; default: every theme of the series)'
            cand --format 'Output format'
            cand --width 'Wrap text to this many columns (default: the terminal''s width)'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;watchlist'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'The series (needed when the corpus has several)'
            cand --since 'Only meetings on or after this date (YYYY-MM-DD)'
            cand --until 'Only meetings on or before this date (YYYY-MM-DD)'
            cand --format 'Output format'
            cand --width 'Wrap the strips to this many columns (default: the terminal''s width)'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;changes'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'The series (needed when the corpus has several)'
            cand --since 'Only meetings on or after this date (YYYY-MM-DD)'
            cand --until 'Only meetings on or before this date (YYYY-MM-DD)'
            cand --format 'Output format'
            cand --width 'Fit the table to this many columns (default: the terminal''s width)'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;report'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --theme 'Only this theme (repeatable; default: every theme of the series)'
            cand --format 'Output format (default: from the extension of -o, else md)'
            cand -o 'Write the report to FILE instead of standard output'
            cand --output 'Write the report to FILE instead of standard output'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;site'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand -o 'The folder to write the site into (new, empty, or a site written before)'
            cand --output 'The folder to write the site into (new, empty, or a site written before)'
            cand --series 'Only this series (repeatable; default: every series)'
            cand --title 'The site''s title (default: the corpus folder''s name)'
            cand --base-url 'Where the site will be published (https://…/): canonical links and a sitemap.xml'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;annotate'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --format 'Output format'
            cand --min-similarity 'Least word similarity (0 to 1) for a sentence to count as an edit of an earlier one'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --words 'Also date every word: the meeting that introduced it (WikiWho''s method), as age-coloured runs'
            cand --across 'Also look in the corpus''s other series: language that appeared there first is dated to that series'' meeting'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;grep'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'Only this series'
            cand --context 'Words of context either side'
            cand --format 'Output format'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;log'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand -n 'Show at most N commits'
            cand --max-count 'Show at most N commits'
            cand --format 'Output format'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;completions'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;man'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;watch'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand --series 'Series the new statements go to; created on first use'
            cand --every 'How often to ask: 100ms, 30s, 5m, 1h (at least 100ms)'
            cand --until 'Stop (exit 0) at TIME: HH:MM (the next such time, local), YYYY-MM-DD HH:MM (local), an RFC 3339 time, or a duration from now (2h)'
            cand --exec 'Run CMD with `sh -c` for each meeting imported, instead of printing its diff: the new id is $1 and $COMMUNIQUE_ID, the one to compare it with $COMMUNIQUE_PREVIOUS (empty for a series'' first meeting), the corpus $COMMUNIQUE_CORPUS; its failure is reported and watching goes on'
            cand --format 'Format of the diffs printed'
            cand --width 'Wrap diffs to this many columns (default: the terminal''s width)'
            cand --max-size 'Largest page to fetch, e.g. 200M or 1G (default: 64M)'
            cand --timeout 'Longest one request may take, in seconds (default: 30)'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --once 'Ask once, import what is new, and exit (a failure exits 1)'
            cand -v 'Also say what each poll found (not modified, unchanged)'
            cand --verbose 'Also say what each poll found (not modified, unchanged)'
            cand --raw 'Keep the text as split into paragraphs: a web page''s whole text, not only its statement (as `add --raw`)'
            cand --no-verify 'Do not run the repository''s pre-commit hook (as `git commit --no-verify`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;rm'= {
            cand -C 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --corpus 'Use the corpus in DIR instead of searching upward from the current folder'
            cand --color 'When to color the output'
            cand -m 'Commit message'
            cand --message 'Commit message'
            cand --no-pager 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
            cand -q 'Print nothing on stderr but errors'
            cand --quiet 'Print nothing on stderr but errors'
            cand --no-verify 'Do not run the repository''s pre-commit hook (as `git commit --no-verify`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'communique;help'= {
            cand init 'Create a corpus (and a git repository, unless DIR is already inside one)'
            cand add 'Import text, Markdown or HTML files as meetings, all in one commit'
            cand list 'List meetings in date order'
            cand show 'Show a meeting with numbered paragraphs'
            cand diff 'Compare two meetings (or two files): moved, split, merged and reworded paragraphs'
            cand blame 'Find where a phrase first appeared, and every meeting that has it'
            cand themes 'How the language on themes moves: a timeline across a series, or between two meetings'
            cand watchlist 'Watched phrases across a series: where each one entered and left'
            cand changes 'How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites'
            cand report 'A change report for a briefing: summary, by theme, new, edited and dropped language, full redline'
            cand site 'Write the corpus as a static website: every meeting, every change, every theme'
            cand annotate 'Date every sentence of a meeting to the meeting where it first appeared'
            cand grep 'Keyword in context across the corpus'
            cand log 'Show the corpus history, or one meeting''s'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Print a manual page (roff): communique(1), or a command''s, communique-diff(1)'
            cand watch 'Poll a web page and import each new statement it shows, printing its diff'
            cand rm 'Remove a meeting, in one commit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'communique;help;init'= {
        }
        &'communique;help;add'= {
        }
        &'communique;help;list'= {
        }
        &'communique;help;show'= {
        }
        &'communique;help;diff'= {
        }
        &'communique;help;blame'= {
        }
        &'communique;help;themes'= {
        }
        &'communique;help;watchlist'= {
        }
        &'communique;help;changes'= {
        }
        &'communique;help;report'= {
        }
        &'communique;help;site'= {
        }
        &'communique;help;annotate'= {
        }
        &'communique;help;grep'= {
        }
        &'communique;help;log'= {
        }
        &'communique;help;completions'= {
        }
        &'communique;help;man'= {
        }
        &'communique;help;watch'= {
        }
        &'communique;help;rm'= {
        }
        &'communique;help;help'= {
        }
    ]
    $completions[$command]
}
