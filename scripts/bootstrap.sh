#!/usr/bin/env bash
# Installs the Debian 12 packages quire needs to build, test and render its examples.
# Idempotent: packages already installed are skipped, and apt is not touched at all when none is missing.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libcli11-dev libfmt-dev libyaml-cpp-dev doctest-dev
  libhpdf-dev libpng-dev libqpdf-dev libdeflate-dev librsvg2-dev libcairo2-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libharfbuzz-dev libfreetype-dev libfontconfig-dev
  libhyphen-dev hyphen-en-us libicu-dev unicode-data
  fonts-dejavu-core fonts-dejavu-extra fonts-nanum fonts-liberation2
  fonts-noto-core fonts-ipafont-gothic fonts-ipafont-mincho fonts-arphic-uming fonts-symbola
  poppler-utils qpdf groff man-db zsh time python3 fontconfig libharfbuzz-bin ninja-build gnuplot-nox
  libvalijson-dev json-schema-test-suite rapidjson-dev
  libpugixml-dev citation-style-language-styles citation-style-language-locales
  icc-profiles-free
  pandoc
  parallel  # GNU parallel: docs/scale-out.md and tests/cli/scale_out_test.sh
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done

# Node.js and npm run citeproc-js, the reference CSL processor that tests/csl compares quire's with
# (test-only). A node that is already there (from Debian or elsewhere) is used as it is.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)

# citeproc-js itself, from the npm registry, into a prefix of its own (tests/csl/compare.sh looks there).
install_citeproc() {
  local prefix=${QUIRE_NODE_PREFIX:-/usr/local/lib/quire-test-node}
  [[ -f $prefix/node_modules/citeproc/package.json ]] && return 0
  command -v npm >/dev/null || return 0
  mkdir -p "$prefix" && npm install --silent --no-audit --no-fund --prefix "$prefix" citeproc@2.4.63 >&2 ||
    echo "bootstrap: could not install citeproc-js (the CSL comparison test will skip)" >&2
}

if ((${#missing[@]} == 0)); then
  install_citeproc
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo=sudo
fi
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
install_citeproc
