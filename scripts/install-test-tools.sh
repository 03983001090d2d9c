#!/usr/bin/env bash
# Installs what the optional integration tests need beyond Rust and git, on Debian (or Ubuntu):
#
# - Chromium, to render the HTML report as a reader sees it (`report::the_html_report_…`) and
#   to print shipped texts to PDF (`import_pdf::…`);
# - python-docx, to make Word files of shipped texts (`import_docx::…`);
# - zsh and fish, to complete command lines in each shell (`completion::…`; bash is there);
# - unprivileged user namespaces, for the full-disk test (`integrity::a_full_disk_…`), which
#   mounts a small tmpfs in a private mount namespace with `unshare -rm` (util-linux). Where the
#   kernel restricts them by a sysctl (Ubuntu 24.04's AppArmor, Debian's older kernels), this
#   lifts the restriction; in most containers they stay unavailable.
#
# Without them `cargo test` still passes: those tests print a `SKIPPED:` line on stderr
# (`cargo test 2>&1 | grep SKIPPED:` lists them). `.ci/run` runs this script and then makes
# the browser and Word tests fail instead of skipping (COMMUNIQUE_REQUIRE_BROWSER=1,
# COMMUNIQUE_REQUIRE_DOCX=1, COMMUNIQUE_REQUIRE_SHELLS=1); set
# COMMUNIQUE_REQUIRE_USERNS=1 (or _MKNOD=1) to require the others.
set -euo pipefail

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version 2>/dev/null || chromium-browser --version

# python-docx, to make Word files with an independent tool (`import_docx::…`), for Debian's
# own Python.
if ! /usr/bin/python3 -c "import docx" 2>/dev/null; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-docx >/dev/null
fi
/usr/bin/python3 -c "import docx; print('python-docx', docx.__version__)"

# zsh and fish, to complete command lines as their users do (`completion::…`).
if ! command -v zsh >/dev/null || ! command -v fish >/dev/null; then
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zsh fish >/dev/null
fi
zsh --version
fish --version

if ! unshare -rm true 2>/dev/null; then
  for setting in kernel.apparmor_restrict_unprivileged_userns=0 kernel.unprivileged_userns_clone=1; do
    if [ -e "/proc/sys/$(echo "${setting%=*}" | tr . /)" ]; then
      $sudo sysctl -qw "$setting" || echo "could not set $setting" >&2
    fi
  done
fi
if unshare -rm true; then
  echo "user namespaces: available (unshare -rm)"
else
  echo "user namespaces: not available on this machine; the full-disk test will skip" >&2
fi
