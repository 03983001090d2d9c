
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'communique' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'communique'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'communique' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a corpus (and a git repository, unless DIR is already inside one)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Import text, Markdown or HTML files as meetings, all in one commit')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List meetings in date order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a meeting with numbered paragraphs')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two meetings (or two files): moved, split, merged and reworded paragraphs')
            [CompletionResult]::new('blame', 'blame', [CompletionResultType]::ParameterValue, 'Find where a phrase first appeared, and every meeting that has it')
            [CompletionResult]::new('themes', 'themes', [CompletionResultType]::ParameterValue, 'How the language on themes moves: a timeline across a series, or between two meetings')
            [CompletionResult]::new('watchlist', 'watchlist', [CompletionResultType]::ParameterValue, 'Watched phrases across a series: where each one entered and left')
            [CompletionResult]::new('changes', 'changes', [CompletionResultType]::ParameterValue, 'How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'A change report for a briefing: summary, by theme, new, edited and dropped language, full redline')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Write the corpus as a static website: every meeting, every change, every theme')
            [CompletionResult]::new('annotate', 'annotate', [CompletionResultType]::ParameterValue, 'Date every sentence of a meeting to the meeting where it first appeared')
            [CompletionResult]::new('grep', 'grep', [CompletionResultType]::ParameterValue, 'Keyword in context across the corpus')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the corpus history, or one meeting''s')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (roff): communique(1), or a command''s, communique-diff(1)')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Poll a web page and import each new statement it shows, printing its diff')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a meeting, in one commit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'communique;init' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;add' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'Series to add to (default: the corpus''s only series); created on first use')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'Meeting date, YYYY-MM-DD (default: from the file name, else from the text)')
            [CompletionResult]::new('--place', '--place', [CompletionResultType]::ParameterName, 'Where the meeting took place')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Document title (default: a leading title line)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Where the text comes from (default: a leading URL line)')
            [CompletionResult]::new('--slug', '--slug', [CompletionResultType]::ParameterName, 'Id suffix after the date (default: from the place or the file name)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest file to read or page to fetch, e.g. 200M or 1G (default: 64M)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest a web address may take to fetch, in seconds (default: 30)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Commit message')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Commit message')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace existing meetings: records a correction')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Keep the text as split into paragraphs: no title, source, footer or re-join clean-up, and a web page''s whole text, not only its statement')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show what would be stored, and what a web page''s import leaves out and why; store nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be stored, and what a web page''s import leaves out and why; store nothing')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not run the repository''s pre-commit hook (as `git commit --no-verify`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;list' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'Only this series')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;show' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap text to this many columns (default: the terminal''s width)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;diff' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Show unchanged paragraphs in full within N paragraphs of a change')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap text to this many columns (default: the terminal''s width)')
            [CompletionResult]::new('--threshold', '--threshold', [CompletionResultType]::ParameterName, 'Least similarity (0 to 1) for two paragraphs to count as one reworded paragraph')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest file to read, e.g. 200M or 1G (default: 64M)')
            [CompletionResult]::new('--theme', '--theme', [CompletionResultType]::ParameterName, 'Only the paragraphs touching this theme, its terms highlighted (repeatable)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--stat', '--stat', [CompletionResultType]::ParameterName, 'Show counts per paragraph and kind instead of the redline')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show every unchanged paragraph in full')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit with 1 when the meetings differ, 0 when they do not')
            [CompletionResult]::new('--ignore-typography', '--ignore-typography', [CompletionResultType]::ParameterName, 'Show paragraphs that differ in typography only (hyphens, dashes, quotes, spaces) as unchanged, as `git diff -w` does whitespace')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Say, for each entry, why its paragraphs were paired or left alone: the rule, the weighted similarity, the rarest shared words, what each piece of a split or merge carries, the closest candidate of a paragraph left alone')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Import files without clean-up (as `add --raw`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;blame' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'Only this series')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only meetings on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only meetings on or before this date (YYYY-MM-DD)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--fuzzy', '--fuzzy', [CompletionResultType]::ParameterName, 'Also list near variants (one or two word edits away), the closest first')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;themes' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'The series of the timeline (needed when the corpus has several)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only meetings on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only meetings on or before this date (YYYY-MM-DD)')
            [CompletionResult]::new('--theme', '--theme', [CompletionResultType]::ParameterName, 'Only this theme (repeatable; default: every theme of the series)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap text to this many columns (default: the terminal''s width)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;watchlist' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'The series (needed when the corpus has several)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only meetings on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only meetings on or before this date (YYYY-MM-DD)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap the strips to this many columns (default: the terminal''s width)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;changes' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'The series (needed when the corpus has several)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only meetings on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only meetings on or before this date (YYYY-MM-DD)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit the table to this many columns (default: the terminal''s width)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;report' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--theme', '--theme', [CompletionResultType]::ParameterName, 'Only this theme (repeatable; default: every theme of the series)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (default: from the extension of -o, else md)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;site' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder to write the site into (new, empty, or a site written before)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The folder to write the site into (new, empty, or a site written before)')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'Only this series (repeatable; default: every series)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The site''s title (default: the corpus folder''s name)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Where the site will be published (https://…/): canonical links and a sitemap.xml')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;annotate' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--min-similarity', '--min-similarity', [CompletionResultType]::ParameterName, 'Least word similarity (0 to 1) for a sentence to count as an edit of an earlier one')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'Also date every word: the meeting that introduced it (WikiWho''s method), as age-coloured runs')
            [CompletionResult]::new('--across', '--across', [CompletionResultType]::ParameterName, 'Also look in the corpus''s other series: language that appeared there first is dated to that series'' meeting')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;grep' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'Only this series')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Words of context either side')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;log' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show at most N commits')
            [CompletionResult]::new('--max-count', '--max-count', [CompletionResultType]::ParameterName, 'Show at most N commits')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;man' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;watch' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('--series', '--series', [CompletionResultType]::ParameterName, 'Series the new statements go to; created on first use')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'How often to ask: 100ms, 30s, 5m, 1h (at least 100ms)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Stop (exit 0) at TIME: HH:MM (the next such time, local), YYYY-MM-DD HH:MM (local), an RFC 3339 time, or a duration from now (2h)')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c` for each meeting imported, instead of printing its diff: the new id is $1 and $COMMUNIQUE_ID, the one to compare it with $COMMUNIQUE_PREVIOUS (empty for a series'' first meeting), the corpus $COMMUNIQUE_CORPUS; its failure is reported and watching goes on')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format of the diffs printed')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Wrap diffs to this many columns (default: the terminal''s width)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest page to fetch, e.g. 200M or 1G (default: 64M)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest one request may take, in seconds (default: 30)')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Ask once, import what is new, and exit (a failure exits 1)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each poll found (not modified, unchanged)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each poll found (not modified, unchanged)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Keep the text as split into paragraphs: a web page''s whole text, not only its statement (as `add --raw`)')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not run the repository''s pre-commit hook (as `git commit --no-verify`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;rm' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--corpus', '--corpus', [CompletionResultType]::ParameterName, 'Use the corpus in DIR instead of searching upward from the current folder')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color the output')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Commit message')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Commit message')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Do not run the repository''s pre-commit hook (as `git commit --no-verify`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'communique;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a corpus (and a git repository, unless DIR is already inside one)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Import text, Markdown or HTML files as meetings, all in one commit')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List meetings in date order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a meeting with numbered paragraphs')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two meetings (or two files): moved, split, merged and reworded paragraphs')
            [CompletionResult]::new('blame', 'blame', [CompletionResultType]::ParameterValue, 'Find where a phrase first appeared, and every meeting that has it')
            [CompletionResult]::new('themes', 'themes', [CompletionResultType]::ParameterValue, 'How the language on themes moves: a timeline across a series, or between two meetings')
            [CompletionResult]::new('watchlist', 'watchlist', [CompletionResultType]::ParameterValue, 'Watched phrases across a series: where each one entered and left')
            [CompletionResult]::new('changes', 'changes', [CompletionResultType]::ParameterValue, 'How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'A change report for a briefing: summary, by theme, new, edited and dropped language, full redline')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Write the corpus as a static website: every meeting, every change, every theme')
            [CompletionResult]::new('annotate', 'annotate', [CompletionResultType]::ParameterValue, 'Date every sentence of a meeting to the meeting where it first appeared')
            [CompletionResult]::new('grep', 'grep', [CompletionResultType]::ParameterValue, 'Keyword in context across the corpus')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the corpus history, or one meeting''s')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page (roff): communique(1), or a command''s, communique-diff(1)')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Poll a web page and import each new statement it shows, printing its diff')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a meeting, in one commit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'communique;help;init' {
            break
        }
        'communique;help;add' {
            break
        }
        'communique;help;list' {
            break
        }
        'communique;help;show' {
            break
        }
        'communique;help;diff' {
            break
        }
        'communique;help;blame' {
            break
        }
        'communique;help;themes' {
            break
        }
        'communique;help;watchlist' {
            break
        }
        'communique;help;changes' {
            break
        }
        'communique;help;report' {
            break
        }
        'communique;help;site' {
            break
        }
        'communique;help;annotate' {
            break
        }
        'communique;help;grep' {
            break
        }
        'communique;help;log' {
            break
        }
        'communique;help;completions' {
            break
        }
        'communique;help;man' {
            break
        }
        'communique;help;watch' {
            break
        }
        'communique;help;rm' {
            break
        }
        'communique;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
