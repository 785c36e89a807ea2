// capture-prompt-actions.mjs — what Genkit JS makes of data/prompts/: the metadata, description
// and output of every /prompt/ and /executable-prompt/ action, as data/prompt-actions.json.
//
// SPDX-License-Identifier: Apache-2.0
//
// Run from a directory whose node_modules has genkit 1.42 (e.g. the js-baseline harness):
//   node capture-prompt-actions.mjs /path/to/tests/dotprompt/data > prompt-actions.json
import { genkit, z } from 'genkit';

process.chdir(process.argv[2]);
const ai = genkit({ promptDir: './prompts' });
ai.defineModel({ name: 'echo' }, async () => ({ message: { role: 'model', content: [{ text: 'x' }] } }));
ai.defineTool({ name: 'add', description: 'adds', inputSchema: z.object({ a: z.number() }),
                outputSchema: z.number() }, async () => 1);

const inputs = {
  hello: { name: 'Ada', style: 'pirate' },
  recipe: { dish: 'soup', count: 2 },
  'greet.formal': { name: 'Bo' },
  'sub/list': { n: 3, topic: 'C' },
  nomodel: { name: 'Z' },
};
const out = {};
for (const name of Object.keys(inputs)) {
  for (const type of ['prompt', 'executable-prompt']) {
    const key = `/${type}/${name}`;
    const action = await ai.registry.lookupAction(key);
    const entry = { metadata: action.__action.metadata, description: action.__action.description };
    try {
      entry.result = (await action.run(inputs[name], { context: { state: { mood: 'calm' } } })).result;
    } catch (e) {
      entry.error = e.message;
    }
    out[key] = entry;
  }
}
console.log(JSON.stringify(out, null, 2));
