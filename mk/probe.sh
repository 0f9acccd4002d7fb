#!/bin/sh
# probe.sh — find the optional libraries and write the build's config files.
# Usage: sh mk/probe.sh CC OUTDIR
# Writes OUTDIR/gen/config.h (HAVE_* macros) and OUTDIR/config.mk (HAVE_*
# and LIBS_* for make). A library that is missing turns its feature off,
# says so on standard output, and the build goes on without it.
set -u
cc=${1:?usage: probe.sh CC OUTDIR}
out=${2:?usage: probe.sh CC OUTDIR}
mkdir -p "$out/gen" "$out/probe"
tmp="$out/probe"
h="$out/gen/config.h.new"
mk="$out/config.mk.new"

echo "/* config.h — written by mk/probe.sh; do not edit. */" > "$h"
echo "#ifndef INDIMAIL_CONFIG_H" >> "$h"
echo "#define INDIMAIL_CONFIG_H" >> "$h"
echo "# config.mk — written by mk/probe.sh; do not edit." > "$mk"

# try NAME LIBS PROGRAM: compile and link PROGRAM against LIBS
try() {
  printf '%s\n' "$3" > "$tmp/$1.c"
  $cc -o "$tmp/$1" "$tmp/$1.c" $2 > "$tmp/$1.log" 2>&1
}

# feature NAME MACRO LIBS DESCRIPTION PACKAGE PROGRAM
feature() {
  if try "$1" "$3" "$6"; then
    echo "#define $2 1" >> "$h"
    echo "$2 := 1" >> "$mk"
    echo "LIBS_$1 := $3" >> "$mk"
    echo "probe: $1: yes ($4)"
  else
    echo "#define $2 0" >> "$h"
    echo "$2 := 0" >> "$mk"
    echo "LIBS_$1 :=" >> "$mk"
    echo "probe: $1: NO — $4 turned off (install $5 to have it)"
  fi
}

feature openssl HAVE_OPENSSL "-lssl -lcrypto" "TLS, hashes and HMAC through OpenSSL 3" libssl-dev '
#include <openssl/ssl.h>
#include <openssl/evp.h>
#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error need OpenSSL 3
#endif
int main(void) { SSL_CTX *c = SSL_CTX_new(TLS_method()); EVP_MD_fetch(0, "SHA256", 0); return c == 0; }'

feature idn2 HAVE_IDN2 "-lidn2" "internationalised domain names (libidn2)" libidn2-dev '
#include <idn2.h>
int main(void) { char *o = 0; return idn2_to_ascii_8z("a", &o, 0) != IDN2_OK; }'

mysql_cflags=$(mariadb_config --cflags 2>/dev/null || mysql_config --cflags 2>/dev/null || echo "")
feature mysql HAVE_MYSQL "$mysql_cflags" "shared MySQL/MariaDB tables (client loaded at run time)" libmariadb-dev '
#include <mysql.h>
int main(void) { return sizeof(MYSQL) == 0; }'
# the client library is opened at run time with dlopen; only its headers are needed here
sed -i.bak 's/^LIBS_mysql := .*/LIBS_mysql :=/' "$mk" && rm -f "$mk.bak"
echo "CFLAGS_mysql := $mysql_cflags" >> "$mk"

feature bdb HAVE_BDB "-ldb" "the greylisting and rate-limit store (Berkeley DB)" libdb-dev '
#include <db.h>
int main(void) { DB *d = 0; return db_create(&d, 0, 0); }'

feature zlib HAVE_ZLIB "-lz" "compressed log archives (zlib)" zlib1g-dev '
#include <zlib.h>
int main(void) { z_stream z = {0}; return deflateInit(&z, 6) != Z_OK; }'

echo "#endif" >> "$h"
# replace only when changed, so that an unchanged probe rebuilds nothing
if ! cmp -s "$h" "$out/gen/config.h" 2>/dev/null; then mv "$h" "$out/gen/config.h"; else rm -f "$h"; fi
mv "$mk" "$out/config.mk"
