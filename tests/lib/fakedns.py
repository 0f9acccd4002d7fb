#!/usr/bin/env python3
"""fakedns.py -- a small DNS server for tests (Python 3 standard library only).

Usage: fakedns.py ZONEFILE [PORT]

Binds UDP and TCP on 127.0.0.1 at PORT (0 or none: a free port, the same
for both), prints the port on the first line of standard output (flushed),
then answers queries until it gets SIGTERM/SIGINT, or until its standard
input reaches end of file when standard input is a pipe or a socket (so a
test that keeps the write end of a pipe open stops the server by closing
it, and the server also goes away when the test dies). With standard input
on a file, /dev/null or a terminal, only a signal stops it.

Zone file: one entry per line; blank lines and text after '#' outside
quotes are ignored; names are case-insensitive, with or without a final dot.
  NAME A 192.0.2.1
  NAME AAAA 2001:db8::1
  NAME MX 10 mx1.example.com
  NAME TXT "v=spf1 -all" "second string"     (strings over 255 bytes are
                                              split into 255-byte pieces)
  NAME PTR host.example.com
  NAME CNAME target.example.com
  NAME NS ns.example.com
  NAME TLSA 3 1 1 HEX
Directives (each also makes NAME exist):
  NAME TRUNCATE   over UDP answer with TC set and no records; TCP answers fully
  NAME TIMEOUT    never answer (UDP or TCP)
  NAME SERVFAIL   answer SERVFAIL
  NAME REFUSED    answer REFUSED
  NAME WRONGID    over UDP send first an NXDOMAIN with another id, then the real
                  answer
  NAME WRONGNAME  over UDP send first an NXDOMAIN with the right id for another
                  question name, then the real answer
  NAME WRONGSRC   over UDP send first an NXDOMAIN with the right id from another
                  port, then the real answer from the server's port
  NAME NOEDNS     answer FORMERR to queries that carry an EDNS0 OPT record
  AD on | AD off  names that first appear after "AD on" get the AD bit set
                  in their answers (until "AD off")

Answers: an unknown name gets NXDOMAIN; a known name without records of the
asked type gets NOERROR with no records; CNAMEs are followed inside the zone
and the chain is put in the answer (NXDOMAIN when the chain ends at an
unknown name). Over UDP an answer larger than 512 bytes (or the EDNS0 size
of the query) is sent with TC set and no records. Queries with an OPT record
get one back. When the environment variable FAKEDNS_LOG names a file, one
line "udp|tcp NAME TYPE edns|noedns" is appended to it per query.
"""

import os
import select
import shlex
import signal
import socket
import stat
import struct
import sys
import threading

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "PTR": 12, "MX": 15, "TXT": 16,
         "AAAA": 28, "TLSA": 52}
TYPENAMES = {v: k for k, v in TYPES.items()}
DIRECTIVES = {"TRUNCATE", "TIMEOUT", "SERVFAIL", "REFUSED", "WRONGID",
              "WRONGNAME", "WRONGSRC", "NOEDNS"}
T_CNAME, T_OPT = 5, 41
NOERROR, FORMERR, SERVFAIL, NXDOMAIN, REFUSED = 0, 1, 2, 3, 5
LOG_LOCK = threading.Lock()


class Name:
    """A zone name: its records, directives and AD flag."""

    def __init__(self, ad):
        self.records = []   # (type, rdata items) in file order
        self.flags = set()
        self.ad = ad


def canon(name):
    name = name.lower()
    return name[:-1] if name.endswith(".") and name != "." else name


def load_zone(path):
    zone = {}
    ad = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            words = shlex.split(line, comments=True)
            if not words:
                continue
            if words[0].upper() == "AD" and len(words) == 2:
                ad = words[1].lower() == "on"
                continue
            if len(words) < 2:
                sys.exit("fakedns: %s:%d: need NAME and TYPE" % (path, lineno))
            name, kind = canon(words[0]), words[1].upper()
            entry = zone.setdefault(name, Name(ad))
            if kind in DIRECTIVES:
                entry.flags.add(kind)
            elif kind in TYPES:
                entry.records.append((TYPES[kind], words[2:]))
            else:
                sys.exit("fakedns: %s:%d: unknown type %s" % (path, lineno, kind))
    return zone


