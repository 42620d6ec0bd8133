/**
 * The VPC's DNS resolver (the Route 53 Resolver at the VPC's `.2` address), played by a small DNS server
 * on UDP and TCP port 53 of a loopback address. It records every question it gets, and answers each name
 * as the test says: with addresses (private or public), "no such name", or nothing at all (a resolver
 * that never answers). Written from RFC 1035 alone: no code of the action is used.
 *
 * `takeOverNameResolution` points the namespace's resolver configuration at it and replaces the hosts
 * file with one that knows only localhost, so that every name a process looks up (getaddrinfo reads
 * /etc/nsswitch.conf, then /etc/hosts, then /etc/resolv.conf) reaches this server and is recorded.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { createServer, type Socket as TcpSocket } from 'node:net';
import path from 'node:path';
import { runCommand } from '../run-command.js';
import { listenTracked, type ListeningServer } from '../server-lifecycle.js';

/** How a name is answered: its addresses (A and AAAA by family), no such name, or never. */
export type NameAnswer = { addresses: string[] } | 'nxdomain' | 'silent';

export interface DnsQuestion {
  /** Lower case, without the trailing dot. */
  name: string;
  /** `A`, `AAAA`, or the type's number for any other. */
  type: string;
  transport: 'udp' | 'tcp';
  at: Date;
}

export interface LoggingResolver {
  address: string;
  /** Every question received, in order. */
  questions: DnsQuestion[];
  /** The distinct names asked about since `fromIndex` (a length of `questions` taken earlier), sorted. */
  namesAskedSince(fromIndex: number): string[];
  /** From now on, answer `name` this way. Names never set get "no such name". */
  answer(name: string, answer: NameAnswer): void;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_FORMERR = 1;

export async function startLoggingResolver(address: string): Promise<LoggingResolver> {
  const answers = new Map<string, NameAnswer>();
  const questions: DnsQuestion[] = [];
  const respond = (query: Buffer, transport: DnsQuestion['transport']): Buffer | undefined => {
    const parsed = parseQuery(query);
    if (parsed === undefined) return query.length >= 12 ? errorReply(query, RCODE_FORMERR) : undefined;
    questions.push({ name: parsed.name, type: typeName(parsed.type), transport, at: new Date() });
    const answer = answers.get(parsed.name) ?? 'nxdomain';
    if (answer === 'silent') return undefined;
    return reply(query, parsed, answer);
  };

  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (message: Buffer, from: RemoteInfo) => {
    const out = respond(message, 'udp');
    if (out !== undefined) udp.send(out, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(53, address, () => {
      udp.off('error', reject);
      resolve();
    });
  });

  const tcp = createServer((socket: TcpSocket) => {
    let pending = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        const out = respond(pending.subarray(2, 2 + length), 'tcp');
        pending = pending.subarray(2 + length);
        if (out !== undefined) {
          const framed = Buffer.alloc(2 + out.length);
          framed.writeUInt16BE(out.length, 0);
          out.copy(framed, 2);
          socket.write(framed);
        }
      }
    });
  });
  const tcpListening: ListeningServer = await listenTracked(tcp, address, 53);

  return {
    address,
    questions,
    namesAskedSince: (fromIndex) => [...new Set(questions.slice(fromIndex).map((q) => q.name))].sort(),
    answer: (name, answer) => {
      if (typeof answer === 'object') {
        const bad = answer.addresses.filter((a) => !isIPv4(a) && !isIPv6(a));
        if (bad.length > 0) throw new Error(`not IP addresses: ${bad.join(', ')}`);
      }
      answers.set(name.toLowerCase().replace(/\.$/, ''), answer);
    },
    close: async () => {
      await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), tcpListening.close()]);
    },
  };
}

interface ParsedQuery {
  name: string;
  type: number;
  /** Where the question section ends (header + one question). */
  questionEnd: number;
}

