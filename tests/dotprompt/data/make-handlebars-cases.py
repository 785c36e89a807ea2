#!/usr/bin/env python3
# make-handlebars-cases.py — writes handlebars-cases.json: templates and what handlebars.js
# (4.7, the version Dotprompt uses) renders them to, for test-handlebars.c.
#
# SPDX-License-Identifier: Apache-2.0
#
# Usage: NODE_PATH=<node_modules with handlebars> make-handlebars-cases.py > handlebars-cases.json
#
# The cases are a hand-written list covering the language (paths, blocks, else chains, block
# params, whitespace control, standalone lines, partials, raw blocks, literals, escaping,
# errors) and a few thousand random templates built from the same pieces, each rendered with
# noEscape and knownHelpersOnly on and off. An expected error is recorded as "error": true.
import json, random, subprocess, sys, os

CONTEXT = {"name": "<b>World</b>", "n": 0, "f": False, "t": True, "s": "", "nul": None,
           "items": ["a", "b", "c"], "empty": [], "obj": {"x": 1, "y": "two", "2": "two!", "1": "one!"},
           "people": [{"first": "Ann", "age": 30, "tags": ["x"]}, {"first": "Bob", "age": 0, "tags": []}],
           "nested": {"a": {"b": {"c": "deep"}}}, "num": 1.5, "big": 1e21, "small": 1e-7, "neg": -0.0,
           "arr2": [[1, 2], [3, [4, None]]], "str": "h\u00e9llo \U0001F44B", "html": "&<>\"'`=", "pname": "pone",
           "a": 1, "b": 2}
PARTIALS = {"p1": "P1[{{x}}|{{a}}|{{name}}]", "layout": "L({{> @partial-block}})", "p2": "line1\nline2\n",
            "pone": "ONE{{name}}", "p3": "P3<{{> @partial-block}}>"}

