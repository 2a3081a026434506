// SdkBench's browser baseline: the same unmodified Amplify DataStore JS client as datastore-sync.js
// (aws-amplify and @aws-amplify/datastore as pinned in package-lock.json here), bundled by esbuild
// into one file and run by a real headless Chromium from a page of another origin than Cairn's, as a
// web app runs it: DataStore persists into IndexedDB (its IndexedDBAdapter), the GraphQL requests go
// through the browser's fetch with CORS preflights. The one shim: Amplify always forces `wss://` for
// the realtime URL (APPSYNC.md section 1.2), and the test server speaks plain HTTP, so WebSocket URLs
// are rewritten wss -> ws (as client.js does in Node).
//
// Parameters in the page's query string: endpoint (http://host:port/t/<tenant>/graphql), apiKey,
// pageSize (1000). When DataStore reports `ready`, window.benchResult is set to the figures (and
// window.benchErrors collects errors on the way); the driver polls for it.
import { Amplify } from 'aws-amplify';
import { Hub } from 'aws-amplify/utils';
import { DataStore, initSchema } from '@aws-amplify/datastore';
import schema from './bench-schema.js';

const params = new URLSearchParams(window.location.search);
window.benchErrors = [];
const note = (what) => window.benchErrors.push(String(what && what.stack ? what.stack : what));
window.addEventListener('error', (e) => note(e.error || e.message));
window.addEventListener('unhandledrejection', (e) => note(e.reason));

const NativeWebSocket = window.WebSocket;
window.WebSocket = class PlainWebSocket extends NativeWebSocket {
  constructor(url, protocols) {
    super(String(url).replace(/^wss:/, 'ws:'), protocols);
  }
};

const { Post } = initSchema(schema);

Amplify.configure({
  aws_project_region: 'us-east-1',
  aws_appsync_graphqlEndpoint: params.get('endpoint'),
  aws_appsync_region: 'us-east-1',
  aws_appsync_authenticationType: 'API_KEY',
  aws_appsync_apiKey: params.get('apiKey'),
});
DataStore.configure({
  syncPageSize: Number(params.get('pageSize') || 1000),
  maxRecordsToSync: 10000000, // the default (10,000) would stop the base sync early
  errorHandler: (error) => note('errorHandler: ' + JSON.stringify(error)),
});

/** How many records DataStore's IndexedDB database holds in its Post store, read with IndexedDB itself. */
function countInIndexedDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('amplify-datastore');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const stores = Array.from(db.objectStoreNames);
      const post = stores.find((name) => name.endsWith('_Post'));
      if (!post) {
        db.close();
        resolve({ stores, count: -1 });
        return;
      }
      const count = db.transaction(post, 'readonly').objectStore(post).count();
      count.onerror = () => reject(count.error);
      count.onsuccess = () => {
        db.close();
        resolve({ stores, store: post, count: count.result });
      };
    };
  });
}

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
    try {
      const local = (await DataStore.query(Post)).length;
      const indexedDb = await countInIndexedDb();
      window.benchResult = {
        readyMs,
        syncStartMs: syncStartedAt - startedAt,
        local,
        indexedDb,
        synced,
        heapUsed: performance.memory ? performance.memory.usedJSHeapSize : null,
        userAgent: navigator.userAgent,
      };
    } catch (e) {
      note(e);
      window.benchResult = { readyMs, failed: true };
    }
  }
});

startedAt = performance.now();
DataStore.start();
