export default { framework: 'nextjs' }
