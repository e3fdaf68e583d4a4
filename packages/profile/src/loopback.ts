// What counts as this machine, decided once for the endpoint's listener, the
// web UI's bind address and the web UI's clients: profiles expose code and
// data, so both servers treat only loopback as safe without a token. IPv4
// loopback is the whole 127.0.0.0/8 block; a dual-stack socket reports an
// IPv4 client as ::ffff:127.x.y.z.

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** isLoopback reports whether a host name, bind address or client address is this machine's loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (a === 'localhost' || a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  return IPV4_LOOPBACK.test(a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a);
}
