#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpus of fuzz_netlink (corpus/netlink/): answers as
the kernel gives them to lib/net's requests, in the target's framing
(a byte choosing the request; per datagram a flags byte, a 16-bit
little-endian length, the bytes). Run from anywhere; the seeds are
committed, this only documents and remakes them."""
import os
import struct

NLMSG_ERROR, NLMSG_DONE = 2, 3
RTM_NEWLINK, RTM_NEWNSID = 16, 88
NLM_F_MULTI, NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x2, 0x100, 0x200
NETNSA_NSID, NETNSA_CURRENT_NSID = 1, 5
IFLA_IFNAME, IFLA_MTU = 3, 4
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
PORT = 1234  # our socket's port id, as the kernel addresses us


def align(b):
    return b + b'\0' * (-len(b) % 4)


def attr(kind, payload):
    return align(struct.pack('=HH', 4 + len(payload), kind) + payload)


def msg(kind, flags, seq, payload):
    payload = align(payload)
    return struct.pack('=IHHII', 16 + len(payload), kind, flags, seq,
                       PORT) + payload


def nsid(seq, value, current=None, flags=0):
    body = struct.pack('=Bxxx', 0) + attr(NETNSA_NSID, struct.pack('=i', value))
    if current is not None:
        body += attr(NETNSA_CURRENT_NSID, struct.pack('=i', current))
    return msg(RTM_NEWNSID, flags, seq, body)


def link(seq, index, name):
    body = struct.pack('=BxHiII', 0, 772, index, 0x49, 0)
    body += attr(IFLA_IFNAME, name.encode() + b'\0')
    body += attr(IFLA_MTU, struct.pack('=I', 65536))
    return msg(RTM_NEWLINK, 0, seq, body)


def request_header(seq, kind=RTM_NEWLINK):
    return struct.pack('=IHHII', 32, kind, 5, seq, PORT)


def error(seq, err, text=None, capped=True, request=None):
    flags = NLM_F_CAPPED if capped else 0
    req = request_header(seq) if capped else (request or request_header(seq))
    body = struct.pack('=i', err) + req
    if text is not None:
        flags |= NLM_F_ACK_TLVS
        body += attr(NLMSGERR_ATTR_MSG, text.encode() + b'\0')
        body += attr(NLMSGERR_ATTR_OFFS, struct.pack('=I', 16))
    return msg(NLMSG_ERROR, flags, seq, body)


def done(seq, err=0, text=None):
    body = struct.pack('=i', err)
    flags = NLM_F_MULTI
    if text is not None:
        flags |= NLM_F_ACK_TLVS
        body += attr(NLMSGERR_ATTR_MSG, text.encode() + b'\0')
    return msg(NLMSG_DONE, flags, seq, body)


def seed(op, *dgrams):
    out = bytes([op])
    for d in dgrams:
        flags, data = d if isinstance(d, tuple) else (0, d)
        out += struct.pack('<BH', flags, len(data)) + data
    return out


EINVAL, ENOENT, EEXIST, ENODEV = 22, 2, 17, 19
seeds = {
    'nsid-get': seed(0, nsid(1, 3), error(1, 0)),
    'nsid-get-unassigned': seed(0, nsid(1, -1), error(1, 0)),
    'nsid-set-ack': seed(1, error(1, 0)),
    'nsid-set-exists': seed(1, error(1, -EEXIST, 'NSID already in use')),
    'nsid-dump': seed(2, nsid(1, 0, flags=NLM_F_MULTI) +
                      nsid(1, 7, flags=NLM_F_MULTI), done(1)),
    'nsid-dump-error': seed(2, nsid(1, 2, flags=NLM_F_MULTI),
                            done(1, -EINVAL, 'Unknown target nsid')),
    'nsid-get-target': seed(3, nsid(1, 5, current=1), error(1, 0)),
    'nsid-get-unknown': seed(3, error(1, -ENOENT,
                                      'Peer netns reference is invalid')),
    'link-index': seed(4, link(1, 1, 'lo'), error(1, 0)),
    'link-up-nodev': seed(5, error(1, -ENODEV, capped=False,
                                   request=request_header(1) +
                                   attr(IFLA_IFNAME, b'nstest-veth0\0'))),
    'veth-exists': seed(6, error(1, -EEXIST, 'File exists')),
    'addr-add': seed(7, link(1, 5, 'nstest-veth0'), error(1, 0),
                     error(2, 0)),
    'delete-late-and-foreign': seed(8, error(0, -ENODEV),
                                    (1, error(1, -1)),
                                    error(1, 0)),
    'delete-cut': seed(8, (2, error(1, 0))),
}

here = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'corpus', 'netlink')
os.makedirs(here, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data)
