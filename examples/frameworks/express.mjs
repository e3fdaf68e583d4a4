// Express with fluoro's /debug/pprof/ endpoints mounted on the app's own port.
//   node examples/frameworks/express.mjs
//   npx fluoro pprof -top 'http://127.0.0.1:3000/debug/pprof/profile?seconds=5'
import express from 'express';
import { handler } from 'fluoro';
import { busyWork } from './work.mjs';

const app = express();
app.use('/debug/pprof', handler());
app.get('/work', (_req, res) => res.json({ result: busyWork() }));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`express listening on http://127.0.0.1:${server.address().port}/`);
});
