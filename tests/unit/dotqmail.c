/* dotqmail.c — unit test for qmail/deliver/dotqmail: safe extensions, the
 * -default cascade and the classification of .qmail lines. */
#include <string.h>

#include "dotqmail.h"
#include "tap.h"

/* every name of the cascade for dash/ext, "name@defat" joined by spaces */
static const char *cascade(const char *dash, const char *ext)
{
  static char out[1024];
  stralloc sext = STRALLOC_ZERO, name = STRALLOC_ZERO;
  struct dotqmail_cascade c;
  size_t defat;
  int r;
  out[0] = 0;
  if (!dotqmail_safeext(&sext, ext, strlen(ext))) return "nomem";
  dotqmail_cascade_init(&c, dash, sext.s, sext.len);
  while ((r = dotqmail_cascade_next(&c, &name, &defat)) == 1) {
    if (strlen(name.s) != name.len) return "bad length";
    if (out[0]) strcat(out, " ");
    strcat(out, name.s);
    if (defat != DOTQMAIL_NODEFAULT) snprintf(out + strlen(out), 24, "@%zu", defat);
  }
  stralloc_free(&sext);
  stralloc_free(&name);
  return r == 0 ? out : "error";
}

/* the kinds of every line of data, with their arguments */
static const char *lines(const char *data, size_t len)
{
  static char out[2048];
  struct dotqmail_line l = { DOTQMAIL_BLANK, 0, 0, 0 };
  size_t pos = 0;
  out[0] = 0;
  while (dotqmail_next(data, len, &pos, &l)) {
    size_t n = strlen(out);
    snprintf(out + n, sizeof out - n, "%s%zu:%s[%.*s]", n ? " " : "", l.lineno,
             dotqmail_kind_name(l.kind), (int)l.len, l.arg);
  }
  return out;
}

#define LINES(s) lines(s, sizeof s - 1)

int main(void)
{
  stralloc sa = STRALLOC_ZERO;

  ok(dotqmail_safeext(&sa, "Foo.Bar/../X-Y", 14), "safeext");
  is_mem(sa.s, sa.len, "foo:bar::::x-y", 14, "lower case; dots and slashes become colons");
  ok(dotqmail_safeext(&sa, "", 0) && sa.len == 0, "safeext of nothing");
  ok(dotqmail_safeext(&sa, "\xc3\x89t\xc3\xa9", 5), "safeext of UTF-8");
  is_mem(sa.s, sa.len, "\xc3\x89t\xc3\xa9", 5, "only ASCII letters fold");

  is_str(cascade("", ""), ".qmail", "no dash: .qmail only");
  is_str(cascade("", "x"), ".qmailx", "no dash, an extension: that file only");
  is_str(cascade("-", ""), ".qmail- .qmail-default@0", "dash, empty extension");
  is_str(cascade("-", "a"), ".qmail-a .qmail-default@0", "one word");
  is_str(cascade("-", "a-"), ".qmail-a- .qmail-a-default@2 .qmail-default@0", "trailing dash");
  is_str(cascade("-", "a-b"), ".qmail-a-b .qmail-a-default@2 .qmail-default@0", "two words");
  is_str(cascade("-", "a-b-"), ".qmail-a-b- .qmail-a-b-default@4 .qmail-a-default@2 .qmail-default@0",
         "two words and a dash");
  is_str(cascade("-", "a-b-c"), ".qmail-a-b-c .qmail-a-b-default@4 .qmail-a-default@2 .qmail-default@0",
         "three words");
  is_str(cascade("-", "List-Owner"), ".qmail-list-owner .qmail-list-default@5 .qmail-default@0",
         "names in lower case; DEFAULT positions in the original");
  is_str(cascade("-", "a.b-c"), ".qmail-a:b-c .qmail-a:b-default@4 .qmail-default@0", "dots");
  is_str(cascade("-", "..-..-etc"), ".qmail-::-::-etc .qmail-::-::-default@6 .qmail-::-default@3 .qmail-default@0",
         "dot-dot extensions stay in the home directory");
  is_str(cascade("-", "foo-default"), ".qmail-foo-default@4 .qmail-foo-default@4 .qmail-default@0",
         "an exact name ending in default sets DEFAULT");
  is_str(cascade("-", "--"), ".qmail--- .qmail---default@2 .qmail--default@1 .qmail-default@0",
         "only dashes");
  is_str(cascade("-", "x/../../etc"), ".qmail-x:::::::etc .qmail-default@0", "slashes");

  is_str(LINES("# comment\n|prog arg\n&a@b.c\nme@d.e\n./Mailbox\n/var/mail/me\n./Maildir/\n"),
         "1:comment[# comment] 2:program[prog arg] 3:forward[a@b.c] 4:forward[me@d.e] "
         "5:mbox[./Mailbox] 6:mbox[/var/mail/me] 7:maildir[./Maildir/]",
         "every kind of line");
  is_str(LINES("./Maildir/ \t\r\n|cmd  \n"), "1:maildir[./Maildir/] 2:program[cmd]",
         "trailing blanks and CR are not part of a line");
  is_str(LINES("\n\n./Mailbox"), "1:blank[] 2:blank[] 3:mbox[./Mailbox]",
         "blank lines; a last line without LF");
  is_str(LINES("| spaced command "), "1:program[ spaced command]", "a program keeps leading blanks");
  is_str(LINES("&\n& a@b\n&<a@b>\n&a@b (x)\n"),
         "1:bad[a malformed forwarding address] 2:bad[a malformed forwarding address] "
         "3:bad[a malformed forwarding address] 4:bad[a malformed forwarding address]",
         "empty, spaced, bracketed and commented forwards are refused");
  is_str(LINES("+list\n%env\n?x y\n:label\n\"a b\"@c\n-x\n"),
         "1:bad[a line that starts with an unknown character] "
         "2:bad[a line that starts with an unknown character] "
         "3:bad[a line that starts with an unknown character] "
         "4:bad[a line that starts with an unknown character] "
         "5:bad[a line that starts with an unknown character] "
         "6:bad[a line that starts with an unknown character]",
         "lines that start with punctuation are refused");
  is_str(LINES("&\"a b\"@c\n&x\x01y@z\n9lives@cat.org\n&\xc3\xa9@d.e\n"),
         "1:bad[a malformed forwarding address] 2:bad[a malformed forwarding address] "
         "3:forward[9lives@cat.org] 4:forward[\xc3\xa9@d.e]",
         "control bytes refused, UTF-8 allowed");
  is_str(lines("|a\0b\n#x\0y\n./m\0\n", 15),
         "1:bad[a NUL byte] 2:comment[#x] 3:bad[a NUL byte]", "NUL bytes");
  is_str(LINES(""), "", "no data, no lines");
  is_str(LINES("\n"), "1:blank[]", "one blank line");
  is_str(LINES(".\n/\n"), "1:mbox[.] 2:maildir[/]", "one-byte paths");
  is_str(dotqmail_kind_name(DOTQMAIL_BAD), "bad", "kind_name");

  stralloc_free(&sa);
  return done_testing();
}
