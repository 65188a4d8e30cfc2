# Sourced by bin/test and bin/roistream (not a command): tells whether the Debian packages they
# need are there and installs missing ones.

# The packages of the fonts the synthetic scenes are drawn in (SceneGenerator: DejaVu Sans and
# other AWT fonts, found through fontconfig).
ROISTREAM_FONT_PACKAGES=(fonts-dejavu-core fontconfig)

# Whether fontconfig lists DejaVu Sans. The grep reads fc-list's whole output: `grep -q` may exit
# at the first match, and under `set -o pipefail` fc-list's SIGPIPE (141) would read as "missing".
roistream_has_fonts() {
  fc-list : family 2>/dev/null | grep -i 'DejaVu Sans' >/dev/null
}

# Installs the Debian packages "$@" with apt-get: as root, or through sudo when sudo needs no
# password; otherwise prints the command to run and returns 2.
roistream_apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "missing Debian packages: $* (run as root or: sudo apt-get install -y $*)" >&2
      return 2
    fi
  fi
  echo "installing $*${sudo[*]:+ (through sudo)}" >&2
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
