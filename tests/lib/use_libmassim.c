/*
 * use_libmassim.c — a program a user would write against the installed
 * library (tests/t_lib.sh compiles it with pkg-config massim):
 *
 *   use_libmassim SCENARIO OUT.h5 [NAME=VALUE...]
 *
 * runs the scenario with the overrides, prints "massim VERSION", the
 * number of times and series, "ferritin UNIT" with its values (%.17g, one
 * line), every metric as "metric NAME VALUE UNIT", writes OUT.h5 and
 * exits with the library's status (printing its message on stderr).
 * Also runs the same scenario from its text and checks it gives the same
 * numbers.
 */
#include <libmassim.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) == (size_t)n)
        s[n] = '\0';
    fclose(f);
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: use_libmassim SCENARIO OUT.h5 [NAME=VALUE...]\n");
        return 2;
    }
    const char *const *sets = (const char *const *)argv + 3;
    int n_sets = argc - 3;
    massim_run *r;
    char err[1024];
    int st = massim_run_file(argv[1], sets, n_sets, &r, err, sizeof err);
    if (st != MASSIM_OK) {
        fprintf(stderr, "%s\n", err);
        return st;
    }
    printf("massim %s\n", massim_version());
    printf("%zu times, %d series (%d states)\n", massim_n_times(r), massim_n_series(r),
           massim_n_states(r));
    int k = massim_series_index(r, "ferritin");
    const double *v = massim_series(r, k);
    printf("ferritin %s", massim_series_unit(r, k));
    for (size_t i = 0; i < massim_n_times(r); i++)
        printf(" %.17g", v[i]);
    printf("\n");
    for (int m = 0; m < massim_n_metrics(r); m++)
        printf("metric %s %.17g %s\n", massim_metric_name(r, m), massim_metric_value(r, m),
               massim_metric_unit(r, m));
    st = massim_write_h5(r, argv[2], err, sizeof err);
    if (st != MASSIM_OK)
        fprintf(stderr, "%s\n", err);

    /* the same from the text */
    char *text = slurp(argv[1]);
    massim_run *t;
    if (!text || massim_run_text(text, argv[1], sets, n_sets, &t, err, sizeof err) != MASSIM_OK) {
        fprintf(stderr, "from text: %s\n", text ? err : "cannot read the scenario");
        st = 1;
    } else {
        const double *w = massim_series(t, massim_series_index(t, "ferritin"));
        int same = massim_n_times(t) == massim_n_times(r);
        for (size_t i = 0; same && i < massim_n_times(r); i++)
            same = w[i] == v[i];
        printf("from text: %s\n", same ? "the same" : "DIFFERENT");
        st = same ? st : 1;
        massim_run_free(t);
    }
    free(text);
    /* misuse is refused, not a crash */
    if (massim_series(r, -1) || massim_series(r, massim_n_series(r)) || massim_series_name(r, 1 << 30)
        || massim_series_index(r, "no_such_series") != -1 || !isnan(massim_metric(r, "nope"))
        || massim_run_file(NULL, NULL, 0, &t, err, sizeof err) != MASSIM_EINPUT || t) {
        printf("misuse: NOT refused\n");
        st = 1;
    } else {
        printf("misuse: refused\n");
    }
    massim_run_free(r);
    massim_run_free(NULL);
    return st;
}