class Writer:
    """Builds a message, compressing names against earlier ones."""

    def __init__(self):
        self.buf = bytearray()
        self.names = {}

    def name(self, text):
        labels = [] if text in ("", ".") else text.split(".")
        for i in range(len(labels)):
            key = ".".join(labels[i:]).lower()
            if key in self.names:
                self.buf += struct.pack(">H", 0xC000 | self.names[key])
                return
            if len(self.buf) < 0x3FFF:
                self.names[key] = len(self.buf)
            raw = labels[i].encode()
            self.buf += bytes([len(raw)]) + raw
        self.buf.append(0)

    def rdata(self, rtype, items):
        if rtype == 1:
            self.buf += socket.inet_pton(socket.AF_INET, items[0])
        elif rtype == 28:
            self.buf += socket.inet_pton(socket.AF_INET6, items[0])
        elif rtype == 15:
            self.buf += struct.pack(">H", int(items[0]))
            self.name(items[1])
        elif rtype in (2, 5, 12):
            self.name(items[0])
        elif rtype == 16:
            for s in items:
                raw = s.encode()
                pieces = [raw[i:i + 255] for i in range(0, len(raw), 255)] or [b""]
                for p in pieces:
                    self.buf += bytes([len(p)]) + p
        elif rtype == 52:
            self.buf += bytes([int(items[0]), int(items[1]), int(items[2])])
            self.buf += bytes.fromhex("".join(items[3:]))

    def record(self, owner, rtype, items):
        self.name(owner)
        self.buf += struct.pack(">HHIH", rtype, 1, 300, 0)
        at = len(self.buf)
        self.rdata(rtype, items)
        struct.pack_into(">H", self.buf, at - 2, len(self.buf) - at)


def read_name(msg, pos):
    labels = []
    while True:
        n = msg[pos]
        if n == 0:
            return ".".join(labels), pos + 1
        if n & 0xC0:
            raise ValueError("compressed or odd label in a query")
        labels.append(msg[pos + 1:pos + 1 + n].decode("latin-1"))
        pos += 1 + n


def parse_query(msg):
    """(id, flags, question bytes, name, type, edns size or None, do bit)."""
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    if qd != 1 or flags & 0x8000:
        raise ValueError("not a query with one question")
    name, pos = read_name(msg, 12)
    qtype, qclass = struct.unpack(">HH", msg[pos:pos + 4])
    question = msg[12:pos + 4]
    pos += 4
    edns, do = None, False
    for _ in range(an + ns + ar):
        _, pos = read_name(msg, pos)
        rtype, rclass, ttl, rdlen = struct.unpack(">HHIH", msg[pos:pos + 10])
        if rtype == T_OPT:
            edns, do = max(rclass, 512), bool(ttl & 0x8000)
        pos += 10 + rdlen
    return qid, flags, question, name, qtype, edns, do


def resolve(zone, qname, qtype):
    """(rcode, [(owner, type, items)]), following CNAMEs inside the zone."""
    answers, cur = [], canon(qname)
    for _ in range(20):
        entry = zone.get(cur)
        if entry is None:
            return NXDOMAIN, answers
        match = [(cur, t, d) for t, d in entry.records if t == qtype]
        if match:
            return NOERROR, answers + match
        cname = [d for t, d in entry.records if t == T_CNAME]
        if not cname or qtype == T_CNAME:
            return NOERROR, answers
        answers.append((cur, T_CNAME, cname[0]))
        cur = canon(cname[0][0])
    return SERVFAIL, []


def message(q, rcode, answers, ad, tc=False, qid=None):
    qid0, qflags, question, _, _, edns, do = q
    flags = 0x8000 | 0x0400 | 0x0080 | (qflags & 0x0100) | rcode
    if tc:
        flags |= 0x0200
        answers = []
    if ad:
        flags |= 0x0020
    w = Writer()
    w.buf += struct.pack(">HHHHHH", qid0 if qid is None else qid, flags, 1,
                         len(answers), 0, 1 if edns else 0)
    w.buf += question
    qname, _ = read_name(bytes(question), 0)
    w.names[canon(qname)] = 12
    for owner, rtype, items in answers:
        w.record(owner, rtype, items)
    if edns:
        w.buf += b"\0" + struct.pack(">HHIH", T_OPT, 1232, 0x8000 if do else 0, 0)
    return bytes(w.buf)


