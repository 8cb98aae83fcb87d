// check.js DIR validates the data package in DIR with frictionlessdata's
// datapackage-js (the reference JavaScript implementation of the Data
// Package specs): the descriptor against its profile, then every row of
// every resource against its schema, foreign keys resolved. Exit 0 when
// valid. Install once: npm ci --prefix tools/dpcheck.
const {Package} = require('datapackage')
async function main() {
  const dir = process.argv[2]
  const dp = await Package.load(dir + '/datapackage.json', {basePath: dir, strict: false})
  let bad = 0
  if (!dp.valid) { for (const e of dp.errors) console.log('descriptor:', e.message); bad++ }
  for (const r of dp.resources) {
    try {
      const rows = await r.read({relations: true, forceCast: true})
      let rowErrs = 0
      for (const row of rows) if (row instanceof Error) { rowErrs++; if (rowErrs < 5) console.log(r.name, row.message, row.errors ? row.errors.map(e=>e.message).join('; ') : '') }
      console.log(r.name, rows.length, 'rows', rowErrs ? rowErrs + ' bad' : 'ok')
      bad += rowErrs
    } catch (e) { console.log(r.name, 'error:', e.message, e.errors ? e.errors.slice(0,5).map(x=>x.message).join('; ') : ''); bad++ }
  }
  console.log(bad ? 'INVALID' : 'VALID')
  process.exit(bad ? 1 : 0)
}
main().catch(e => { console.log('error', e.message); process.exit(2) })
