// Run once by the mongo-init service (mongosh --file). Makes the replica set rs0 of mongo1..3 and
// the `cairn` user; does nothing that is already done, so it is safe to run again.
const fs = require('fs');
try {
  rs.status();
} catch (e) {
  rs.initiate({
    _id: 'rs0',
    members: [
      { _id: 0, host: 'mongo1:27017' },
      { _id: 1, host: 'mongo2:27017' },
      { _id: 2, host: 'mongo3:27017' },
    ],
  });
}
while (!db.hello().isWritablePrimary) {
  sleep(1000);
}
const admin = db.getSiblingDB('admin');
// Majority writes wait for the journal on a replica set (writeConcernMajorityJournalDefault).
admin.adminCommand({ setDefaultRWConcern: 1, defaultWriteConcern: { w: 'majority', j: true } });
if (!admin.getUser('cairn')) {
  const password = fs.readFileSync(process.env.CAIRN_MONGO_PASSWORD_FILE, 'utf8').trim();
  // Cairn makes one database per tenant (cairn_t_<slug>) and its change journal, so it needs
  // readWrite on any database, not on one.
  admin.createUser({ user: 'cairn', pwd: password, roles: ['readWriteAnyDatabase', 'clusterMonitor'] });
}
print('replica set rs0 ready');
