import {defineCliConfig} from 'sanity/cli'
import {shared} from './shared-cli-config'

export default defineCliConfig({
  ...shared,
  api: {projectId: 'k7x9p2qd', dataset: 'staging'},
  deployment: {appId: 'q5cv1xu9k2m0r7st'},
})
