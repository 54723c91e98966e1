export const config = {
  framework: 'nextjs'
  regions: ['iad1'],
}
