// Koa with fluoro's /debug/pprof/ endpoints: the handler writes the raw
// response itself, so Koa is told not to respond.
//   node examples/frameworks/koa.mjs
//   npx fluoro pprof -top 'http://127.0.0.1:3000/debug/pprof/profile?seconds=5'
import Koa from 'koa';
import { handler } from 'fluoro';
import { busyWork } from './work.mjs';

const app = new Koa();
const pprof = handler();
app.use((ctx, next) => {
  if (!ctx.path.startsWith('/debug/pprof')) return next();
  ctx.respond = false;
  pprof(ctx.req, ctx.res);
});
app.use((ctx) => {
  if (ctx.path === '/work') ctx.body = { result: busyWork() };
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`koa listening on http://127.0.0.1:${server.address().port}/`);
});
