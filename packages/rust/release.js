// `@ms/rust/release`: the version actions nx.json's `release.version.versionActions` names.
module.exports = require('./dist/release/index.js');
