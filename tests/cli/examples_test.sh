#!/usr/bin/env bash
# The examples render as their run.sh promises: valid PDFs with every font embedded, the text in reading
# order (letter parts, Korean, chapter headings, table figures, footnotes), sensible page counts and the
# front matter in the PDF's Info dictionary. `quire build` gives the same text as the pipe.
source "$(dirname "$0")/lib.sh"

# Folds line-end hyphenation ("sup- porters") back into words, so phrases survive the line breaker.
plain() { pdf_text "$1" | sed -E 's/([[:lower:]])- ([[:lower:]])/\1\2/g'; }

# in_order FILE PHRASE…: every phrase occurs in FILE's text, each after the one before it.
in_order() {
  local file=$1; shift
  local rest
  rest=$(plain "$file")
  for phrase in "$@"; do
    [[ $rest == *"$phrase"* ]] || fail "$file: '$phrase' missing or out of order; text: $(head -c 400 <<<"$rest")"
    rest=${rest#*"$phrase"}
  done
}

# has_hangul FILE PHRASE: the Korean phrase is in the text, ignoring where lines were broken.
has_hangul() {
  local text
  text=$(pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\f')
  [[ $text == *"${2// /}"* ]] || fail "$1: Korean text '$2' missing"
}

# info FILE KEY: a field of pdfinfo's output, e.g. Title.
info() { pdfinfo "$1" 2>/dev/null | sed -n "s/^$2: *//p"; }

pages_between() {
  local n
  n=$(pdf_pages "$1")
  [[ -n $n ]] && ((n >= $2 && n <= $3)) || fail "$1 has ${n:-no} pages, expected $2 to $3"
}

# ---- The donor letter ------------------------------------------------------------------------
letter=$TMP/letter.pdf
bash "$EXAMPLES/donor-letter/run.sh" "$letter" >"$TMP/run.log" 2>&1 || fail "donor-letter/run.sh: $(tail -5 "$TMP/run.log")"
[[ -s $letter ]] || fail "donor-letter/run.sh wrote no $letter"
check_pdf "$letter"
pages_between "$letter" 1 2
# The letterhead and the address field (layout draws them), then the text as the letter template flows it.
in_order "$letter" "Lantern Rights Initiative" "Friends of the Lantern, Busan Chapter" \
  "Publication of ‘Counting the Missing’" "Dear friends and supporters of the Lantern Rights Initiative," \
  "Counting the Missing: Twelve Years of Petitions" "—" "With gratitude," "Ji-won Han" \
  "Executive Director, Lantern Rights Initiative"
[[ $(plain "$letter") == *"2 June 2026"* ]] || fail "$letter: no date"
[[ $(pdfimages -list "$letter" | awk '$3 == "image"' | wc -l) == 2 ]] || fail "$letter: expected a logo and a signature image"
has_hangul "$letter" "등불인권센터"
has_hangul "$letter" "함께해 주셔서 진심으로 감사드립니다."
has_hangul "$letter" "한지원"
[[ $(plain "$letter") != *"{{"* ]] || fail "$letter: a {{field}} was left unfilled"
[[ $(info "$letter" Title) == "Our new report on enforced disappearance" ]] || fail "letter Title: '$(info "$letter" Title)'"
[[ $(info "$letter" Author) == "Ji-won Han" ]] || fail "letter Author: '$(info "$letter" Author)'"
[[ $(info "$letter" "Page size") == 595.27* ]] || fail "letter is not A4: $(info "$letter" "Page size")"

# --set overrides the front matter's date, which the letter prints in the info block.
(cd "$EXAMPLES/donor-letter" && quire-parse letter.md | quire-validate | quire-compose --set date=2026-07-01 |
  quire-render-pdf -o "$TMP/letter-set.pdf") 2>"$TMP/set.log" || fail "letter with --set: $(tail -3 "$TMP/set.log")"
[[ $(plain "$TMP/letter-set.pdf") == *"1 July 2026"* && $(plain "$TMP/letter-set.pdf") != *"2 June 2026"* ]] ||
  fail "--set date=2026-07-01 not printed: $(plain "$TMP/letter-set.pdf" | head -c 300)"

# The driver runs the same pipeline in one process.
(cd "$EXAMPLES/donor-letter" && quire build letter.md -o "$TMP/letter-build.pdf") 2>"$TMP/build.log" ||
  fail "quire build letter.md: $(tail -3 "$TMP/build.log")"
[[ $(pdf_text "$TMP/letter-build.pdf") == "$(pdf_text "$letter")" ]] || fail "quire build and the pipe differ for the letter"

# ---- The report ------------------------------------------------------------------------------
report=$TMP/report.pdf
bash "$EXAMPLES/report/run.sh" "$report" >"$TMP/run.log" 2>&1 || fail "report/run.sh: $(tail -5 "$TMP/run.log")"
[[ -s $report ]] || fail "report/run.sh wrote no $report"
check_pdf "$report"
pages_between "$report" 4 40
in_order "$report" "Introduction" "Why petitions matter" "Scope of this report" \
  "Methods" "Cleaning and coding" "def case_key" "Consent form read aloud" \
  "Findings" "Petitions by year and region" "Regional differences" \
  "Recommendations" "For the United Nations mechanisms" "Closing remarks"
# The table row by row (pdftotext -layout keeps rows on one line), with its totals.
rows=$(pdftotext -layout -enc UTF-8 "$report" - 2>/dev/null | tr -s ' ')
for row in "Year North Central Coastal Islands Total Answered" "2019 41 88 23 9 161 17%" "2022 61 149 40 15 265 22%" \
  "Total 353 850 276 85 1,564 19%"; do
  grep -qF -- "$row" <<<"$rows" || fail "$report: table row '$row' missing"
done
# Numbers are right-aligned: "41" (2019) and "353" (Total) end where the North column ends.
pdftotext -bbox "$report" "$TMP/bbox.html" 2>/dev/null || fail "pdftotext -bbox $report"
awk -F'"' '
  /<page / { page++ }
  /<word / { w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w); n++; P[n] = page; X0[n] = $2; Y0[n] = $4; X1[n] = $6; W[n] = w }
  # The word `word` on the same line as `other` (a word that occurs only in the table).
  function cell(word, other,   i, j) {
    for (j = 1; j <= n; j++) if (W[j] == other)
      for (i = 1; i <= n; i++) if (W[i] == word && P[i] == P[j] && (Y0[i] - Y0[j])^2 < 4) return i
    return 0
  }
  END {
    a = cell("41", "161"); b = cell("353", "850")
    if (!a || !b) { print "table cells not found"; exit 1 }
    if ((X1[a] - X1[b])^2 > 1 || (X0[a] - X0[b])^2 < 1) { printf "North column not right-aligned: 41 %s–%s, 353 %s–%s\n", X0[a], X1[a], X0[b], X1[b]; exit 1 }
  }' "$TMP/bbox.html" >"$TMP/align.log" || fail "$report: $(cat "$TMP/align.log")"
# The block quote, and the footnotes of every chapter in order.
in_order "$report" "I wrote the same letter four times" "a petitioner from Puerto Salina"
in_order "$report" "Working Group on Arbitrary Detention was established in 1991" \
  "338 were duplicates" "matched comparison" "annual reports"
has_hangul "$report" "우리는 아직 기다리고 있습니다"
[[ $(info "$report" Title) == "Paper Trails"* ]] || fail "report Title: '$(info "$report" Title)'"
[[ $(info "$report" Author) == *"Amara Okafor"* ]] || fail "report Author: '$(info "$report" Author)'"
# The chart is embedded as an image of its own size.
pdfimages -list "$report" 2>/dev/null | awk 'NR > 2 && $4 == 600 && $5 == 300 { found = 1 } END { exit !found }' ||
  fail "the 600×300 chart is not in $report: $(pdfimages -list "$report" 2>&1 | head -5)"
# The external links survive as link annotations.
urls=$(pdfinfo -url "$report" 2>/dev/null)
grep -qF 'https://www.ohchr.org/en/special-procedures-human-rights-council' <<<"$urls" ||
  fail "$report has no link to the OHCHR special procedures page: $(head -3 <<<"$urls")"

(cd "$EXAMPLES/report" && quire build 01-introduction.md 02-methods.md 03-findings.md 04-recommendations.md 05-annex.md --join \
  -o "$TMP/report-build.pdf") 2>"$TMP/build.log" || fail "quire build --join: $(tail -3 "$TMP/build.log")"
[[ $(pdf_text "$TMP/report-build.pdf") == "$(pdf_text "$report")" ]] || fail "quire build and the pipe differ for the report"

pass
