// Fastify with fluoro's /debug/pprof/ endpoints: the handler writes the raw
// response itself, so the route hijacks the reply.
//   node examples/frameworks/fastify.mjs
//   npx fluoro pprof -top 'http://127.0.0.1:3000/debug/pprof/profile?seconds=5'
import Fastify from 'fastify';
import { handler } from 'fluoro';
import { busyWork } from './work.mjs';

const fastify = Fastify();
const pprof = handler();
fastify.all('/debug/pprof', (request, reply) => {
  reply.hijack();
  pprof(request.raw, reply.raw);
});
fastify.all('/debug/pprof/*', (request, reply) => {
  reply.hijack();
  pprof(request.raw, reply.raw);
});
fastify.get('/work', async () => ({ result: busyWork() }));

const address = await fastify.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`fastify listening on ${address}/`);
