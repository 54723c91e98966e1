module.exports = {
  cleanUrls: 'yes',
  regions: 'iad1',
  functions: { 'api/**': { maxConcurrency: 0 } },
}
