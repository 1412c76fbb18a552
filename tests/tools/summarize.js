// Adds up every suite's results into the one closing line CI reads: "N passed, N failed".
// xunit results come from the TRX files dotnet test wrote; node results from the TAP file.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
const failures = [];

for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const p = path.join(dir, f);
  if (f.endsWith('.trx')) {
    const xml = fs.readFileSync(p, 'utf8');
    const c = /<Counters\s([^>]*)\/>/.exec(xml);
    if (!c) continue;
    const attr = (n) => Number((new RegExp(`\\b${n}="(\\d+)"`).exec(c[1]) || [0, 0])[1]);
    passed += attr('passed');
    failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
    skipped += attr('notExecuted');
    for (const m of xml.matchAll(/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"/g)) failures.push(m[1]);
  } else if (f.endsWith('.missing')) {
    failed += 1;
    failures.push(fs.readFileSync(p, 'utf8').trim());
  } else if (f.endsWith('.tap')) {
    const tap = fs.readFileSync(p, 'utf8');
    const n = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap) || [0, 0])[1]);
    passed += n('pass');
    failed += n('fail') + n('cancelled');
    skipped += n('skipped') + n('todo');
    for (const m of tap.matchAll(/^\s*not ok \d+ - (.*)$/gm)) failures.push(m[1]);
  }
}

if (failures.length) {
  console.log('failed tests:');
  for (const f of failures.slice(0, 50)) console.log('  ' + f);
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed ? 1 : 0);
