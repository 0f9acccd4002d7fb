/* driver.c — runs a libFuzzer target over files without libFuzzer.
 * Usage: NAME.replay FILE-OR-DIR...  Feeds every file (directories are read
 * one level deep) to LLVMFuzzerTestOneInput once; exits 0 when all ran. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  uint8_t *data;
  long n;
  if (!f) { perror(path); return 1; }
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    perror(path);
    fclose(f);
    return 1;
  }
  /* an exact-size copy, so that the sanitizers see reads past the end */
  data = malloc(n ? (size_t)n : 1);
  if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
    perror(path);
    fclose(f);
    free(data);
    return 1;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(data, (size_t)n);
  free(data);
  return 0;
}

int main(int argc, char **argv)
{
  int bad = 0, count = 0;
  for (int i = 1; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) != 0) { perror(argv[i]); bad = 1; continue; }
    if (!S_ISDIR(st.st_mode)) { bad |= run_file(argv[i]); ++count; continue; }
    DIR *d = opendir(argv[i]);
    struct dirent *e;
    if (!d) { perror(argv[i]); bad = 1; continue; }
    while ((e = readdir(d))) {
      char path[4096];
      if (e->d_name[0] == '.') continue;
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      bad |= run_file(path);
      ++count;
    }
    closedir(d);
  }
  printf("%d inputs\n", count);
  return bad;
}
