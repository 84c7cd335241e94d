// Minimal mppx server: unpaid GETs must answer 402 with Payment challenges.
import express from 'express'
import { Mppx, tempo, discovery } from 'mppx/express'
import { Mppx as CoreMppx, NodeListener } from 'mppx/server'

const config = {
  methods: [
    tempo({
      currency: '0x20c0000000000000000000000000000000000000',
      recipient: '0x742d35Cc6634c0532925a3b844bC9e7595F8fE00',
    }),
  ],
  secretKey: 'census-fixture-secret-key-0123456789abcdef',
  realm: 'api.example.com',
}
const mppx = Mppx.create(config)
const core = CoreMppx.create(config)

const app = express()
const charge = mppx.charge({ amount: '1', description: 'One search' })
const session = mppx.tempo.session({ amount: '0.0001', unitType: 'token' })
app.get('/charge', charge, (req, res) => res.json({ ok: true }))
app.get('/session', session, (req, res) => res.json({ ok: true }))
app.get('/compose', async (req, res) => {
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers })
  const result = await core.compose(['tempo/charge', { amount: '1' }], ['tempo/session', { amount: '0.0001', unitType: 'token' }])(request)
  if (result.status === 402) return NodeListener.sendResponse(res, result.challenge)
  res.json({ ok: true })
})
discovery(app, mppx, {
  info: { title: 'fixture', version: '1.0.0' },
  routes: [
    { handler: charge, method: 'GET', path: '/charge', summary: 'One search' },
    { handler: session, method: 'GET', path: '/session' },
  ],
})

const server = app.listen(0, '127.0.0.1', () => console.log('PORT', server.address().port))