CURATED = [
 "{{name}}", "{{{name}}}", "{{&name}}", "{{html}}", "{{{html}}}",
 "{{n}} {{f}} {{t}} [{{s}}] [{{nul}}] [{{missing}}] {{num}} {{big}} {{small}} {{neg}}",
 "{{items}} {{obj}} {{arr2}} {{empty}}", "{{a}}{{b}}", "{{{a}}}{{{b}}}x", "{{t}}{{a}}", "{{a}}{{missing}}{{b}}",
 "{{items.length}} {{str.length}} {{items.[1]}} {{items.1}} {{str.[0]}} {{obj.[2]}}",
 "{{#each items}}{{@index}}{{@key}}{{@first}}{{@last}}{{this}};{{/each}}",
 "{{#each obj}}{{@key}}={{this}}({{@index}},{{@first}},{{@last}});{{/each}}",
 "{{#each people as |p i|}}{{i}}:{{p.first}}/{{first}}/{{../name}}/{{@root.n}};{{/each}}",
 "{{#each empty}}x{{else}}none{{/each}}", "{{#each s}}x{{else}}none{{/each}}", "{{#each n}}x{{else}}none{{/each}}",
 "{{#if n}}yes{{else}}no{{/if}}", "{{#if n includeZero=true}}yes{{else}}no{{/if}}",
 "{{#if empty}}yes{{else}}no{{/if}}", "{{#if obj}}yes{{else}}no{{/if}}", "{{#unless f}}u{{else}}v{{/unless}}",
 "{{#if f}}a{{else if t}}b{{else}}c{{/if}}", "{{#if f}}a{{else if n}}b{{else if s}}c{{else}}d{{/if}}",
 "{{#with obj}}{{x}}-{{y}}-{{../name}}{{/with}}", "{{#with missing}}a{{else}}b{{/with}}", "{{#with n}}[{{this}}]{{else}}b{{/with}}",
 "{{#nested}}{{a.b.c}}{{/nested}}", "{{#items}}<{{this}}>{{/items}}", "{{#t}}T{{/t}}{{#f}}F{{else}}nf{{/f}}",
 "{{^f}}notf{{/f}}{{^t}}nott{{else}}elset{{/t}}", "{{#n}}[{{this}}]{{/n}}", "{{#s}}[{{this}}]{{/s}}",
 "{{lookup obj 'x'}} {{lookup items 1}} {{lookup people.0 'first'}} {{lookup missing 'x'}}",
 "{{#with (lookup people 1)}}{{first}}{{/with}}", "{{! comment }}a{{!-- long }} comment --}}b",
 "  {{! standalone }}\nline\n", "a\n  {{#if t}}\n  inner\n  {{/if}}\nb\n", "a\n{{#each items}}\n- {{this}}\n{{/each}}\nz",
 "{{#if t}}\nx\n{{else}}\ny\n{{/if}}\n", "Hello   {{~name~}}   World", "<div>\n    {{~name~}}\n</div>\n",
 "Items:{{#each items~}}\n- {{this}}\n{{~/each}}Done", "Start\n{{~#if t~}}\nContent\n{{~/if~}}\nEnd\n",
 "\\{{name}} \\\\{{name}} {{name}}", "a\\{{b}}\\{{c}}", "{{\"name\"}} {{'items'}}",
 "{{#each items}}{{#each ../people}}{{../this}}{{first}}|{{/each}}{{/each}}",
 "{{#each people}}{{#if age}}{{first}} is {{age}}{{else}}{{first}} ageless{{/if}};{{/each}}",
 "{{#each nested}}{{@key}}{{#each this}}{{@../key}}{{@key}}{{/each}}{{/each}}",
 "{{#each items}}{{@root.name}}{{/each}}", "{{this.name}} {{./name}} {{this}}",
 "{{#with obj as |o|}}{{#with ../items as |i|}}{{o.x}}{{i.[0]}}{{/with}}{{/with}}",
 "{{#if t}}{{../name}}{{/if}}", "{{#with obj}}{{#if x}}{{../../name}}|{{../name}}{{/if}}{{/with}}",
 "{{> p1}}", "{{> p1 obj}}", "{{> p1 a=1 x='X'}}", "{{> p1 x=undefined}}", "{{> (lookup . 'pname')}}",
 "{{#> missingp}}fallback {{name}}{{/missingp}}", "{{#> layout}}inner{{/layout}}", "  {{> p2}}\nafter",
 "{{#*inline \"il\"}}IL{{x}}{{/inline}}{{> il obj}}{{> il}}", "{{log 'hi'}}x", "{{{{raw}}}} {{name}} {{{{/raw}}}}",
 "{{{{t}}}} {{name}} {{{{/t}}}}", "{{#if}}x{{/if}}", "{{#each}}x{{/each}}", "{{foo bar}}", "{{foo}}",
 "{{#foo}}x{{/foo}}", "{{#if t}}x{{/each}}", "{{#if t}}x", "{{foo.bar baz}}", "{{a.. b}}", "{{a/../b}}",
 "{{../a}}", "{{[a b]}}", "{{[na\\]me]}}", "{{true}} {{null}} {{undefined}} {{1}} {{-1.50}}", "{{elsewhere}}",
 "{{ else }}", "{{^}}", "{{#each items}}{{else}}{{/each}}", "x{{!-- unclosed", "{{!unclosed", "{{name}",
 "{{{name}}", "{{#if t}}{{else}}{{else}}{{/if}}", "{{> }}", "{{#each items as |x|}}{{x}}{{@x}}{{/each}}",
 "{{#each obj as |v k|}}{{k}}:{{v}},{{/each}}", "{{#with 'str' as |s|}}{{s}}{{this}}{{/with}}",
 "{{#each (lookup . 'items')}}{{.}}{{/each}}", "{{lookup . 'name'}}{{lookup this 'n'}}",
 "{{#each items}}{{lookup ../obj @index}}{{/each}}", "{{#if t}}  a  {{/if}}", "{{#if t~}}  a  {{~/if}}",
 "  {{#if t}}  \n  x\n  {{/if}}  \n", "{{#each people}}\n  {{#each tags}}\n    {{this}}\n  {{/each}}\n{{/each}}\n",
 "\n{{#if t}}\n\n{{/if}}\n\n", "{{#if t}}\r\nx\r\n{{/if}}\r\n", "a {{#if t}}\nb\n{{/if}} c",
 "{{#each items}}{{#unless @last}}{{this}}, {{/unless}}{{/each}}", "{{@index}}{{@root.items.1}}{@foo}}",
 "{{#each obj}}{{@first}}{{/each}}", "{{#each 'abc'}}x{{/each}}", "{{with}}", "{{if t}}",
 "{{#lookup obj 'x'}}a{{/lookup}}", "{{#if t}}{{#if f}}a{{else}}b{{/if}}{{/if}}",
 "{{people.0.first}} {{people.[1].first}} {{people.length}}", "{{#each items}}{{#with ..}}{{name}}{{/with}}{{/each}}",
 "{{#each arr2}}{{#each this}}{{this}},{{/each}}|{{/each}}", "{{#each nul}}x{{else}}e{{/each}}",
 "{{{{raw}}}}{{{{nested}}}}x{{{{/nested}}}}{{{{/raw}}}}", "{{> p1 items}}", "{{> p3}}", "{{#> p3}}blk{{/p3}}",
 "{{#> (lookup . 'pname')}}fb{{/undefined}}", "{{name.length}} {{n.x}} {{f.x}} {{@root.f.x}} {{@first.x}}",
 "   \n{{> p2}}\n   ", "x\n\t{{> p2}}\ny", "{{#each items}}\n  {{> p2}}\n{{/each}}", "{{#foo bar=1}}x{{/foo}}",
 "{{#t}}{{a}}{{/t}}{{b}}", "{{#if t}}{{a}}{{/if}}{{b}}",
]

