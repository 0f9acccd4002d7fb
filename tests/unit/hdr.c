/* hdr.c — unit test for qmail/inject/hdr: how lines become fields, and
 * every rule of qmail-header(5) that hdr_finish applies. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "hdr.h"
#include "tap.h"

static const struct addrlist_hosts hosts = { "dh.example.org", "example.org", "plus.example.org" };

static struct hdr_opts opts(unsigned flags, const char *name)
{
  struct hdr_opts o;
  memset(&o, 0, sizeof o);
  o.hosts = &hosts;
  o.flags = flags;
  o.user = "joe";
  o.host = "dh.example.org";
  o.name = name;
  o.date = "Tue, 24 Nov 2026 13:05:09 +0000";
  o.msgid = "<1.2.qmail@id.example.org>";
  return o;
}

#define ADDED "From: joe@dh.example.org\nDate: Tue, 24 Nov 2026 13:05:09 +0000\n" \
              "Message-ID: <1.2.qmail@id.example.org>\n"
#define RADDED "Resent-From: joe@dh.example.org\nResent-Date: Tue, 24 Nov 2026 13:05:09 +0000\n" \
               "Resent-Message-ID: <1.2.qmail@id.example.org>\n"

/* feed the lines of in (each up to and with its LF) to h; the result of
 * the last line */
static int feed(struct hdr *h, const char *in)
{
  int r = HDR_MORE;
  while (*in && r == HDR_MORE) {
    const char *e = strchr(in, '\n');
    size_t n = e ? (size_t)(e - in) + 1 : strlen(in);
    r = hdr_line(h, in, n);
    in += n;
  }
  return r;
}

/* the recipients of out joined with '|' */
static const char *joined(const struct hdr_out *out)
{
  static char s[4096];
  size_t k, n = 0;
  for (k = 0; k < out->rcpts.len && n + 1 < sizeof s; ++k) s[n++] = out->rcpts.s[k] ? out->rcpts.s[k] : '|';
  if (n) --n;
  s[n] = 0;
  return s;
}

/* in through the rules with o: the header must be want, the recipients
 * rcpts */
static void rule(const char *name, const char *in, const struct hdr_opts *o, const char *want,
                 const char *rcpts)
{
  struct hdr h = HDR_ZERO;
  struct hdr_out out = HDR_OUT_ZERO;
  int r = feed(&h, in);
  ok(r == HDR_MORE || r == HDR_END, "%s: read", name);
  ok(hdr_finish(&h, o, &out), "%s: finish", name);
  is_mem(out.text.s, out.text.len, want, strlen(want), "%s: header", name);
  is_str(joined(&out), rcpts, "%s: recipients", name);
  hdr_free(&h, &out);
}

static void lines(void)
{
  struct hdr h = HDR_ZERO;
  char name[64];
  is_int(hdr_line(&h, " continued\n", 11), HDR_BODY, "a continuation first is the body");
  is_int(hdr_line(&h, "From joe Mon Jan  1\n", 20), HDR_BODY, "an mbox From line is the body");
  is_int(hdr_line(&h, ": no name\n", 10), HDR_BODY, "an empty name is the body");
  is_int(hdr_line(&h, "no colon\n", 9), HDR_BODY, "a line without a colon is the body");
  is_int(hdr_line(&h, "Na\x01me: x\n", 9), HDR_BODY, "a name with a control character is the body");
  is_int(hdr_line(&h, "Subject : spaced\r\n", 18), HDR_MORE, "white space before the colon is tolerated");
  is_str(hdr_name(&h, 0, name, sizeof name), "Subject", "its name");
  is_int(hdr_line(&h, "\tmore\r\n", 7), HDR_MORE, "a continuation");
  is_int(hdr_line(&h, "X-Last: end", 11), HDR_MORE, "a last line without LF");
  is_mem(h.raw.s, h.raw.len, "Subject : spaced\n\tmore\nX-Last: end\n", 35, "CRs dropped, LFs added");
  is_int(h.f.len, 2, "two fields");
  is_str(hdr_name(&h, 1, name, 4), "X-L", "a name cut to the buffer");
  is_str(hdr_name(&h, 7, name, sizeof name), "", "no such field: empty name");
  is_int(hdr_line(&h, "\r\n", 2), HDR_END, "CRLF alone ends the header");
  is_int(hdr_line(&h, "\n", 1), HDR_END, "LF alone ends the header");
  is_int(hdr_line(&h, "", 0), HDR_END, "nothing at all ends the header");
  hdr_free(&h, 0);
}

