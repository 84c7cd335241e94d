// mppx server published the way deployed services publish: payable POST operations (GET answers 404),
// a session operation on POST, and the discovery document from Discovery.generate (mppx/discovery),
// served at /api/openapi.json only. Plain node:http with Mppx.toNodeListener.
import * as http from 'node:http'
import { Mppx, tempo } from 'mppx/server'
import { generate } from 'mppx/discovery'

const mppx = Mppx.create({
  methods: [
    tempo({
      currency: '0x20c0000000000000000000000000000000000000',
      recipient: '0x742d35Cc6634c0532925a3b844bC9e7595F8fE00',
    }),
  ],
  secretKey: 'census-fixture-secret-key-0123456789abcdef',
  realm: 'api.example.com',
})
const search = mppx.charge({ amount: '0.01', description: 'One search' })
const stream = mppx.tempo.session({ amount: '0.0001', unitType: 'token' })
const searchBody = {
  required: true,
  content: { 'application/json': { schema: { type: 'object', required: ['query'],
    properties: { query: { type: 'string', example: 'weather in Berlin' }, limit: { type: 'integer', default: 10 } } } } },
}
const document = generate(mppx, {
  info: { title: 'deployed fixture', version: '1.0.0' },
  serviceInfo: { categories: ['search'], docs: { homepage: 'https://api.example.com/', llms: 'https://api.example.com/llms.txt' } },
  routes: [
    { handler: search, method: 'POST', path: '/v1/search', requestBody: searchBody, summary: 'Search' },
    { handler: stream, method: 'POST', path: '/v1/stream', summary: 'Streamed tokens' },
  ],
})

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost')
  if (req.method === 'GET' && url.pathname === '/api/openapi.json') {
    res.setHeader('Content-Type', 'application/json')
    return res.end(JSON.stringify(document))
  }
  const handler = url.pathname === '/v1/search' ? search : url.pathname === '/v1/stream' ? stream : null
  if (handler === null || req.method !== 'POST') {
    res.statusCode = 404
    return res.end('Not Found')
  }
  const result = await Mppx.toNodeListener(handler)(req, res)
  if (result.status === 402) return
  res.end('{"ok":true}')
})
server.listen(0, '127.0.0.1', () => console.log('PORT', server.address().port))
