// mppx server whose homepage itself is paywalled, declared nowhere: no ai-agent.json, no Link header, no
// OpenAPI document. Every path answers through one tempo charge. Plain node:http with Mppx.toNodeListener.
import * as http from 'node:http'
import { Mppx, tempo } from 'mppx/server'

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
const page = mppx.charge({ amount: '0.01', description: 'The homepage' })

const server = http.createServer(async (req, res) => {
  const result = await Mppx.toNodeListener(page)(req, res)
  if (result.status === 402) return
  res.end('paid')
})
server.listen(0, '127.0.0.1', () => console.log('PORT', server.address().port))