/** The first question of a standard query, or undefined when the message is not one. */
function parseQuery(message: Buffer): ParsedQuery | undefined {
  if (message.length < 12) return undefined;
  const flags = message.readUInt16BE(2);
  const isResponse = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  if (isResponse || opcode !== 0 || message.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    const length = message[offset];
    if (length === undefined || length > 63) return undefined; // compression is not used in questions
    offset += 1;
    if (length === 0) break;
    if (offset + length > message.length) return undefined;
    labels.push(message.toString('latin1', offset, offset + length));
    offset += length;
  }
  if (offset + 4 > message.length) return undefined;
  return {
    name: labels.join('.').toLowerCase(),
    type: message.readUInt16BE(offset),
    questionEnd: offset + 4,
  };
}

function typeName(type: number): string {
  return type === TYPE_A ? 'A' : type === TYPE_AAAA ? 'AAAA' : String(type);
}

function header(query: Buffer, rcode: number, questions: number, answers: number): Buffer {
  const out = Buffer.alloc(12);
  query.copy(out, 0, 0, 2); // id
  const recursionDesired = query.readUInt16BE(2) & 0x0100;
  // QR, AA, the client's RD, RA, rcode.
  out.writeUInt16BE(0x8000 | 0x0400 | recursionDesired | 0x0080 | rcode, 2);
  out.writeUInt16BE(questions, 4);
  out.writeUInt16BE(answers, 6);
  return out;
}

function errorReply(query: Buffer, rcode: number): Buffer {
  return header(query, rcode, 0, 0);
}

function reply(query: Buffer, parsed: ParsedQuery, answer: { addresses: string[] } | 'nxdomain'): Buffer {
  const question = query.subarray(12, parsed.questionEnd);
  if (answer === 'nxdomain') return Buffer.concat([header(query, RCODE_NXDOMAIN, 1, 0), question]);
  const records = answer.addresses
    .filter((address) =>
      parsed.type === TYPE_A ? isIPv4(address) : parsed.type === TYPE_AAAA && isIPv6(address),
    )
    .map((address) => resourceRecord(parsed.type, address));
  // A name that exists but has no address of the family asked for: "no data" (no error, no answer).
  return Buffer.concat([header(query, 0, 1, records.length), question, ...records]);
}

function resourceRecord(type: number, address: string): Buffer {
  const data = type === TYPE_A ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address);
  const record = Buffer.alloc(12 + data.length);
  record.writeUInt16BE(0xc00c, 0); // a pointer to the question's name
  record.writeUInt16BE(type, 2);
  record.writeUInt16BE(CLASS_IN, 4);
  record.writeUInt32BE(5, 6); // TTL: short, nothing should cache it anyway
  record.writeUInt16BE(data.length, 10);
  data.copy(record, 12);
  return record;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = address.includes('::') ? groups(tail) : [];
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  all.forEach((group, index) => out.writeUInt16BE(parseInt(group, 16), index * 2));
  return out;
}

export interface NameResolutionTakeover {
  /** Puts back the hosts file and resolver configuration the namespace had before. */
  restore(): Promise<void>;
}

/**
 * From now on, in this private mount namespace, every lookup goes to the resolver at `address`: the
 * hosts file knows only localhost, and resolv.conf names that resolver alone, with no search domain and
 * a per-try timeout of `timeoutSeconds` (glibc's ceiling is 30 s) and a single try, so that a resolver
 * that stays silent holds a lookup for that long, much as the Route 53 Resolver that cannot be reached
 * does with a VPC's default options. The files live in `dir`; `restore` unmounts them.
 */
export async function takeOverNameResolution(
  dir: string,
  address: string,
  timeoutSeconds: number,
): Promise<NameResolutionTakeover> {
  const hosts = path.join(dir, 'hosts-localhost-only');
  const resolvConf = path.join(dir, 'resolv.conf-logging');
  await writeFile(hosts, '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n');
  await writeFile(
    resolvConf,
    `nameserver ${address}\nsearch .\noptions timeout:${timeoutSeconds} attempts:1\n`,
  );
  await runCommand('mount', ['--bind', hosts, '/etc/hosts']);
  await runCommand('mount', ['--bind', resolvConf, '/etc/resolv.conf']);
  return {
    restore: async () => {
      // Mounts stack: each umount uncovers the closed VPC's own files (closed-vpc.ts) again.
      await runCommand('umount', ['/etc/resolv.conf']);
      await runCommand('umount', ['/etc/hosts']);
    },
  };
}
