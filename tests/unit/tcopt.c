/* tcopt.c — unit test for ucspi-tcp/tcopt: bundles, attached and separate arguments, the end of options, bad options. */
#include "tcopt.h"
#include "tap.h"

/* a writable copy of a string literal, as argv entries are */
#define S(x) ((char[]){ x })
#define N(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

int main(void)
{
  struct tcopt o = TCOPT_ZERO;
  char *a1[] = { S("p"), S("-RHl0"), S("-T5+0"), S("-i"), S("1.2.3.4"), S("host"), S("25"),
                 S("prog"), 0 };
  char *a2[] = { S("p"), S("-x"), S("-q"), 0 };
  char *a3[] = { S("p"), S("-v"), S("--"), S("-host"), 0 };
  char *a4[] = { S("p"), S("-T"), 0 };
  char *a5[] = { S("p"), S("-"), S("x"), 0 };
  char *a6[] = { S("p"), 0 };

  is_int(tcopt_next(&o, N(a1), a1, "RHl:T:i:", "p", 1), 'R', "first letter of a bundle");
  is_int(tcopt_next(&o, N(a1), a1, "RHl:T:i:", "p", 1), 'H', "second letter");
  is_int(tcopt_next(&o, N(a1), a1, "RHl:T:i:", "p", 1), 'l', "an option with an argument");
  is_str(o.arg, "0", "takes the rest of the bundle");
  is_int(tcopt_next(&o, N(a1), a1, "RHl:T:i:", "p", 1), 'T', "attached argument");
  is_str(o.arg, "5+0", "attached argument text");
  is_int(tcopt_next(&o, N(a1), a1, "RHl:T:i:", "p", 1), 'i', "separate argument");
  is_str(o.arg, "1.2.3.4", "separate argument text");
  is_int(tcopt_next(&o, N(a1), a1, "RHl:T:i:", "p", 1), -1, "end at the first operand");
  is_str(a1[o.ind], "host", "ind points at the operand");

  o = (struct tcopt)TCOPT_ZERO;
  is_int(tcopt_next(&o, N(a2), a2, "q", "p", 1), '?', "an unknown letter");
  is_int(o.bad, 'x', "the bad letter is kept");
  is_int(tcopt_next(&o, N(a2), a2, "q", "p", 1), 'q', "scanning goes on after it");

  o = (struct tcopt)TCOPT_ZERO;
  is_int(tcopt_next(&o, N(a3), a3, "v", "p", 1), 'v', "-v");
  is_int(tcopt_next(&o, N(a3), a3, "v", "p", 1), -1, "-- ends the options");
  is_str(a3[o.ind], "-host", "an operand after -- may start with -");

  o = (struct tcopt)TCOPT_ZERO;
  is_int(tcopt_next(&o, N(a4), a4, "T:", "p", 1), '?', "a missing argument");
  is_int(o.bad, 'T', "names the option");

  o = (struct tcopt)TCOPT_ZERO;
  is_int(tcopt_next(&o, N(a5), a5, "x", "p", 1), -1, "a lone - is an operand");
  is_int(o.ind, 1, "and stays");

  o = (struct tcopt)TCOPT_ZERO;
  is_int(tcopt_next(&o, N(a6), a6, "x", "p", 1), -1, "no arguments at all");

  o = (struct tcopt)TCOPT_ZERO;
  is_int(tcopt_next(&o, N(a2), a2, ":q", "p", 1), '?', "':' is never an option letter");
  return done_testing();
}
