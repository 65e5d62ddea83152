#!/bin/sh
# Build the upgrade test's service (svcd, libsvc) as two Debian packages,
# phtrack-svc 1.0 and 1.1, into build/vm-debs/ (tools/build-helpers.sh runs
# it; tests/vm/upgrade.sh installs them in the Debian bed).  The host is
# Debian 12 like the bed, so svcd links against the bed's glibc.
#   1.0: /usr/lib/x86_64-linux-gnu/libsvc.so.1.0, reads /etc/svc/svc.conf
#        (port 7001), /etc/ssl/svc/svc.pem and /usr/share/svc/banner.txt
#   1.1: libsvc.so.1.1, also reads the new /etc/svc/ports.conf (port 7002),
#        no longer reads the banner
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
src=$top/tests/vm/upgrade
out=$top/build/vm-debs
mkdir -p "$out"
stamp=$out/.built
if [ -e "$stamp" ] && [ -z "$(find "$src" -newer "$stamp")" ]; then
	exit 0
fi
lib=usr/lib/x86_64-linux-gnu
for v in 1.0 1.1; do
	pkg=$out/phtrack-svc_$v
	rm -rf "$pkg"
	mkdir -p "$pkg/DEBIAN" "$pkg/$lib" "$pkg/usr/sbin" "$pkg/etc/svc" "$pkg/etc/ssl/svc" \
		"$pkg/lib/systemd/system"
	def=
	[ $v = 1.1 ] && def=-DSVC_V11
	cc -O2 -Wall -Wextra -Werror -shared -fPIC -Wl,-soname,libsvc.so.1 \
		-DSVC_VERSION="\"$v\"" -o "$pkg/$lib/libsvc.so.$v" "$src/libsvc.c"
	ln -s "libsvc.so.$v" "$pkg/$lib/libsvc.so.1"
	cc -O2 -Wall -Wextra -Werror $def -I"$src" -o "$pkg/usr/sbin/svcd" "$src/svcd.c" \
		-L"$pkg/$lib" -l:libsvc.so.1
	echo "port 7001" >"$pkg/etc/svc/svc.conf"
	echo "test key material" >"$pkg/etc/ssl/svc/svc.pem"
	conffiles="/etc/svc/svc.conf
/etc/ssl/svc/svc.pem"
	if [ $v = 1.0 ]; then
		mkdir -p "$pkg/usr/share/svc"
		echo "welcome" >"$pkg/usr/share/svc/banner.txt"
	else
		echo "port 7002" >"$pkg/etc/svc/ports.conf"
		conffiles="$conffiles
/etc/svc/ports.conf"
	fi
	cat >"$pkg/lib/systemd/system/svc.service" <<'UNIT'
[Unit]
Description=phtrack upgrade test service

[Service]
ExecStart=/usr/sbin/svcd
RuntimeDirectory=svc
UNIT
	echo "$conffiles" >"$pkg/DEBIAN/conffiles"
	echo "activate-noawait ldconfig" >"$pkg/DEBIAN/triggers"
	cat >"$pkg/DEBIAN/control" <<CTL
Package: phtrack-svc
Version: $v
Architecture: amd64
Maintainer: phtrack developers <phtrack@localhost>
Depends: libc6
Section: misc
Priority: optional
Description: small service for phtrack's upgrade test
 Reads its configuration, a file under /etc/ssl/ and a versioned shared
 library, writes a pid file and listens on loopback ports.
CTL
	chmod -R go-w "$pkg"
	dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$out/phtrack-svc_${v}_amd64.deb" >/dev/null
	rm -rf "$pkg"
done
touch "$stamp"
