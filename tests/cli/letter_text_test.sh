#!/usr/bin/env bash
# Letters as people write them (docs/templates.md, "The letter's own text"): the salutation, the closing
# and the signer's lines written in the text are printed once, where the letter frame puts them, through
# the real pipeline; the frame invents none of its own.
source "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "no $TMP"

# count WORD TEXT: how often WORD occurs in TEXT.
count() { grep -o -- "$1" <<<"$2" | wc -l; }

# page_of PDF WORD: the first page whose text holds WORD.
page_of() {
  local n
  for ((n = 1; n <= $(pdf_pages "$1"); n++)); do
    pdftotext -enc UTF-8 -f "$n" -l "$n" "$1" - | tr -s ' \n\f' '  ' | grep -qF -- "$2" && { echo "$n"; return; }
  done
}

# ---- An existing letter, as it was written: a heading, the salutation, the text, the closing and the
# signer's name, title and date. No front matter at all.
cat >archive.md <<'MD'
# Annual Report on Community Archives (2025.11.14)

Dear members of the Riverside Archive Circle and friends of local history across the whole valley,

In the middle of November 2025, the Riverside Archive Circle published its yearly report. For eleven years
we have gathered letters, photographs and parish ledgers from attics and cellars, catalogued them by hand,
and lent them to schools. This is the first year we have tried to measure what the lending achieved.

The report, which we called ‘Paper That Travels’, follows forty boxes of documents through the schools,
libraries and care homes that borrowed them. It asks whether the boxes changed what people knew about the
valley, and whether the people who saw them came back to us with stories of their own.

Many of us were unsure the effort was worth it. Cataloguing is slow, the boxes are heavy, and a volunteer
can spend a whole winter on a single collection. We wanted to know whether to carry on in the same way or
to put our few hours somewhere else.

Every volunteer group has to remember why it began. We began because old papers were being thrown away
when houses were cleared, and because nobody else was keeping them. The report reminded us of that, and it
also showed us where we have grown careless with our own records.

After the report, we will hold an open evening in the reading room to talk about the findings and about
the next ten years. Notes from the evening will be posted on our website and pinned to the library board.

Thank you,

Mira Okonkwo-Lindahl,

Chair of the Riverside Archive Circle

Nov. 14. 2025
MD
quire-parse archive.md | quire-validate | quire-compose --template letter | quire-render-pdf -o archive.pdf 2>pipe.err ||
  fail "the pipeline failed: $(cat pipe.err)"
check_pdf archive.pdf
text=$(pdf_text archive.pdf)
[[ $(count Dear "$text") == 1 ]] || fail "archive letter: $(count Dear "$text") salutations: $text"
[[ $(count 'Thank you,' "$text") == 1 ]] || fail "archive letter: $(count 'Thank you,' "$text") closings"
[[ $text != *"Sir or Madam"* && $text != *"Yours sincerely"* ]] || fail "the frame invented text: $text"
order="Annual Report on Community Archives (2025.11.14) Dear members of the Riverside Archive Circle and friends of local history across the whole valley, In the middle"
[[ $text == *"$order"* ]] || fail "subject and salutation out of place: $text"
order="pinned to the library board. Thank you, Mira Okonkwo-Lindahl Chair of the Riverside Archive Circle Nov. 14. 2025"
[[ $text == *"$order"* ]] || fail "closing and signature out of place: $text"
# One page: no address field stands empty, and the subject is the letter's, not a chapter title.
[[ $(pdf_pages archive.pdf) == 1 ]] || fail "archive letter has $(pdf_pages archive.pdf) pages"
[[ ! -s pipe.err ]] || fail "warnings for a letter with nothing repeated: $(cat pipe.err)"
quire-parse archive.md | quire-compose --template letter >archive.yaml || fail "compose"
grep -q '^  subject: Annual Report on Community Archives (2025.11.14)' archive.yaml || fail "no subject: $(head -20 archive.yaml)"
grep -q '^- heading' archive.yaml && fail "the subject is still a heading"
# quire build gives the same words.
expect_status 0 quire build archive.md --template letter -o built.pdf
[[ $(pdf_text built.pdf) == "$text" ]] || fail "quire build differs from the pipe"

# ---- The natural merge letter: "Dear {{name}}," in the text, "With gratitude," at its end.
cat >donors.csv <<'CSV'
id,name,address,amount
D0001,O'Brien Hopper,"12 Abbey Street
Dublin, IE","€250"
D0002,최서연,"176 Jungang-daero
Busan 48939","₩300,000"
D0003,Anne-Marie Dubois,"4 rue Oberkampf
Paris, FR","€75"
CSV
cat >merge.md <<'MD'
---
to: {name: "{{name}}", address: "{{address}}"}
date: 2026-06-02
lang: en-GB
signature: {name: Ji-won Han, title: Executive Director}
---

