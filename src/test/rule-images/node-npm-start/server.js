// A real Express app (Debian's node-express). Its 404 handler hands an Error to Express, and without
// NODE_ENV=production Express's default error handler sends the stack trace to the client.
const express = require('express');
const app = express();
app.get('/health', (req, res) => res.json({ status: 'UP' }));
app.get('/api/items', (req, res) => res.json({ items: [{ id: 1 }] }));
app.use((req, res, next) => {
  const err = new Error('no route for ' + req.path);
  err.status = 404;
  next(err);
});
app.listen(process.env.PORT || 3000, process.env.HOST, () => console.log('listening on ' + (process.env.PORT || 3000)));
