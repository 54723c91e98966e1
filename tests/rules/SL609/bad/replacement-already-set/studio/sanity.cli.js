const app = {id: 'q5cv1xu9k2m0r7st'}

module.exports = {
  api: {projectId: 'k7x9p2qd', dataset: 'staging'},
  app,
  deployment: {
    appId: 'q5cv1xu9k2m0r7st',
    autoUpdates: false,
  },
  'autoUpdates': false,
}