def log(proto, q):
    path = os.environ.get("FAKEDNS_LOG")
    if not path:
        return
    name, qtype, edns = q[3], q[4], q[5]
    line = "%s %s %s %s\n" % (proto, canon(name) or ".",
                              TYPENAMES.get(qtype, str(qtype)),
                              "edns" if edns else "noedns")
    with LOG_LOCK, open(path, "a", encoding="utf-8") as f:
        f.write(line)


def answer(zone, msg, proto):
    """The list of messages to send back, in order ([] for no answer)."""
    try:
        q = parse_query(msg)
    except (ValueError, IndexError, struct.error):
        if len(msg) < 12:
            return []
        return [msg[:2] + struct.pack(">HHHHH", 0x8000 | FORMERR, 0, 0, 0, 0)]
    log(proto, q)
    entry = zone.get(canon(q[3]))
    flags = entry.flags if entry else set()
    ad = bool(entry and entry.ad)
    if "TIMEOUT" in flags:
        return []
    if "NOEDNS" in flags and q[5]:
        return [message(q[:5] + (None, False), FORMERR, [], False)]
    if "SERVFAIL" in flags or "REFUSED" in flags:
        return [message(q, SERVFAIL if "SERVFAIL" in flags else REFUSED, [], False)]
    rcode, answers = resolve(zone, q[3], q[4])
    out = message(q, rcode, answers, ad)
    if proto == "udp":
        if "TRUNCATE" in flags or len(out) > (q[5] or 512):
            out = message(q, rcode, answers, ad, tc=True)
        before = []
        if "WRONGID" in flags:
            before.append(message(q, NXDOMAIN, [], ad, qid=q[0] ^ 0x5A5A))
        if "WRONGNAME" in flags:
            other_q = q[:2] + (b"\5other" + q[2],) + q[3:]
            before.append(message(other_q, NXDOMAIN, [], ad))
        if "WRONGSRC" in flags:
            before.append(("other", message(q, NXDOMAIN, [], ad)))
        return before + [out]
    return [out]


def serve_tcp(zone, conn):
    conn.settimeout(10)
    try:
        while True:
            head = recv_all(conn, 2)
            if not head:
                return
            msg = recv_all(conn, struct.unpack(">H", head)[0])
            if msg is None:
                return
            out = answer(zone, msg, "tcp")
            if not out:   # TIMEOUT: keep the connection silent until closed
                conn.recv(1)
                return
            for m in out:
                conn.sendall(struct.pack(">H", len(m)) + m)
    except OSError:
        pass
    finally:
        conn.close()


def recv_all(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def bind_pair(port):
    """UDP and TCP sockets on 127.0.0.1, on one port (port 0: any free one)."""
    for _ in range(50):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", port))
        chosen = udp.getsockname()[1]
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            tcp.bind(("127.0.0.1", chosen))
        except OSError:
            udp.close()
            tcp.close()
            if port:
                raise
            continue
        tcp.listen(16)
        return udp, tcp, chosen
    sys.exit("fakedns: no free port for both UDP and TCP")


def watch_stdin():
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: fakedns.py ZONEFILE [PORT]")
    zone = load_zone(sys.argv[1])
    udp, tcp, port = bind_pair(int(sys.argv[2]) if len(sys.argv) == 3 else 0)
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind(("127.0.0.1", 0))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(port, flush=True)
    watched = [udp, tcp] + ([sys.stdin.buffer] if watch_stdin() else [])
    while True:
        ready, _, _ = select.select(watched, [], [])
        if sys.stdin.buffer in ready:
            if not os.read(0, 4096):
                return
        if tcp in ready:
            conn, _ = tcp.accept()
            threading.Thread(target=serve_tcp, args=(zone, conn), daemon=True).start()
        if udp in ready:
            msg, peer = udp.recvfrom(65535)
            for m in answer(zone, msg, "udp"):
                if isinstance(m, tuple):
                    other.sendto(m[1], peer)
                else:
                    udp.sendto(m, peer)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