static void limits(void)
{
  struct hdr h = HDR_ZERO;
  char *line = malloc(HDR_MAX + 1);
  size_t k;
  if (!line) { skip(5, "no memory"); return; }
  memset(line, 'x', HDR_MAX + 1);
  memcpy(line, "X-Big: ", 7);
  line[HDR_MAX - 1] = '\n';
  is_int(hdr_line(&h, line, HDR_MAX), HDR_MORE, "a header of HDR_MAX bytes is fine");
  hdr_free(&h, 0);
  line[HDR_MAX - 1] = 'x';
  line[HDR_MAX] = '\n';
  errno = 0;
  is_int(hdr_line(&h, line, HDR_MAX + 1), -1, "a header of more than HDR_MAX bytes fails");
  is_int(errno, EMSGSIZE, "with EMSGSIZE");
  hdr_free(&h, 0);
  ok(hdr_line(&h, line, HDR_MAX - 10) == HDR_MORE && hdr_line(&h, "\tmore than fits\n", 16) == -1 &&
     errno == EMSGSIZE, "a continuation past HDR_MAX fails too");
  hdr_free(&h, 0);
  for (k = 0; k < HDR_FIELDS_MAX; ++k)
    if (hdr_line(&h, "A: b\n", 5) != HDR_MORE) break;
  errno = 0;
  ok(k == HDR_FIELDS_MAX && hdr_line(&h, "A: b\n", 5) == -1 && errno == EMSGSIZE,
     "field %u fails with EMSGSIZE", HDR_FIELDS_MAX + 1);
  hdr_free(&h, 0);
  free(line);
}

static void errors(void)
{
  struct hdr h = HDR_ZERO;
  struct hdr_out out = HDR_OUT_ZERO;
  struct hdr_opts o = opts(0, 0);
  char name[64];
  ok(feed(&h, "Subject: x\nTo: \"unterminated\n") == HDR_MORE, "read a bad To");
  errno = 0;
  ok(!hdr_finish(&h, &o, &out), "a bad To fails");
  is_int(errno, EINVAL, "with EINVAL");
  is_int(out.err, ADDRLIST_EQUOTE, "the reason");
  is_str(hdr_name(&h, out.errfield, name, sizeof name), "To", "the field");
  hdr_free(&h, &out);
  ok(feed(&h, "Return-Path: <a@b\n") == HDR_MORE && !hdr_finish(&h, &o, &out) &&
     out.err == ADDRLIST_EANGLE, "a bad Return-Path fails");
  o.flags = HDR_NORETURNPATH;
  ok(hdr_finish(&h, &o, &out) && !out.returnpath, "unless it is ignored (s)");
  hdr_free(&h, &out);
}

static void returnpath(void)
{
  struct hdr h = HDR_ZERO;
  struct hdr_out out = HDR_OUT_ZERO;
  struct hdr_opts o = opts(0, 0);
  ok(feed(&h, "Return-Path: <rp@x.org>\nReturn-Path: <second@x.org>\nTo: a@b.c\n") == HDR_MORE, "read");
  ok(hdr_finish(&h, &o, &out), "finish");
  ok(out.returnpath, "a Return-Path gave an address");
  is_str(out.sender.s, "rp@x.org", "the first one");
  ok(!memmem(out.text.s, out.text.len, "Return-Path", 11), "every Return-Path is removed");
  hdr_free(&h, &out);
  ok(feed(&h, "Return-Path: <>\n") == HDR_MORE && hdr_finish(&h, &o, &out), "Return-Path <>");
  ok(out.returnpath && out.sender.len == 1 && !out.sender.s[0], "gives the null sender");
  hdr_free(&h, &out);
  ok(feed(&h, "Return-Path: bare\n") == HDR_MORE && hdr_finish(&h, &o, &out), "Return-Path bare");
  is_str(out.sender.s, "bare@dh.example.org", "is qualified");
  hdr_free(&h, &out);
  o.flags = HDR_NORETURNPATH;
  ok(feed(&h, "Return-Path: <rp@x.org>\n") == HDR_MORE && hdr_finish(&h, &o, &out), "with s");
  ok(!out.returnpath && !memmem(out.text.s, out.text.len, "Return-Path", 11), "s: ignored, and removed all the same");
  hdr_free(&h, &out);
}

