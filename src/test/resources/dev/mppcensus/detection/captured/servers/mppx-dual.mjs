// mppx server offering tempo charge and an EVM charge with x402 compatibility on one route.
import express from 'express'
import { Mppx, tempo, evm, NodeListener } from 'mppx/server'

const mppx = Mppx.create({
  methods: [
    tempo({
      currency: '0x20c0000000000000000000000000000000000000',
      recipient: '0x742d35Cc6634c0532925a3b844bC9e7595F8fE00',
    }),
    evm.charge({
      currency: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
      chainId: 8453,
      decimals: 6,
      authorization: { name: 'USD Coin', version: '2' },
      recipient: '0x742d35Cc6634c0532925a3b844bC9e7595F8fE00',
      x402: { facilitator: 'https://x402.org/facilitator' },
    }),
  ],
  secretKey: 'census-fixture-secret-key-0123456789abcdef',
  realm: 'api.example.com',
})

const app = express()
app.get('/dual', async (req, res) => {
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers })
  const result = await mppx.compose(['tempo/charge', { amount: '1' }], ['evm/charge', { amount: '1' }])(request)
  if (result.status === 402) return NodeListener.sendResponse(res, result.challenge)
  res.json({ ok: true })
})
const server = app.listen(0, '127.0.0.1', () => console.log('PORT', server.address().port))
