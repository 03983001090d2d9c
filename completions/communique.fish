# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_communique_global_optspecs
    string join \n C/corpus= color= no-pager q/quiet h/help V/version
end

function __fish_communique_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_communique_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_communique_using_subcommand
    set -l cmd (__fish_communique_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c communique -n "__fish_communique_needs_command" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_needs_command" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_needs_command" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_needs_command" -s V -l version -d 'Print version'
complete -c communique -n "__fish_communique_needs_command" -f -a "init" -d 'Create a corpus (and a git repository, unless DIR is already inside one)'
complete -c communique -n "__fish_communique_needs_command" -f -a "add" -d 'Import text, Markdown or HTML files as meetings, all in one commit'
complete -c communique -n "__fish_communique_needs_command" -f -a "list" -d 'List meetings in date order'
complete -c communique -n "__fish_communique_needs_command" -f -a "show" -d 'Show a meeting with numbered paragraphs'
complete -c communique -n "__fish_communique_needs_command" -f -a "diff" -d 'Compare two meetings (or two files): moved, split, merged and reworded paragraphs'
complete -c communique -n "__fish_communique_needs_command" -f -a "blame" -d 'Find where a phrase first appeared, and every meeting that has it'
complete -c communique -n "__fish_communique_needs_command" -f -a "themes" -d 'How the language on themes moves: a timeline across a series, or between two meetings'
complete -c communique -n "__fish_communique_needs_command" -f -a "watchlist" -d 'Watched phrases across a series: where each one entered and left'
complete -c communique -n "__fish_communique_needs_command" -f -a "changes" -d 'How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites'
complete -c communique -n "__fish_communique_needs_command" -f -a "report" -d 'A change report for a briefing: summary, by theme, new, edited and dropped language, full redline'
complete -c communique -n "__fish_communique_needs_command" -f -a "site" -d 'Write the corpus as a static website: every meeting, every change, every theme'
complete -c communique -n "__fish_communique_needs_command" -f -a "annotate" -d 'Date every sentence of a meeting to the meeting where it first appeared'
complete -c communique -n "__fish_communique_needs_command" -f -a "grep" -d 'Keyword in context across the corpus'
complete -c communique -n "__fish_communique_needs_command" -f -a "log" -d 'Show the corpus history, or one meeting\'s'
complete -c communique -n "__fish_communique_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c communique -n "__fish_communique_needs_command" -f -a "man" -d 'Print a manual page (roff): communique(1), or a command\'s, communique-diff(1)'
complete -c communique -n "__fish_communique_needs_command" -f -a "watch" -d 'Poll a web page and import each new statement it shows, printing its diff'
complete -c communique -n "__fish_communique_needs_command" -f -a "rm" -d 'Remove a meeting, in one commit'
complete -c communique -n "__fish_communique_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c communique -n "__fish_communique_using_subcommand init" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand init" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand init" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand init" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand add" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand add" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand add" -l series -d 'Series to add to (default: the corpus\'s only series); created on first use' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l date -d 'Meeting date, YYYY-MM-DD (default: from the file name, else from the text)' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l place -d 'Where the meeting took place' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l title -d 'Document title (default: a leading title line)' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l source -d 'Where the text comes from (default: a leading URL line)' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l slug -d 'Id suffix after the date (default: from the place or the file name)' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l max-size -d 'Largest file to read or page to fetch, e.g. 200M or 1G (default: 64M)' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l timeout -d 'Longest a web address may take to fetch, in seconds (default: 30)' -r
complete -c communique -n "__fish_communique_using_subcommand add" -s m -l message -d 'Commit message' -r
complete -c communique -n "__fish_communique_using_subcommand add" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand add" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand add" -l replace -d 'Replace existing meetings: records a correction'
complete -c communique -n "__fish_communique_using_subcommand add" -l raw -d 'Keep the text as split into paragraphs: no title, source, footer or re-join clean-up, and a web page\'s whole text, not only its statement'
complete -c communique -n "__fish_communique_using_subcommand add" -s n -l dry-run -d 'Show what would be stored, and what a web page\'s import leaves out and why; store nothing'
complete -c communique -n "__fish_communique_using_subcommand add" -l no-verify -d 'Do not run the repository\'s pre-commit hook (as `git commit --no-verify`)'
complete -c communique -n "__fish_communique_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand list" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand list" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand list" -l series -d 'Only this series' -r
complete -c communique -n "__fish_communique_using_subcommand list" -l format -d 'Output format' -r -f -a "text\t'Aligned text'
json\t'JSON'"
complete -c communique -n "__fish_communique_using_subcommand list" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand list" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand show" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand show" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand show" -l format -d 'Output format' -r -f -a "text\t'Text with numbered paragraphs'
json\t'JSON with sentences'
md\t'Markdown'"
complete -c communique -n "__fish_communique_using_subcommand show" -l width -d 'Wrap text to this many columns (default: the terminal\'s width)' -r
complete -c communique -n "__fish_communique_using_subcommand show" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand show" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand diff" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand diff" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand diff" -l format -d 'Output format' -r -f -a "text\t'Terminal redline'
json\t'JSON (communique.diff/1)'
md\t'Markdown with <del> and <ins>'"
complete -c communique -n "__fish_communique_using_subcommand diff" -l context -d 'Show unchanged paragraphs in full within N paragraphs of a change' -r
complete -c communique -n "__fish_communique_using_subcommand diff" -l width -d 'Wrap text to this many columns (default: the terminal\'s width)' -r
complete -c communique -n "__fish_communique_using_subcommand diff" -l threshold -d 'Least similarity (0 to 1) for two paragraphs to count as one reworded paragraph' -r
complete -c communique -n "__fish_communique_using_subcommand diff" -l max-size -d 'Largest file to read, e.g. 200M or 1G (default: 64M)' -r
complete -c communique -n "__fish_communique_using_subcommand diff" -l theme -d 'Only the paragraphs touching this theme, its terms highlighted (repeatable)' -r
complete -c communique -n "__fish_communique_using_subcommand diff" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand diff" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand diff" -l stat -d 'Show counts per paragraph and kind instead of the redline'
complete -c communique -n "__fish_communique_using_subcommand diff" -l full -d 'Show every unchanged paragraph in full'
complete -c communique -n "__fish_communique_using_subcommand diff" -l exit-code -d 'Exit with 1 when the meetings differ, 0 when they do not'
complete -c communique -n "__fish_communique_using_subcommand diff" -l ignore-typography -d 'Show paragraphs that differ in typography only (hyphens, dashes, quotes, spaces) as unchanged, as `git diff -w` does whitespace'
complete -c communique -n "__fish_communique_using_subcommand diff" -l explain -d 'Say, for each entry, why its paragraphs were paired or left alone: the rule, the weighted similarity, the rarest shared words, what each piece of a split or merge carries, the closest candidate of a paragraph left alone'
complete -c communique -n "__fish_communique_using_subcommand diff" -l raw -d 'Import files without clean-up (as `add --raw`)'
complete -c communique -n "__fish_communique_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand blame" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand blame" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand blame" -l series -d 'Only this series' -r
complete -c communique -n "__fish_communique_using_subcommand blame" -l since -d 'Only meetings on or after this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand blame" -l until -d 'Only meetings on or before this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand blame" -l format -d 'Output format' -r -f -a "text\t'Aligned text'
json\t'JSON'"
complete -c communique -n "__fish_communique_using_subcommand blame" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand blame" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand blame" -l fuzzy -d 'Also list near variants (one or two word edits away), the closest first'
complete -c communique -n "__fish_communique_using_subcommand blame" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand themes" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand themes" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand themes" -l series -d 'The series of the timeline (needed when the corpus has several)' -r
complete -c communique -n "__fish_communique_using_subcommand themes" -l since -d 'Only meetings on or after this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand themes" -l until -d 'Only meetings on or before this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand themes" -l theme -d 'Only this theme (repeatable; default: every theme of the series)' -r
complete -c communique -n "__fish_communique_using_subcommand themes" -l format -d 'Output format' -r -f -a "text\t'A table for the terminal'
json\t'JSON (communique.themes/1, communique.themes.compare/2 for two meetings; communique.changes/1)'
md\t'A Markdown table'"
complete -c communique -n "__fish_communique_using_subcommand themes" -l width -d 'Wrap text to this many columns (default: the terminal\'s width)' -r
complete -c communique -n "__fish_communique_using_subcommand themes" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand themes" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand themes" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand watchlist" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l series -d 'The series (needed when the corpus has several)' -r
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l since -d 'Only meetings on or after this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l until -d 'Only meetings on or before this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l format -d 'Output format' -r -f -a "text\t'Aligned text'
json\t'JSON'"
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l width -d 'Wrap the strips to this many columns (default: the terminal\'s width)' -r
complete -c communique -n "__fish_communique_using_subcommand watchlist" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand watchlist" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand watchlist" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand changes" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand changes" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand changes" -l series -d 'The series (needed when the corpus has several)' -r
complete -c communique -n "__fish_communique_using_subcommand changes" -l since -d 'Only meetings on or after this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand changes" -l until -d 'Only meetings on or before this date (YYYY-MM-DD)' -r
complete -c communique -n "__fish_communique_using_subcommand changes" -l format -d 'Output format' -r -f -a "text\t'A table for the terminal'
json\t'JSON (communique.themes/1, communique.themes.compare/2 for two meetings; communique.changes/1)'
md\t'A Markdown table'"
complete -c communique -n "__fish_communique_using_subcommand changes" -l width -d 'Fit the table to this many columns (default: the terminal\'s width)' -r
complete -c communique -n "__fish_communique_using_subcommand changes" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand changes" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand changes" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand report" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand report" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand report" -l theme -d 'Only this theme (repeatable; default: every theme of the series)' -r
complete -c communique -n "__fish_communique_using_subcommand report" -l format -d 'Output format (default: from the extension of -o, else md)' -r -f -a "md\t'GitHub-flavoured Markdown, <del> and <ins> for the redlines'
html\t'One self-contained HTML file (inline CSS and SVG, no script, no requests)'
docx\t'A Word document with tracked changes'
json\t'JSON (communique.report/2)'"
complete -c communique -n "__fish_communique_using_subcommand report" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c communique -n "__fish_communique_using_subcommand report" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand report" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand site" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand site" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand site" -s o -l output -d 'The folder to write the site into (new, empty, or a site written before)' -r -F
complete -c communique -n "__fish_communique_using_subcommand site" -l series -d 'Only this series (repeatable; default: every series)' -r
complete -c communique -n "__fish_communique_using_subcommand site" -l title -d 'The site\'s title (default: the corpus folder\'s name)' -r
complete -c communique -n "__fish_communique_using_subcommand site" -l base-url -d 'Where the site will be published (https://…/): canonical links and a sitemap.xml' -r
complete -c communique -n "__fish_communique_using_subcommand site" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand site" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand site" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand annotate" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand annotate" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand annotate" -l format -d 'Output format' -r -f -a "text\t'Aligned text'
json\t'JSON'"
complete -c communique -n "__fish_communique_using_subcommand annotate" -l min-similarity -d 'Least word similarity (0 to 1) for a sentence to count as an edit of an earlier one' -r
complete -c communique -n "__fish_communique_using_subcommand annotate" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand annotate" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand annotate" -l words -d 'Also date every word: the meeting that introduced it (WikiWho\'s method), as age-coloured runs'
complete -c communique -n "__fish_communique_using_subcommand annotate" -l across -d 'Also look in the corpus\'s other series: language that appeared there first is dated to that series\' meeting'
complete -c communique -n "__fish_communique_using_subcommand annotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand grep" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand grep" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand grep" -l series -d 'Only this series' -r
complete -c communique -n "__fish_communique_using_subcommand grep" -l context -d 'Words of context either side' -r
complete -c communique -n "__fish_communique_using_subcommand grep" -l format -d 'Output format' -r -f -a "text\t'Aligned text'
json\t'JSON'"
complete -c communique -n "__fish_communique_using_subcommand grep" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand grep" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand grep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand log" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand log" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand log" -s n -l max-count -d 'Show at most N commits' -r
complete -c communique -n "__fish_communique_using_subcommand log" -l format -d 'Output format' -r -f -a "text\t'Aligned text'
json\t'JSON'"
complete -c communique -n "__fish_communique_using_subcommand log" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand log" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand completions" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand completions" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand completions" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand man" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand man" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand man" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand man" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand watch" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand watch" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand watch" -l series -d 'Series the new statements go to; created on first use' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l every -d 'How often to ask: 100ms, 30s, 5m, 1h (at least 100ms)' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l until -d 'Stop (exit 0) at TIME: HH:MM (the next such time, local), YYYY-MM-DD HH:MM (local), an RFC 3339 time, or a duration from now (2h)' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l exec -d 'Run CMD with `sh -c` for each meeting imported, instead of printing its diff: the new id is $1 and $COMMUNIQUE_ID, the one to compare it with $COMMUNIQUE_PREVIOUS (empty for a series\' first meeting), the corpus $COMMUNIQUE_CORPUS; its failure is reported and watching goes on' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l format -d 'Format of the diffs printed' -r -f -a "text\t'Terminal redline'
json\t'JSON (communique.diff/1)'
md\t'Markdown with <del> and <ins>'"
complete -c communique -n "__fish_communique_using_subcommand watch" -l width -d 'Wrap diffs to this many columns (default: the terminal\'s width)' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l max-size -d 'Largest page to fetch, e.g. 200M or 1G (default: 64M)' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l timeout -d 'Longest one request may take, in seconds (default: 30)' -r
complete -c communique -n "__fish_communique_using_subcommand watch" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand watch" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand watch" -l once -d 'Ask once, import what is new, and exit (a failure exits 1)'
complete -c communique -n "__fish_communique_using_subcommand watch" -s v -l verbose -d 'Also say what each poll found (not modified, unchanged)'
complete -c communique -n "__fish_communique_using_subcommand watch" -l raw -d 'Keep the text as split into paragraphs: a web page\'s whole text, not only its statement (as `add --raw`)'
complete -c communique -n "__fish_communique_using_subcommand watch" -l no-verify -d 'Do not run the repository\'s pre-commit hook (as `git commit --no-verify`)'
complete -c communique -n "__fish_communique_using_subcommand watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand rm" -s C -l corpus -d 'Use the corpus in DIR instead of searching upward from the current folder' -r -F
complete -c communique -n "__fish_communique_using_subcommand rm" -l color -d 'When to color the output' -r -f -a "auto\t'When stdout is a terminal and neither NO_COLOR nor CLICOLOR_FORCE says otherwise'
always\t'Always'
never\t'Never'
debug\t'Labels instead of colors, `<<diff.delete::text>>` (for tests and bug reports)'"
complete -c communique -n "__fish_communique_using_subcommand rm" -s m -l message -d 'Commit message' -r
complete -c communique -n "__fish_communique_using_subcommand rm" -l no-pager -d 'Never page long output (by default it goes through $COMMUNIQUE_PAGER, $PAGER or `less -FRX` when stdout is a terminal)'
complete -c communique -n "__fish_communique_using_subcommand rm" -s q -l quiet -d 'Print nothing on stderr but errors'
complete -c communique -n "__fish_communique_using_subcommand rm" -l no-verify -d 'Do not run the repository\'s pre-commit hook (as `git commit --no-verify`)'
complete -c communique -n "__fish_communique_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "init" -d 'Create a corpus (and a git repository, unless DIR is already inside one)'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "add" -d 'Import text, Markdown or HTML files as meetings, all in one commit'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "list" -d 'List meetings in date order'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "show" -d 'Show a meeting with numbered paragraphs'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "diff" -d 'Compare two meetings (or two files): moved, split, merged and reworded paragraphs'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "blame" -d 'Find where a phrase first appeared, and every meeting that has it'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "themes" -d 'How the language on themes moves: a timeline across a series, or between two meetings'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "watchlist" -d 'Watched phrases across a series: where each one entered and left'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "changes" -d 'How much each meeting changed from the one before: words in and out, similarity, paragraphs, the largest rewrites'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "report" -d 'A change report for a briefing: summary, by theme, new, edited and dropped language, full redline'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "site" -d 'Write the corpus as a static website: every meeting, every change, every theme'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "annotate" -d 'Date every sentence of a meeting to the meeting where it first appeared'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "grep" -d 'Keyword in context across the corpus'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "log" -d 'Show the corpus history, or one meeting\'s'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "man" -d 'Print a manual page (roff): communique(1), or a command\'s, communique-diff(1)'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "watch" -d 'Poll a web page and import each new statement it shows, printing its diff'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "rm" -d 'Remove a meeting, in one commit'
complete -c communique -n "__fish_communique_using_subcommand help; and not __fish_seen_subcommand_from init add list show diff blame themes watchlist changes report site annotate grep log completions man watch rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
