/* fmt.c — number formatting into caller buffers (length-only with NULL). */
#include "fmt.h"

#include <string.h>

static const char fmt_digits[] = "0123456789abcdef";

/* the core: n in base (8, 10, 16), left-padded with '0' to width digits */
static size_t fmt_base(char *dest, unsigned long long n, unsigned base, size_t width)
{
  char tmp[FMT_ULONG];
  size_t i = sizeof tmp, len, pad;
  do { tmp[--i] = fmt_digits[n % base]; n /= base; } while (n);
  len = sizeof tmp - i;
  pad = width > len ? width - len : 0;
  if (dest) {
    memset(dest, '0', pad);
    memcpy(dest + pad, tmp + i, len);
  }
  return pad + len;
}

size_t fmt_ulong(char *dest, unsigned long n) { return fmt_base(dest, n, 10, 0); }
size_t fmt_uint(char *dest, unsigned int n) { return fmt_base(dest, n, 10, 0); }
size_t fmt_ullong(char *dest, unsigned long long n) { return fmt_base(dest, n, 10, 0); }
size_t fmt_sizet(char *dest, size_t n) { return fmt_base(dest, n, 10, 0); }
size_t fmt_xlong(char *dest, unsigned long n) { return fmt_base(dest, n, 16, 0); }
size_t fmt_8long(char *dest, unsigned long n) { return fmt_base(dest, n, 8, 0); }

size_t fmt_ulong0(char *dest, unsigned long n, size_t width)
{
  return fmt_base(dest, n, 10, width);
}

size_t fmt_uint0(char *dest, unsigned int n, size_t width)
{
  return fmt_base(dest, n, 10, width);
}

/* a signed value as '-' and its magnitude; the magnitude is computed in
 * unsigned arithmetic so that the most negative value does not overflow */
static size_t fmt_signed(char *dest, long long n)
{
  unsigned long long mag = (unsigned long long)n;
  if (n >= 0) return fmt_base(dest, mag, 10, 0);
  if (dest) *dest++ = '-';
  return 1 + fmt_base(dest, 0 - mag, 10, 0);
}

size_t fmt_long(char *dest, long n) { return fmt_signed(dest, n); }
size_t fmt_int(char *dest, int n) { return fmt_signed(dest, n); }

size_t fmt_str(char *dest, const char *s)
{
  size_t n = strlen(s);
  if (dest) memcpy(dest, s, n);
  return n;
}