static void mft(void)
{
  struct hdr_opts o = opts(0, 0);
  constmap map;
  stralloc data = STRALLOC_ZERO;
  const char lists[] = "list@x.org\nother@y.org\n";
  ok(control_parse(lists, sizeof lists - 1, &data, 0, 0) == 0 &&
     constmap_init(&map, data.s, data.len, 0), "a list of mailing lists");
  o.mft = &map;
  rule("mft: a list among To+Cc", "To: LIST@x.org\nCc: me, \"a b\"@y.org\n", &o,
       ADDED "Mail-Followup-To: LIST@x.org,\n  me@dh.example.org,\n  \"a b\"@y.org\n"
       "To: LIST@x.org\nCc: me@dh.example.org, \"a b\"@y.org\n",
       "LIST@x.org|me@dh.example.org|a b@y.org");
  rule("mft: none", "To: a@x.org\n", &o, ADDED "To: a@x.org\n", "a@x.org");
  rule("mft: already there", "To: list@x.org\nMail-Followup-To: a@b.c\n", &o,
       ADDED "To: list@x.org\nMail-Followup-To: a@b.c\n", "list@x.org");
  rule("mft: a Bcc does not count", "To: a@x.org\nBcc: list@x.org\n", &o, ADDED "To: a@x.org\n",
       "a@x.org|list@x.org");
  constmap_free(&map);
  stralloc_free(&data);
}

