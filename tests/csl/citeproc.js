// The reference side of tests/csl/compare.sh: citeproc-js (npm `citeproc`) renders every item of a
// CSL-JSON file as a bibliography entry, one "ID<TAB>plain text" line each, in bibliography order.
// Usage: node citeproc.js STYLE.csl LOCALES_DIR ITEMS.json   (NODE_PATH must find `citeproc`)
'use strict';
const fs = require('fs');
const CSL = require('citeproc');
const [styleFile, localesDir, itemsFile] = process.argv.slice(2);
const items = {};
for (const item of JSON.parse(fs.readFileSync(itemsFile, 'utf8'))) items[item.id] = item;
const sys = {
  retrieveLocale: (lang) => {
    const f = `${localesDir}/locales-${lang}.xml`;
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : false;
  },
  retrieveItem: (id) => items[id],
};
const engine = new CSL.Engine(sys, fs.readFileSync(styleFile, 'utf8'));
engine.setOutputFormat('text');
engine.updateItems(Object.keys(items));
const [meta, entries] = engine.makeBibliography();
meta.entry_ids.forEach((ids, i) => {
  process.stdout.write(`${ids[0]}\t${entries[i].replace(/\s+/g, ' ').trim()}\n`);
});
