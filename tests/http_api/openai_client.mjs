// Talks to the node's /v1/chat/completions with the official `openai` package.
// usage: node openai_client.mjs <baseURL>   (prints one JSON line with what it saw)
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: 'unused-on-loopback', maxRetries: 0 });

const plain = await client.chat.completions.create({
  model: 'fake-model',
  messages: [{ role: 'user', content: 'hi there' }],
});

const stream = await client.chat.completions.create({
  model: 'fake-model',
  messages: [{ role: 'user', content: 'hi there' }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = '';
let finish = null;
let usage = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks += 1;
  if (chunk.usage) usage = chunk.usage;
  for (const choice of chunk.choices) {
    if (choice.delta?.content) text += choice.delta.content;
    if (choice.finish_reason) finish = choice.finish_reason;
  }
}

let errorStatus = null;
try {
  await client.chat.completions.create({ model: 'fake-model', messages: [] });
} catch (e) {
  errorStatus = e.status;
}

console.log(JSON.stringify({
  plain: { content: plain.choices[0].message.content, finish: plain.choices[0].finish_reason,
           total_tokens: plain.usage.total_tokens, object: plain.object },
  stream: { text, finish, usage, chunks },
  errorStatus,
}));
