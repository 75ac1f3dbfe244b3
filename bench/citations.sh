#!/usr/bin/env bash
# What citations cost a build (issue 13): 1,000 citations against a 5,000-entry CSL-JSON bibliography,
# the same text built without a bibliography (citations printed as their keys), with it but
# suppress-bibliography (the cost of the citations), and with the bibliography set (its pages too).
# Prints median CPU times; the citations should add less than 0.3 s (docs/performance.md).
# Usage: bench/citations.sh [RUNS] [STYLE]   (default 5 runs, chicago-author-date; from any directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
style=${2:-chicago-author-date}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/citations.sh [RUNS] [STYLE]" >&2; exit 2; }
if [[ -n ${QUIRE_BIN:-} ]]; then
  PATH="$QUIRE_BIN:$PATH"
elif [[ -d $root/build/tools ]]; then
  PATH="$root/build/tools:$PATH"
fi
command -v quire >/dev/null || { echo "bench: 'quire' not found (build quire first: scripts/demo.sh)" >&2; exit 2; }

out=$root/bench/out/citations
mkdir -p "$out"
cd "$out"
python3 - "$style" <<'PY'
import json, random, sys
random.seed(13)
families = ["Smith", "Okafor", "Nguyen", "Haddad", "Ferreira", "Kim", "Müller", "Diallo", "Petrov", "Osei",
            "García", "Berg", "Rossi", "Sato", "Kowalski", "Mensah", "Dubois", "Novak", "Silva", "Khan"]
given = ["Ana", "Ben", "Chidi", "Dana", "Emil", "Fatima", "Gil", "Hana", "Ivan", "Jo", "Kwame", "Lena"]
types = ["article-journal", "book", "chapter", "report", "webpage", "article-newspaper"]
items = []
for i in range(5000):
    n = random.choice([1, 1, 2, 3, 5])
    item = {"id": "k%d" % i, "type": random.choice(types),
            "author": [{"family": random.choice(families), "given": random.choice(given)} for _ in range(n)],
            "title": "Study number %d of water, shelter and protection" % i,
            "container-title": "Journal %d" % (i % 40), "volume": str(i % 60), "page": "%d-%d" % (i % 300, i % 300 + 12),
            "publisher": "Press %d" % (i % 25), "issued": {"date-parts": [[1990 + i % 35, 1 + i % 12]]}}
    items.append(item)
json.dump(items, open("refs.json", "w"))
words = "The camps lacked water and the reports say so in many ways over many years".split()
paras = []
for p in range(200):
    text = []
    for c in range(5):
        text.append(" ".join(random.choice(words) for _ in range(12)))
        k = random.randrange(5000)
        text.append("[see @k%d, p. %d; @k%d]." % (k, c + 1, random.randrange(5000)) if c % 2 else "[@k%d]." % k)
    paras.append(" ".join(text))
body = "\n\n".join(paras) + "\n"
open("with.md", "w").write("---\ntitle: Citations\nbibliography: refs.json\ncsl: %s\n---\n%s" % (sys.argv[1], body))
open("without.md", "w").write("---\ntitle: Citations\n---\n" + body)
PY

sed 's/^csl: .*/&\nsuppress-bibliography: true/' with.md >nobib.md

# median_ms FILE: the median CPU time (user + system, ms) of RUNS builds of FILE. CPU time, not wall
# time: on a shared machine the wall clock measures the neighbours.
median_ms() {
  local times=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%U %S' -o "${1%.md}.time" quire build "$1" -o "${1%.md}.pdf" 2>/dev/null ||
      { echo "bench: quire build $1 failed" >&2; exit 1; }
    times+=($(awk '{ printf "%d", ($1 + $2) * 1000 }' "${1%.md}.time"))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time not found (scripts/bootstrap.sh installs it)" >&2; exit 2; }
export SOURCE_DATE_EPOCH=1780358400
without=$(median_ms without.md)
nobib=$(median_ms nobib.md)
with=$(median_ms with.md)
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
echo "| build ($runs runs, median CPU time) | ms | pages |"
echo "|---|---:|---:|"
echo "| 1,000 citations printed as keys | $without | $(pages without.pdf) |"
echo "| rendered by $style, suppress-bibliography | $nobib | $(pages nobib.pdf) |"
echo "| rendered by $style, with the bibliography | $with | $(pages with.pdf) |"
echo
echo "citations add $((nobib - without)) ms; citations and the bibliography's pages $((with - without)) ms"
