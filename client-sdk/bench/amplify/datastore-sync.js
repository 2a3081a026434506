'use strict';
// SdkBench's Node baseline: one unmodified Amplify DataStore JS client (aws-amplify and
// @aws-amplify/datastore as pinned in package-lock.json here, the same versions and lock as
// server/src/test/amplify) doing its first (base) sync of every Post from a Cairn tenant, set up as
// server/src/test/amplify/client.js is (APPSYNC.md section 9: a global `window` before Amplify
// loads, `ws` as WebSocket with the wss->ws rewrite, CommonJS require). In Node DataStore keeps its
// records in its AsyncStorageAdapter's in-memory store (no IndexedDB).
//
// Environment: CAIRN_ENDPOINT (http://host:port/t/<tenant>/graphql), CAIRN_API_KEY, SYNC_PAGE_SIZE
// (1000). Prints one JSON line {"result": ...} on stdout when DataStore reports `ready`, then exits;
// Amplify's own logging goes to stderr. Run with --expose-gc for the heap figure.

for (const level of ['log', 'info', 'debug', 'warn']) {
  console[level] = (...args) => process.stderr.write(args.map(String).join(' ') + '\n');
}

const win = new EventTarget();
win.navigator = { onLine: true };
globalThis.window = win;

const WS = require('ws');
class PlainWebSocket extends WS {
  constructor(url, protocols) {
    super(String(url).replace(/^wss:/, 'ws:'), protocols);
  }
}
globalThis.WebSocket = PlainWebSocket;

const { Amplify } = require('aws-amplify');
const { Hub } = require('aws-amplify/utils');
const { DataStore, initSchema } = require('@aws-amplify/datastore');

const schema = require('./bench-schema.js');
const { Post } = initSchema(schema);

Amplify.configure({
  aws_project_region: 'us-east-1',
  aws_appsync_graphqlEndpoint: process.env.CAIRN_ENDPOINT,
  aws_appsync_region: 'us-east-1',
  aws_appsync_authenticationType: 'API_KEY',
  aws_appsync_apiKey: process.env.CAIRN_API_KEY,
});
DataStore.configure({
  syncPageSize: Number(process.env.SYNC_PAGE_SIZE || 1000),
  maxRecordsToSync: 10000000, // the default (10,000) would stop the base sync early
  errorHandler: (error) => process.stderr.write('errorHandler: ' + JSON.stringify(error) + '\n'),
});

let startedAt = 0;
let syncStartedAt = 0;
const synced = [];
Hub.listen('datastore', async ({ payload }) => {
  const now = performance.now();
  const data = payload.data || {};
  if (payload.event === 'syncQueriesStarted') {
    syncStartedAt = now;
  } else if (payload.event === 'modelSynced') {
    synced.push({ model: data.model && data.model.name, isFullSync: data.isFullSync, counts: data.counts, ms: now - startedAt });
  } else if (payload.event === 'ready') {
    const readyMs = now - startedAt;
    const cpu = process.cpuUsage(cpuAtStart);
    const local = (await DataStore.query(Post)).length;
    let heapUsed = null;
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
      heapUsed = process.memoryUsage().heapUsed;
    }
    process.stdout.write(
      JSON.stringify({
        result: {
          readyMs,
          cpuMicros: cpu.user + cpu.system,
          syncStartMs: syncStartedAt - startedAt,
          local,
          synced,
          heapUsed,
          heapEmpty,
          node: process.version,
        },
      }) + '\n',
    );
    await DataStore.stop();
    process.exit(0);
  }
});

process.on('unhandledRejection', (e) => process.stderr.write('unhandledRejection: ' + (e && e.stack || e) + '\n'));
let heapEmpty = null;
if (typeof global.gc === 'function') {
  global.gc();
  global.gc();
  heapEmpty = process.memoryUsage().heapUsed;
}
const cpuAtStart = process.cpuUsage();
startedAt = performance.now();
DataStore.start();
