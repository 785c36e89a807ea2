// Agents for the sessions end-to-end test (test-e2e-sessions.c): a JavaScript Genkit runtime
// (genkit/beta from the sample app's npm packages) whose agents our GenkitRemoteRuntime chats
// with over the reflection API.
//
//   GENKIT_ENV=dev node agents.mjs
//
// SPDX-License-Identifier: Apache-2.0
import { genkit, z, GenkitError } from 'genkit/beta';
import { InMemorySessionStore } from 'genkit/beta';

const ai = genkit({ name: 'sessions-e2e' });

function textOf(message) {
  return (message?.content ?? [])
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .join('');
}

// "parrot": answers "<n>: <last user text>" where n counts the user messages so far, so a
// reply shows the history the model saw. "/ask <question>" calls the askUser interrupt,
// "/fail" fails.
ai.defineModel(
  {
    name: 'parrot',
    supports: { multiturn: true, tools: true, systemRole: true, media: false },
  },
  async (request, sendChunk) => {
    const messages = request.messages ?? [];
    const last = messages[messages.length - 1];
    if (last && last.role === 'tool') {
      const resp = last.content.find((p) => p.toolResponse)?.toolResponse;
      const text = `you answered ${JSON.stringify(resp?.output)}`;
      if (sendChunk) sendChunk({ index: 0, role: 'model', content: [{ text }] });
      return { message: { role: 'model', content: [{ text }] }, finishReason: 'stop' };
    }
    const users = messages.filter((m) => m.role === 'user');
    const said = textOf(users[users.length - 1]);
    if (said === '/fail') {
      throw new GenkitError({ status: 'INTERNAL', message: 'the model exploded' });
    }
    const ask = /^\/ask\s+(.*)$/s.exec(said);
    if (ask && (request.tools ?? []).some((t) => t.name === 'askUser')) {
      const part = { toolRequest: { name: 'askUser', ref: 'ask-1', input: { question: ask[1] } } };
      return { message: { role: 'model', content: [part] }, finishReason: 'stop' };
    }
    const text = `${users.length}: ${said}`;
    if (sendChunk) {
      for (const w of text.split(/(?<=\s)/)) {
        sendChunk({ index: 0, role: 'model', content: [{ text: w }] });
      }
    }
    return { message: { role: 'model', content: [{ text }] }, finishReason: 'stop' };
  }
);

const askUser = ai.defineInterrupt({
  name: 'askUser',
  description: 'Asks the user a question',
  inputSchema: z.object({ question: z.string() }),
  outputSchema: z.string(),
});

// Server-managed: snapshots in an in-memory store.
ai.defineAgent({
  name: 'serverChat',
  model: 'parrot',
  system: 'You repeat what you hear.',
  tools: [askUser],
  store: new InMemorySessionStore(),
});

// Client-managed: the caller carries the state.
ai.defineAgent({
  name: 'clientChat',
  model: 'parrot',
  system: 'You repeat what you hear.',
});

// A custom agent: counts turns in its custom state and keeps the last reply as an artifact.
ai.defineCustomAgent(
  {
    name: 'counter',
    stateSchema: z.object({ turns: z.number(), last: z.string().optional() }),
    store: new InMemorySessionStore(),
  },
  async (sess, { sendChunk }) => {
    await sess.run(async (input) => {
      const said = textOf(input.message);
      sess.updateCustom((c) => ({ turns: (c?.turns ?? 0) + 1 }));
      sess.updateCustom((c) => ({ ...c, last: said }));
      const reply = { role: 'model', content: [{ text: `turn ${sess.getCustom().turns}: ${said}` }] };
      sendChunk({ modelChunk: { role: 'model', index: 0, content: reply.content } });
      sess.addMessages([reply]);
      sess.addArtifacts([{ name: 'last.txt', parts: [{ text: said }] }]);
      return { finishReason: 'stop' };
    });
    const msgs = sess.getMessages();
    return { message: msgs[msgs.length - 1], artifacts: sess.getArtifacts() };
  }
);