Dear {{name}},

Thank you for your gift of {{amount}}. It pays for translators, for legal advice and for the long journeys
our researchers make to sit with families in their own homes.

The full report is available to anyone who asks; please quote your donor number, {{id}}, when you write.

With gratitude,
MD
mkdir -p out
quire-parse merge.md | quire-validate | quire-compose --template letter --data donors.csv |
  quire-render-pdf -o 'out/{{n}}.pdf' 2>merge.err || fail "merge pipeline: $(cat merge.err)"
[[ ! -s merge.err ]] || fail "warnings in a clean merge: $(cat merge.err)"
for n in 1 2 3; do
  check_pdf "out/$n.pdf"
  t=$(pdf_text "out/$n.pdf")
  [[ $(count Dear "$t") == 1 && $(count 'With gratitude,' "$t") == 1 ]] || fail "letter $n: not one salutation and one closing: $t"
  [[ $t != *"Sir or Madam"* && $t != *"Yours sincerely"* ]] || fail "letter $n: invented text: $t"
  [[ $t == *"when you write. With gratitude, Ji-won Han Executive Director"* ]] || fail "letter $n: closing out of order: $t"
  [[ $(pdf_pages "out/$n.pdf") == 1 ]] || fail "letter $n has $(pdf_pages "out/$n.pdf") pages"
done
[[ $(pdf_text out/1.pdf) == *"Dear O'Brien Hopper, Thank you for your gift of €250."* ]] || fail "letter 1: $(pdf_text out/1.pdf)"
[[ $(pdf_text out/2.pdf) == *"Dear 최서연, Thank you"* ]] || fail "letter 2: $(pdf_text out/2.pdf)"

# ---- Both written and set: the front matter's wins, with a warning at the line that repeats it.
sed 's/^lang: en-GB$/lang: en-GB\nopening: "Dear friend,"/' merge.md >both.md
expect_status 0 quire build both.md --template letter --data donors.csv --records 1 -o both.pdf
expect_stderr "^both.md:9:1: warning: the letter's salutation is set by 'opening:' in the front matter"
t=$(pdf_text both.pdf)
[[ $(count Dear "$t") == 1 && $t == *"Dear friend, Thank you"* ]] || fail "front matter did not win: $t"

# ---- The signature stays on the page of the last paragraph, however the text falls (without the
# keep div, 16 to 19 paragraphs leave the closing or the title on the next page alone).
for paragraphs in 14 15 16 17 18 19; do
  {
    printf 'Dear Ann,\n\n'
    for ((k = 1; k < paragraphs; k++)); do
      printf 'Paragraph %d. We filed petitions, met families and translated their statements, and we kept\n' "$k"
      printf 'counting the replies and the silences, week after week, so that nobody would be forgotten.\n\n'
    done
    printf 'The last paragraph ends here with Zanzibar.\n\nWith gratitude,\n\nJi-won Han\n\nExecutive Director\n'
  } >long.md
  expect_status 0 quire build long.md --template letter -o long.pdf
  last=$(page_of long.pdf Zanzibar) closing=$(page_of long.pdf 'With gratitude') title=$(page_of long.pdf 'Executive Director')
  [[ -n $last && $last == "$closing" && $closing == "$title" ]] ||
    fail "$paragraphs paragraphs: the last paragraph on page $last, the closing on $closing, the title on $title"
done
# ---- No `to:`: no empty window. The text starts at the top margin, and a merge warns once, with the fix.
read -r _ y _ _ < <(pdftotext -bbox archive.pdf - | grep -m1 '>Annual<' | sed -E 's/.*xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)".*/\1 \2 \3 \4/')
awk -v y="$y" 'BEGIN { exit !(y > 60 && y < 90) }' || fail "the letter without 'to:' starts at y=$y, not at the top margin"
grep -v '^to:' merge.md >noto.md
expect_status 0 quire build noto.md --template letter --data donors.csv -o noto.pdf
expect_stderr "^noto.md:1:1: warning: this letter has no 'to:': the merged letters carry no address"
expect_stderr 'hint: address each copy from its record: to: \{name: "\{\{name\}\}", address: "\{\{address\}\}"\}'
[[ $(grep -c "has no 'to:'" "$TMP/stderr") == 1 ]] || fail "the warning is not given once: $(cat "$TMP/stderr")"
[[ $(pdf_pages noto.pdf) == 3 ]] || fail "noto.pdf has $(pdf_pages noto.pdf) pages, not one a letter"
# A model without positions: the warning names where the document starts.
printf 'quire: 1\nblocks:\n  - paragraph: "Dear {{name}},"\n' >noto.yaml
expect_status 0 quire-compose --template letter --data donors.csv noto.yaml -o /dev/null
expect_stderr "^noto.yaml:1:1: warning: this letter has no 'to:'"

