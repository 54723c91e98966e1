export default {
  framework: 'nextjs',
  outputDirecotry: '.next',
  crons: [{ path: '/api/cron', schedule: '0 3 * * *', endpoint: '/api/other' }],
}
