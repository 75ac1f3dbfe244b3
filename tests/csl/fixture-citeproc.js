// What citeproc-js prints for a fixture of tests/csl/fixtures (the format is described in
// tests/unit/csl_test.cpp), in the fixture's RESULT form: for checking a fixture's expected result
// against the reference processor when writing it. Usage: node fixture-citeproc.js FIXTURE STYLES LOCALES
'use strict';
const fs = require('fs');
const CSL = require('citeproc');
const [file, stylesDir, localesDir] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const section = (name) => {
  const m = text.match(new RegExp(`>>===== ${name} =====>>([\\s\\S]*?)<<===== ${name} =====<<`));
  return m ? m[1].trim() : '';
};
const items = {};
for (const item of JSON.parse(section('INPUT'))) items[item.id] = item;
let csl = section('CSL');
if (!csl.includes('<')) csl = fs.readFileSync(`${stylesDir}/${csl}.csl`, 'utf8');
const sys = {
  retrieveLocale: (lang) => {
    const f = `${localesDir}/locales-${lang}.xml`;
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : false;
  },
  retrieveItem: (id) => items[id],
};
const engine = new CSL.Engine(sys, csl);
engine.setOutputFormat('html');
const markup = (s) => s.replace(/<span style="font-variant:small-caps;">([^<]*)<\/span>/g, '<sc>$1</sc>')
  .replace(/<div[^>]*>|<\/div>|<a [^>]*>|<\/a>/g, '').replace(/&#38;/g, '&').replace(/&amp;/g, '&')
  .replace(/<span[^>]*>|<\/span>/g, '').replace(/\s+/g, ' ').trim();
const lines = section('CITATIONS').split('\n').filter((l) => l.trim());
const order = [];
const clusters = lines.map((line, n) => ({
  citationItems: line.split(';').map((part) => {
    part = part.trim();
    const ci = {};
    if (part[0] === '-') ci['suppress-author'] = true;
    if (part[0] === '+') ci['author-only'] = true;
    part = part.replace(/^[-+]?@/, '');
    const [id, label, locator] = part.split('|');
    ci.id = id;
    if (locator) { ci.label = label; ci.locator = locator; }
    if (!order.includes(id)) order.push(id);
    return ci;
  }),
  properties: { noteIndex: n + 1 },
}));
if (section('MODE') === 'bibliography') {
  for (const id of Object.keys(items)) if (!order.includes(id)) order.push(id);
  engine.updateItems(order);
  const [, entries] = engine.makeBibliography();
  for (const e of entries) console.log(markup(e));
} else {
  engine.updateItems(order);
  const pre = [];
  const out = [];
  clusters.forEach((c, i) => {
    c.citationID = `c${i}`;
    const [, updates] = engine.processCitationCluster(c, pre, []);
    for (const [index, str] of updates) out[index] = markup(str);
    pre.push([c.citationID, i + 1]);
  });
  for (const o of out) console.log(o);
}
