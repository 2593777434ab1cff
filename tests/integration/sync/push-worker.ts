// A pushing process for the SIGKILL test: opens a data folder's store and pushes its queue in
// small batches, printing a line per committed batch, until the queue is empty or it is killed.
import { openStore } from '../../../src-main/db/store.js';
import { pushQueue } from '../../../src-main/sync/client.js';

const { dataDir, url, batchRows } = JSON.parse(process.argv[2]!) as { dataDir: string; url: string; batchRows: number };
const store = openStore(dataDir);
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
const counts = await pushQueue(store, url, { batchRows, afterServerCommit: (batch) => { process.stdout.write(JSON.stringify({ batch }) + '\n'); } });
process.stdout.write(JSON.stringify({ done: true, ...counts }) + '\n');
store.close();
