// capture-cli-render.mjs — what JavaScript Dotprompt's render()/renderMetadata() print for the
// `prompt render` invocations tests/dotprompt/test-cli-prompt.c runs, as data/cli/*.expected.json.
//
// SPDX-License-Identifier: Apache-2.0
//
// Run from a directory whose node_modules has dotprompt (e.g. the js-baseline harness):
//   node capture-cli-render.mjs /path/to/tests/dotprompt/data/cli
// Each case below mirrors one CLI invocation: --data (or --input), --options, --partials,
// --metadata-only. The output is JSON.stringify(result, null, 2) plus a newline, as the CLI
// prints it.
import { Dotprompt } from 'dotprompt';
import { readFileSync, readdirSync, writeFileSync } from 'fs';

const dir = process.argv[2];
const cases = JSON.parse(readFileSync(`${dir}/cases.json`, 'utf8'));

for (const c of cases) {
  const dp = new Dotprompt();
  if (c.partials) {
    for (const f of readdirSync(`${dir}/${c.partials}`)) {
      if (!f.endsWith('.prompt')) continue;
      const name = f.replace(/^_/, '').slice(0, -'.prompt'.length);
      dp.definePartial(name, readFileSync(`${dir}/${c.partials}/${f}`, 'utf8'));
    }
  }
  const source = readFileSync(`${dir}/${c.file}`, 'utf8');
  const data = c.data ?? (c.input !== undefined ? { input: c.input } : {});
  const result = c.metadataOnly
    ? await dp.renderMetadata(source, c.options)
    : await dp.render(source, data, c.options);
  writeFileSync(`${dir}/${c.name}.expected.json`, JSON.stringify(result, null, 2) + '\n');
}
