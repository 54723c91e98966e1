const primary = 'us-east-1'

export default {
  regions: [primary, 'fra1'],
  functions: { 'api/**': { regions: ['Frankfurt'] } },
}
