#!/bin/busybox sh
# SPDX-License-Identifier: MIT
#
# /init of the kernel lane's initramfs (see tests/kernels/run): loads
# the modules that came with it, mounts the host's root file system
# (virtio-9p, read-only) under an overlay whose upper layer is a tmpfs,
# mounts the writable results share on /nstools-results there and
# switches to it: PID 1 goes on as tests/kernels/guest.py, run by the
# host's python3 (NSTOOLS_GUEST_SCRIPT, from the kernel command line).
/bin/busybox --install -s /bin
export PATH=/bin

fail() {
	echo "nstools-guest: FAILED: $*"
	poweroff -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in /modules/*.ko; do
	[ -e "$m" ] || continue
	insmod "$m" || fail "insmod $m"
done
nine="trans=virtio,version=9p2000.L,msize=262144"
mount -t 9p -o "$nine,ro,cache=loose" hostroot /lower ||
	fail "mount the host's root (9p)"
mount -t tmpfs -o mode=755 nstools-rw /rw || fail "mount a tmpfs"
mkdir /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work \
	nstools-root /newroot || fail "mount the overlay"
mkdir -p /newroot/nstools-results
mount -t 9p -o "$nine" results /newroot/nstools-results ||
	fail "mount the results share (9p)"
for d in proc sys dev; do
	mount --move "/$d" "/newroot/$d" || fail "move /$d"
done
exec switch_root /newroot /usr/bin/python3 "$NSTOOLS_GUEST_SCRIPT"