def gen_random(seed, count):
    R = random.Random(seed)
    paths = ["name","n","f","t","s","nul","items","empty","obj","obj.x","obj.y","people","people.0.first",
             "nested.a.b.c","num","big","this",".","..","../name","@root.name","@index","@key","@first","@last",
             "@root","x","first","age","tags","this.name","./n","missing","obj.[1]","items.length","arr2","str",
             "html","@../index","../../n","a","b"]
    lits = ['"s"', "'q'", "1", "0", "-2.5", "true", "false", "null", "undefined"]
    def ws(): return R.choice(["", " ", "  ", "\n", " \n", "\n  ", "\t", "\r\n", "\n\n"])
    def tl(): return R.choice(["~", ""])
    def expr(d=0):
        r = R.random()
        if r < 0.6 or d > 2: return R.choice(paths)
        if r < 0.8: return R.choice(lits)
        return "(lookup " + expr(d + 1) + " " + R.choice(['"x"', "'first'", "0", "1", "@index", "name"]) + ")"
    def mustache():
        o = R.choice(["{{", "{{", "{{", "{{{", "{{&"])
        inner = expr()
        if R.random() < 0.15: inner = R.choice(["lookup", "log"]) + " " + expr() + " " + expr()
        if o == "{{{": return "{{{" + inner + "}}}"
        return o[:2] + tl() + o[2:] + " " + inner + " " + tl() + "}}"
    def block(d):
        kind = R.choice(["if","unless","each","with","obj","items","t","f","n","s","nul","empty","people"])
        arg = ""
        if kind in ("if","unless","each","with"):
            arg = " " + expr()
            if kind == "if" and R.random() < 0.2: arg += " includeZero=true"
        bp = R.choice([" as |a|", " as |a b|"]) if kind in ("each","with") and R.random() < 0.3 else ""
        inv = R.random() < 0.15 and kind not in ("if","unless","each","with")
        o = "{{" + tl() + ("^" if inv else "#") + kind + arg + bp + tl() + "}}"
        body = prog(d + 1)
        els = ""
        r = R.random()
        if r < 0.3: els = "{{" + tl() + "else" + tl() + "}}" + prog(d + 1)
        elif r < 0.4 and not inv:
            els = "{{" + tl() + "else if " + expr() + tl() + "}}" + prog(d + 1) + ("{{else}}" + prog(d + 1) if R.random() < 0.5 else "")
        elif r < 0.45: els = "{{^}}" + prog(d + 1)
        return o + body + els + "{{" + tl() + "/" + kind + tl() + "}}"
    def partial():
        name = R.choice(["p1", "p2", "p3", "layout", "pone"])
        if R.random() < 0.15: return "{{#> " + name + "}}" + prog(3) + "{{/" + name + "}}"
        args = ""
        if R.random() < 0.3: args += " " + R.choice(["obj", "people.0", "items", "this"])
        if R.random() < 0.3: args += " a=" + expr() + " x=" + R.choice(lits)
        return "{{" + tl() + "> " + name + args + " " + tl() + "}}"
    def piece(d):
        r = R.random()
        if r < 0.3: return R.choice(["a", "bc", "Hello ", "x y", "<b>", "\\{{n}}", "\\\\", "{", "}", " - ", "\u00e9"])
        if r < 0.45: return ws()
        if r < 0.7: return mustache()
        if r < 0.82 and d < 3: return block(d)
        if r < 0.87: return R.choice(["{{! c }}", "{{!-- c --}}", "{{~! c ~}}", "{{!-- x }} y --}}"])
        if r < 0.94: return partial()
        if r < 0.96: return "{{{{raw}}}} {{n}} {{{{/raw}}}}"
        if r < 0.97: return "{{#*inline \"il\"}}IL{{n}}{{/inline}}{{> il}}"
        return R.choice(["{{", "}}", "{{#if t}}", "{{/if}}", "{{else}}", "{{n", "{{[a}}"])
    def prog(d):
        return "".join(piece(d) for _ in range(R.randint(0, 5 if d < 2 else 3)))
    return [prog(0) for _ in range(count)]

ORACLE = r"""
const Handlebars = require('handlebars');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
for (const k of ['log', 'info', 'warn', 'error', 'debug']) console[k] = () => {};
const out = input.cases.map(c => {
  const h = Handlebars.create();
  for (const [k, v] of Object.entries(input.partials)) h.registerPartial(k, v);
  try {
    return { out: String(h.compile(c.template, { noEscape: c.noEscape, knownHelpersOnly: c.knownHelpersOnly })(input.context)) };
  } catch (e) { return { error: true }; }
});
process.stdout.write(JSON.stringify(out));
"""

def main():
    templates = CURATED + gen_random(20250101, 2500)
    cases = []
    for i, t in enumerate(templates):
        for ne in (False, True):
            for k in (False, True):
                if i >= len(CURATED) and (ne, k) != ((i % 2) == 0, (i % 3) != 0):
                    continue
                cases.append({"template": t, "noEscape": ne, "knownHelpersOnly": k})
    res = subprocess.run(["node", "-e", ORACLE], input=json.dumps({"cases": cases, "context": CONTEXT, "partials": PARTIALS}),
                         capture_output=True, text=True, check=True)
    for c, r in zip(cases, json.loads(res.stdout)):
        c.update(r)
    json.dump({"generator": "handlebars.js 4.7 via make-handlebars-cases.py", "context": CONTEXT,
               "partials": PARTIALS, "cases": cases}, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")

main()
