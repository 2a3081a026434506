'use strict';
// One real Amplify DataStore client (aws-amplify 6.x) in one Node process, driven by
// AmplifyDataStoreIT: commands arrive as JSON lines on stdin, everything the client does leaves as
// JSON lines on stdout ({"event": ...}). Amplify's own logging goes to stderr.
//
// Setup as shared/protocol/APPSYNC.md section 9: a global `window` (EventTarget + navigator.onLine)
// before Amplify loads, `ws` as WebSocket with the wss->ws rewrite (the test server is plaintext),
// CommonJS require, one DataStore per process.
//
// Environment: CAIRN_ENDPOINT (http://host:port/t/<tenant>/graphql), CAIRN_AUTH (API_KEY or
// OPENID_CONNECT), CAIRN_API_KEY or CAIRN_TOKEN (a raw JWT), CAIRN_MODELS (the models this client
// syncs, comma-separated; all of schema.js by default: an app registers only the models its auth
// mode may read).

const readline = require('node:readline');

function emit(event, fields) {
  process.stdout.write(JSON.stringify({ event, at: Date.now(), ...fields }) + '\n');
}
for (const level of ['log', 'info', 'debug']) {
  console[level] = (...args) => process.stderr.write(args.map(String).join(' ') + '\n');
}

// --- the browser-like globals, before Amplify is loaded ----------------------------------------
const win = new EventTarget();
win.navigator = { onLine: true };
globalThis.window = win;

// --- WebSocket: ws with wss->ws, recording opens/closes, droppable (a server "restart") ---------
const WS = require('ws');
const sockets = new Set();
let refuseConnectionsUntil = 0;
class TestWebSocket extends WS {
  constructor(url, protocols) {
    const refused = Date.now() < refuseConnectionsUntil;
    // A closed port answers "connection refused", as a restarting server would.
    const target = refused ? 'ws://127.0.0.1:9/' : String(url).replace(/^wss:/, 'ws:');
    super(target, protocols);
    sockets.add(this);
    emit('socketConnecting', { refused });
    this.on('open', () => emit('socketOpen', { protocol: this.protocol }));
    this.on('close', (code) => {
      sockets.delete(this);
      emit('socketClosed', { code });
    });
    this.on('error', (e) => emit('socketError', { message: e.message }));
  }
}
globalThis.WebSocket = TestWebSocket;

// --- HTTP: record which sync each page was (base or delta) --------------------------------------
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  let root = null;
  let lastSync = null;
  try {
    const body = JSON.parse(init && init.body);
    const match = /\{\s*(\w+)/.exec(body.query.replace(/^[^{]*/, ''));
    root = match && match[1];
    lastSync = body.variables ? body.variables.lastSync : null;
  } catch (e) {
    // not a GraphQL body
  }
  const response = await realFetch(input, init);
  if (root) {
    emit('http', { root, lastSync: lastSync === undefined ? null : lastSync, status: response.status });
  }
  return response;
};

const { Amplify } = require('aws-amplify');
const { decodeJWT } = require('aws-amplify/auth');
const { Hub } = require('aws-amplify/utils');
const { DataStore, initSchema } = require('@aws-amplify/datastore');
const { schema } = require('./schema.js');

const only = (process.env.CAIRN_MODELS || '').split(',').filter(Boolean);
const selected = only.length
  ? { ...schema, models: Object.fromEntries(only.map((name) => [name, schema.models[name]])) }
  : schema;
const Models = initSchema(selected);
function model(name) {
  const M = Models[name || 'Post'];
  if (!M) throw new Error('this client has no model ' + name);
  return M;
}

const endpoint = process.env.CAIRN_ENDPOINT;
const authMode = process.env.CAIRN_AUTH || 'API_KEY';
const config = {
  aws_project_region: 'us-east-1',
  aws_appsync_graphqlEndpoint: endpoint,
  aws_appsync_region: 'us-east-1',
  aws_appsync_authenticationType: authMode,
};
if (authMode === 'API_KEY') {
  config.aws_appsync_apiKey = process.env.CAIRN_API_KEY;
  Amplify.configure(config);
} else {
  const token = process.env.CAIRN_TOKEN;
  Amplify.configure(config, {
    Auth: {
      tokenProvider: {
        getTokens: async () => ({ accessToken: decodeJWT(token), idToken: decodeJWT(token) }),
      },
    },
  });
}

DataStore.configure({
  errorHandler: (error) =>
    emit('errorHandler', {
      errorType: error.errorType,
      message: error.message,
      operation: error.operation,
      model: error.model,
    }),
});

Hub.listen('datastore', ({ payload }) => {
  const data = payload.data || {};
  const fields = { name: payload.event };
  if (data.model && data.model.name) fields.model = data.model.name;
  for (const key of ['active', 'isEmpty', 'isFullSync', 'isDeltaSync', 'counts']) {
    if (key in data) fields[key] = data[key];
  }
  if (data.element) fields.element = plain(data.element);
  emit('hub', fields);
});

function plain(record) {
  return record ? JSON.parse(JSON.stringify(record)) : null;
}

async function local(name, id) {
  return plain(await DataStore.query(model(name), id));
}

// A record's key: its id, or an object of its primary-key fields for a custom primary key.
async function current(name, id) {
  const found = await DataStore.query(model(name), id);
  if (!found) throw new Error('no local ' + (name || 'Post') + ' ' + JSON.stringify(id));
  return found;
}

const commands = {
  async start() {
    await DataStore.start();
    DataStore.observe().subscribe((msg) =>
      emit('observed', {
        opType: msg.opType,
        model: msg.model && msg.model.name,
        element: plain(msg.element),
      }),
    );
    return { started: true };
  },
  async all({ model: name }) {
    return (await DataStore.query(model(name))).map(plain);
  },
  async get({ model: name, id }) {
    return local(name, id);
  },
  // parents: {field: {model, id}} sets a @belongsTo field to the local parent record, as an app does
  async create({ model: name, fields, parents }) {
    const values = { ...fields };
    for (const [field, parent] of Object.entries(parents || {})) {
      values[field] = await current(parent.model, parent.id);
    }
    return plain(await DataStore.save(new (model(name))(values)));
  },
  async update({ model: name, id, fields }) {
    const record = await current(name, id);
    return plain(
      await DataStore.save(model(name).copyOf(record, (draft) => Object.assign(draft, fields))),
    );
  },
  async delete({ model: name, id }) {
    return plain(await DataStore.delete(await current(name, id)));
  },
  async offline() {
    win.navigator.onLine = false;
    win.dispatchEvent(new Event('offline'));
    return {};
  },
  async online() {
    win.navigator.onLine = true;
    win.dispatchEvent(new Event('online'));
    return {};
  },
  // Every open socket dies at once and new ones are refused for downMs: what a server restart looks
  // like from the client. DataStore is not told; its realtime provider must notice and reconnect.
  async dropSockets({ downMs }) {
    refuseConnectionsUntil = Date.now() + downMs;
    const dropped = sockets.size;
    for (const socket of sockets) socket.terminate();
    return { dropped };
  },
  async stop() {
    await DataStore.stop();
    setTimeout(() => process.exit(0), 50);
    return {};
  },
};

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
    const value = await commands[request.cmd](request);
    emit('result', { seq: request.seq, cmd: request.cmd, value });
  } catch (e) {
    emit('failed', { seq: request && request.seq, cmd: request && request.cmd, message: String(e && e.stack || e) });
  }
});
process.stdin.on('end', () => process.exit(0));
process.on('unhandledRejection', (e) => emit('unhandledRejection', { message: String(e && e.stack || e) }));
emit('loaded', { node: process.version });
