// bench-dotprompt.mjs — the JavaScript twin of `genkit-dotprompt-bench run DIR [ITERS]`
//
// SPDX-License-Identifier: Apache-2.0
//
// Run from a directory whose node_modules has dotprompt (the js-baseline harness copy):
//   node bench-dotprompt.mjs DIR [ITERS]
// DIR holds what `genkit-dotprompt-bench write DIR` wrote. Prints one JSON object with the
// keys the C program prints (see the top of dotprompt-bench.c for what each measures).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Dotprompt } from 'dotprompt';

const WARMUP = 20;
const [dir, itersArg] = process.argv.slice(2);
const iters = Number(itersArg ?? 200);
const source = readFileSync(`${dir}/bench.prompt`, 'utf8');
const footer = readFileSync(`${dir}/_footer.prompt`, 'utf8');
const input = JSON.parse(readFileSync(`${dir}/input.json`, 'utf8'));
const data = { input };

function newEnv() {
  const dp = new Dotprompt();
  dp.definePartial('footer', footer);
  return dp;
}

function stats(samples) {
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  return {
    minUs: samples[0],
    medianUs: median,
    p90Us: samples[Math.floor((samples.length * 9) / 10)],
    perSecond: median > 0 ? 1e6 / median : 0,
  };
}

async function measure(fn) {
  const samples = [];
  let first;
  for (let i = 0; i < WARMUP + iters; i++) {
    const t0 = process.hrtime.bigint();
    const r = await fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1000;
    if (i >= WARMUP) samples.push(dt);
    if (i === 0) first = r;
  }
  return { samples: stats(samples), first };
}

// cold: environment, parse, compile, render
const cold = await measure(() => newEnv().render(source, data));

// warm: one environment, compiled once, rendered on each call
const dp = newEnv();
const renderFn = await dp.compile(source);
const warm = await measure(() => renderFn(data));

// parse: the file and the template's compilation (Handlebars compiles lazily: force it)
const helpers = dp.knownHelpers;
const parse = await measure(() => {
  const parsed = dp.parse(source);
  const tpl = dp.handlebars.compile(parsed.template, {
    knownHelpers: helpers, knownHelpersOnly: true, noEscape: true,
  });
  tpl({}, { data: {} });
  return parsed;
});

// template: Handlebars alone, compiled once
const parsed = dp.parse(source);
const tpl = dp.handlebars.compile(parsed.template, {
  knownHelpers: helpers, knownHelpersOnly: true, noEscape: true,
});
const template = await measure(() => tpl(input));

const messagesJson = JSON.stringify(cold.first.messages);
console.log(JSON.stringify({
  implementation: `JavaScript (dotprompt, node ${process.version})`,
  templateBytes: Buffer.byteLength(source),
  items: input.items.length,
  renderedBytes: Buffer.byteLength(template.first),
  messagesBytes: Buffer.byteLength(messagesJson),
  messagesSha256: createHash('sha256').update(messagesJson).digest('hex'),
  iterations: iters,
  cold: cold.samples,
  warm: warm.samples,
  template: template.samples,
  parse: parse.samples,
  peakRssKb: process.resourceUsage().maxRSS,
}));