int main(void)
{
  struct hdr_opts o = opts(0, 0), named = opts(0, "Joe Q. User"), plain = opts(0, "Joe User");
  struct hdr_opts cstyle = opts(HDR_COMMENTSTYLE, "Joe (x) User"), odd = opts(0, "a\"b\\c\nd");
  struct hdr_opts delf = opts(HDR_DELFROM | HDR_DELMSGID, 0);

  lines();
  rule("From, Date and Message-ID are added", "To: bob\nSubject: hi\n\n", &o,
       ADDED "To: bob@dh.example.org\nSubject: hi\n", "bob@dh.example.org");
  rule("nothing is added when they are there",
       "From: me@x.org\nDate: yesterday\nMessage-ID: <a@b>\nTo: c@d.org\n", &o,
       "From: me@x.org\nDate: yesterday\nMessage-ID: <a@b>\nTo: c@d.org\n", "c@d.org");
  rule("names are compared without regard to case", "fROM: me@x.org\nDATE: d\nmessage-id: <a@b>\ntO: c\n",
       &o, "fROM: me@x.org\nDATE: d\nmessage-id: <a@b>\ntO: c@dh.example.org\n", "c@dh.example.org");
  rule("Bcc goes, its recipients stay", "To: a@x.org\nBcc: b@y.org, c\nbcc: d@z.org\n", &o,
       ADDED "To: a@x.org\n", "a@x.org|b@y.org|c@dh.example.org|d@z.org");
  rule("no To or Cc: Cc recipient list not shown", "Bcc: b@y.org\nSubject: s\n", &o,
       ADDED "Cc: recipient list not shown: ;\nSubject: s\n", "b@y.org");
  rule("Cc alone is enough", "Cc: c@y.org\n", &o, ADDED "Cc: c@y.org\n", "c@y.org");
  rule("Apparently-To is a recipient field", "Apparently-To: a\nTo: b@c.d\n", &o,
       ADDED "Apparently-To: a@dh.example.org\nTo: b@c.d\n", "a@dh.example.org|b@c.d");
  rule("sender fields are rewritten, not recipients",
       "From: f\nSender: s\nReply-To: r\nReturn-Receipt-To: rr\nErrors-To: e\nDate: d\nMessage-ID: <m>\nTo: t@x.y\n",
       &o,
       "From: f@dh.example.org\nSender: s@dh.example.org\nReply-To: r@dh.example.org\n"
       "Return-Receipt-To: rr@dh.example.org\nErrors-To: e@dh.example.org\nDate: d\nMessage-ID: <m>\nTo: t@x.y\n",
       "t@x.y");
  rule("Content-Length goes", "Content-Length: 12\nTo: a@b.c\n", &o, ADDED "To: a@b.c\n", "a@b.c");
  rule("folds are kept", "To: a@b.c,\n\tbob\nSubject: one\n two\n", &o,
       ADDED "To: a@b.c,\n\tbob@dh.example.org\nSubject: one\n two\n", "a@b.c|bob@dh.example.org");
  rule("other fields are untouched", "X-Odd: <a@b (\nTo: a@b.c\n", &o, ADDED "X-Odd: <a@b (\nTo: a@b.c\n",
       "a@b.c");
  rule("a name in name-address style", "To: a@b.c\n", &named,
       "From: \"Joe Q. User\" <joe@dh.example.org>\nDate: Tue, 24 Nov 2026 13:05:09 +0000\n"
       "Message-ID: <1.2.qmail@id.example.org>\nTo: a@b.c\n", "a@b.c");
  rule("a plain name is not quoted", "To: a@b.c\n", &plain,
       "From: Joe User <joe@dh.example.org>\nDate: Tue, 24 Nov 2026 13:05:09 +0000\n"
       "Message-ID: <1.2.qmail@id.example.org>\nTo: a@b.c\n", "a@b.c");
  rule("address-comment style (c)", "To: a@b.c\n", &cstyle,
       "From: joe@dh.example.org (Joe \\(x\\) User)\nDate: Tue, 24 Nov 2026 13:05:09 +0000\n"
       "Message-ID: <1.2.qmail@id.example.org>\nTo: a@b.c\n", "a@b.c");
  rule("a name with quotes, backslashes and a newline", "To: a@b.c\n", &odd,
       "From: \"a\\\"b\\\\c d\" <joe@dh.example.org>\nDate: Tue, 24 Nov 2026 13:05:09 +0000\n"
       "Message-ID: <1.2.qmail@id.example.org>\nTo: a@b.c\n", "a@b.c");
  rule("f and i replace From and Message-ID", "From: x@y.z\nMessage-ID: <old@y>\nDate: d\nTo: a@b.c\n", &delf,
       "From: joe@dh.example.org\nMessage-ID: <1.2.qmail@id.example.org>\nDate: d\nTo: a@b.c\n", "a@b.c");
  rule("resent: Resent- fields added, Resent- recipients only",
       "From: orig@x.org\nDate: d\nMessage-ID: <m@x>\nTo: old@x.org\nBcc: oldbcc@x.org\n"
       "Resent-To: new@y.org\nResent-Bcc: hid@z.org\n", &o,
       RADDED "From: orig@x.org\nDate: d\nMessage-ID: <m@x>\nTo: old@x.org\nResent-To: new@y.org\n",
       "new@y.org|hid@z.org");
  rule("resent without Resent-To or Resent-Cc", "Resent-Bcc: hid@z.org\n", &o,
       RADDED "Resent-Cc: recipient list not shown: ;\n", "hid@z.org");
  rule("resent: no From, Date or Message-ID added", "Resent-Date: d\nResent-Cc: c\n", &o,
       "Resent-From: joe@dh.example.org\nResent-Message-ID: <1.2.qmail@id.example.org>\n"
       "Resent-Date: d\nResent-Cc: c@dh.example.org\n", "c@dh.example.org");
  rule("resent: Resent-From, -Sender, -Reply-To are rewritten",
       "Resent-From: rf\nResent-Sender: rs\nResent-Reply-To: rr\nResent-Message-ID: <x>\nResent-Date: d\nResent-To: t@u.v\n",
       &o,
       "Resent-From: rf@dh.example.org\nResent-Sender: rs@dh.example.org\nResent-Reply-To: rr@dh.example.org\n"
       "Resent-Message-ID: <x>\nResent-Date: d\nResent-To: t@u.v\n", "t@u.v");
  rule("an empty header", "", &o, ADDED "Cc: recipient list not shown: ;\n", "");
  returnpath();
  errors();
  mft();
  limits();
  hdr_free(0, 0);
  return done_testing();
}
