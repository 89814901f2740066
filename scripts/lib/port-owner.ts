import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Whether the process `pid` is the one listening on TCP `port`, read from Linux's /proc: the
 * listening socket's inode in /proc/net/tcp and tcp6 (state 0A is LISTEN; the local address ends
 * with the port in hex), then whether one of the process's file descriptors is that socket
 * (`socket:[inode]`; the threads of a JVM share its descriptors). Undefined where /proc cannot
 * tell (another system, or no listener found yet): the caller decides without it.
 */
export function processListensOn(port: number, pid: number): boolean | undefined {
  const inodes = listeningInodes(port);
  if (inodes === undefined || inodes.size === 0) return undefined;
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false; // gone, or not ours to read: not the listener we started
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) return true;
    } catch {
      // a descriptor closed while we looked
    }
  }
  return false;
}

function listeningInodes(port: number): Set<string> | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  let readAny = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    readAny = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue;
      if (f[1]!.split(':').at(-1) === hexPort) inodes.add(f[9]!);
    }
  }
  return readAny ? inodes : undefined;
}
