// Minimal @x402/express server. The facilitator is a local stub (no network): it only answers getSupported.
import express from 'express'
import { paymentMiddleware, x402ResourceServer } from '@x402/express'
import { ExactEvmScheme } from '@x402/evm/exact/server'

const localFacilitator = {
  url: 'http://127.0.0.1:9/facilitator-stub',
  async getSupported() {
    return { kinds: [{ x402Version: 2, scheme: 'exact', network: 'eip155:84532' }], extensions: [], signers: {} }
  },
  async verify() { throw new Error('not used') },
  async settle() { throw new Error('not used') },
}
const resourceServer = new x402ResourceServer(localFacilitator).register('eip155:84532', new ExactEvmScheme())

const app = express()
app.use(paymentMiddleware({
  'GET /protected-route': {
    accepts: { scheme: 'exact', price: '$0.10', network: 'eip155:84532', payTo: '0x742d35Cc6634c0532925a3b844bC9e7595F8fE00' },
    description: 'Access to premium content',
  },
}, resourceServer))
app.get('/protected-route', (req, res) => res.json({ message: 'paid' }))
const server = app.listen(0, '127.0.0.1', () => console.log('PORT', server.address().port))