# ---- Labels in the letter's language, and a labels: map over them.
{
  printf -- '---\nlang: de-DE\nletterhead: {name: Laterne e. V.}\nfrom: {name: Ji-won Han, email: jh@example.org}\n'
  printf 'to: {name: Frau Weber, address: "Lindenstraße 7\\n10115 Berlin"}\ndate: 2026-06-02\nreference: LRI-31\n'
  printf 'your-reference: W-9\nenclosures: [Bericht]\n---\n\nLiebe Frau Weber,\n\n'
  for k in $(seq 1 16); do
    printf 'Absatz %d. Wir haben Petitionen eingereicht, Familien besucht und ihre Aussagen übersetzt, und wir\n' "$k"
    printf 'haben die Antworten und das Schweigen gezählt, Woche für Woche, damit niemand vergessen wird.\n\n'
  done
  printf 'Mit freundlichen Grüßen,\n\nJi-won Han\n'
} >brief.md
expect_status 0 quire build brief.md --template letter -o brief.pdf
check_pdf brief.pdf
p1=$(pdftotext -layout -f 1 -l 1 -enc UTF-8 brief.pdf - | tr -s ' \n\f' '  ')
for word in "Von Ji-won Han" "E-Mail jh@example.org" "Ihr Zeichen W-9" "Unser Zeichen LRI-31" "Datum"; do
  [[ $p1 == *"$word"* ]] || fail "German info block lacks '$word': $p1"
done
[[ $p1 != *"Our reference"* && $p1 != *"From"* ]] || fail "English labels in a German letter: $p1"
(($(pdf_pages brief.pdf) >= 2)) || fail "brief.pdf has one page"
[[ $(pdftotext -f 2 -l 2 -enc UTF-8 brief.pdf - | tr -s ' \n\f' '  ') == *"Seite 2 von $(pdf_pages brief.pdf)"* ]] ||
  fail "German running header: $(pdftotext -f 2 -l 2 brief.pdf - | head -3)"
[[ $(pdf_text brief.pdf) == *"Anlagen: Bericht"* ]] || fail "German enclosures: $(pdf_text brief.pdf)"
sed 's/^lang: de-DE$/lang: de-DE\nlabels: {our-reference: "Unser Az.", page: "{page}\/{pages}", form: x}/' brief.md >az.md
expect_status 0 quire build az.md --template letter -o az.pdf
expect_stderr "^az.md:3:.*: warning: unknown letter label 'form'"
[[ $(pdf_text az.pdf) == *"Unser Az. LRI-31"* && $(pdf_text az.pdf) == *"2/$(pdf_pages az.pdf)"* ]] ||
  fail "labels: did not replace the labels: $(pdf_text az.pdf)"
for lang in fr es ko; do
  expect_status 0 quire build brief.md --template letter --set lang=$lang -o $lang.pdf
done
[[ $(pdf_text fr.pdf) == *"Notre référence LRI-31"* && $(pdf_text es.pdf) == *"Nuestra referencia LRI-31"* ]] ||
  fail "French or Spanish labels: $(pdf_text fr.pdf | head -c 400)"
[[ $(pdf_text ko.pdf) == *"발신 문서번호 LRI-31"* ]] || fail "Korean labels: $(pdf_text ko.pdf | head -c 400)"
# The date beside its label in the letter's language too.
[[ $(pdf_text fr.pdf) == *"2 juin 2026"* && $(pdf_text es.pdf) == *"2 de junio de 2026"* ]] ||
  fail "French or Spanish date: $(pdf_text fr.pdf | head -c 400) / $(pdf_text es.pdf | head -c 400)"

# ---- A keep div taller than a page still breaks (and ends).
{ printf '::: keep\n'; for k in $(seq 1 120); do printf 'Line %d of a long kept block.\n\n' "$k"; done; printf ':::\n'; } >tall.md
expect_status 0 timeout 20 quire build tall.md -o tall.pdf
(($(pdf_pages tall.pdf) >= 2)) && [[ $(pdf_text tall.pdf) == *"Line 120 of"* ]] || fail "the tall keep div lost text"
pass
