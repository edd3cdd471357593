/**
 * Child process: the test suite's fake Bot Connector on its own event loop. It answers the server
 * at once and hands every call to the benchmark over IPC, so the simulated users' own work (reading
 * cards, building the next click) never delays the connector's answers, which the server waits for
 * within each turn. Messages: → {type:'flush', n} ← {type:'flushed', n} (every call before it has
 * been sent); → {type:'cpu', n} ← {type:'cpu', n, ms} (this process's CPU time so far); → {type:'stop'}.
 */
import { FakeConnector, type ConnectorCall } from '../../test/helpers/fakeConnector.js';

const send = (m: unknown) => process.send?.(m);
const connector = await new FakeConnector().start();
connector.calls.push = (...items: ConnectorCall[]) => {
  for (const call of items) send({ type: 'call', call });
  return 0;
};
process.on('message', (m: { type: string; n?: number }) => {
  if (m.type === 'flush') send({ type: 'flushed', n: m.n });
  else if (m.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', n: m.n, ms: (user + system) / 1000 });
  }
  else if (m.type === 'stop') void connector.stop().then(() => process.exit(0));
});
// The benchmark went away: do not linger.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', url: connector.url });
