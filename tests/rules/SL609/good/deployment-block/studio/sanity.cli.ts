import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {projectId: 'k7x9p2qd', dataset: 'staging'},
  deployment: {appId: 'q5cv1xu9k2m0r7st', autoUpdates: true},
  server: {hostname: 'localhost', port: 3333},
})
