// Wraps fake probes to see what a check asked for: the options of each command (the fake
// host keys commands by their line only) and the Engine API requests with their bodies.
import type { ApiRequest, ExecOptions, Probes } from '../../src/host/types.js';
import { fakeProbes, type HostSpec } from './fake-host.js';

export interface Spied {
  probes: Probes;
  execs: { line: string; opts: ExecOptions | undefined }[];
  requests: ApiRequest[];
}

export function spyProbes(spec: HostSpec): Spied {
  const inner = fakeProbes(spec);
  const execs: Spied['execs'] = [];
  const requests: ApiRequest[] = [];
  return {
    execs,
    requests,
    probes: {
      ...inner,
      exec: (cmd, args, opts) => {
        execs.push({ line: [cmd, ...args].join(' '), opts });
        return inner.exec(cmd, args, opts);
      },
      api: (ep, req) => {
        requests.push(req);
        return inner.api(ep, req);
      },
    },
  };
}
