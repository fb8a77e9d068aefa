/*
 * cohort_match.c — reading the targets file of `massim cohort --match`
 * (cohort_match.h).
 */
#include "cohort_match.h"
#include "massim.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mas_match_group_names[MAS_GROUP_N] = {"mas", "sjia_no_mas", "no_sjia"};
const char *const mas_match_labs[MAS_MATCH_NLABS] = {
    "ferritin", "platelets", "ast", "triglycerides", "fibrinogen", "ldh", "esr", "hemoglobin",
    "wbc", "neutrophils",
};
const char *const mas_match_lab_units[MAS_MATCH_NLABS] = {
    "ng/mL", "10^9/L", "U/L", "mg/dL", "mg/dL", "U/L", "mm/h", "g/dL", "10^9/L", "10^9/L",
};

enum col { C_GROUP, C_LAB, C_Q1, C_MEDIAN, C_Q3, C_N, N_COLS };
static const char *const col_names[N_COLS] = {"group", "lab", "q1", "median", "q3", "n"};

static int find(const char *s, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(s, list[i]))
            return i;
    return -1;
}

/* Split line (modified) at commas into at most max fields, with their
 * columns (1-based); returns the count. */
static int split(char *line, char **field, int *col, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n < max) {
            field[n] = p;
            col[n] = (int)(p - line) + 1;
        }
        n++;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    for (int i = 0; i < n && i < max; i++) {          /* trim spaces */
        while (*field[i] == ' ') {
            field[i]++;
            col[i]++;
        }
        size_t len = strlen(field[i]);
        while (len && (field[i][len - 1] == ' ' || field[i][len - 1] == '\r'))
            field[i][--len] = '\0';
    }
    return n;
}

static int number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *s && !*end && !errno && isfinite(*v);
}

int mas_match_read(const char *path, struct mas_match_spec *m, char *err)
{
    memset(m, 0, sizeof *m);
    snprintf(m->path, sizeof m->path, "%s", path);
    FILE *f = fopen(path, "r");
    if (!f)
        return mas_fail(err, MAS_EINPUT, "%s: %s", path, strerror(errno));
    char line[2048];
    int where[N_COLS], lineno = 0, rc = MAS_OK, header = 0;
    for (int c = 0; c < N_COLS; c++)
        where[c] = -1;
    while (rc == MAS_OK && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "# source:", 9)) {
            size_t used = strlen(m->source);
            snprintf(m->source + used, sizeof m->source - used, "%s%s", used ? "; " : "",
                     line + 9 + strspn(line + 9, " "));
            continue;
        }
        if (line[0] == '#' || line[strspn(line, " \r")] == '\0')
            continue;
        char *field[16];
        int col[16], n = split(line, field, col, 16);
        if (n > 16)
            rc = mas_fail(err, MAS_EINPUT, "%s:%d:1: more than 16 columns", path, lineno);
        else if (!header) {
            header = 1;
            for (int i = 0; i < n && rc == MAS_OK; i++) {
                int c = find(field[i], col_names, N_COLS);
                if (c < 0)
                    rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: unknown column '%s' (expected group, "
                                  "lab, q1, median, q3 and optionally n)", path, lineno, col[i], field[i]);
                else if (where[c] >= 0)
                    rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: column '%s' twice", path, lineno,
                                  col[i], field[i]);
                else
                    where[c] = i;
            }
            for (int c = 0; c < C_N && rc == MAS_OK; c++)
                if (where[c] < 0)
                    rc = mas_fail(err, MAS_EINPUT, "%s:%d:1: no column '%s' in the header", path,
                                  lineno, col_names[c]);
        } else {
            int need = 0;
            for (int c = 0; c < N_COLS; c++)
                need = where[c] + 1 > need ? where[c] + 1 : need;
            if (n < need) {
                rc = mas_fail(err, MAS_EINPUT, "%s:%d:1: %d fields, the header names %d", path,
                              lineno, n, need);
                break;
            }
            if (m->n == MAS_MATCH_MAX_TARGETS) {
                rc = mas_fail(err, MAS_EINPUT, "%s:%d:1: more than %d targets", path, lineno,
                              MAS_MATCH_MAX_TARGETS);
                break;
            }
            struct mas_match_target *t = &m->t[m->n];
            int g = find(field[where[C_GROUP]], mas_match_group_names, MAS_GROUP_N);
            int l = find(field[where[C_LAB]], mas_match_labs, MAS_MATCH_NLABS);
            if (g < 0) {
                rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: unknown group '%s' (expected mas, "
                              "sjia_no_mas or no_sjia)", path, lineno, col[where[C_GROUP]],
                              field[where[C_GROUP]]);
                break;
            }
            if (l < 0) {
                rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: unknown lab '%s' (a presentation lab: "
                              "ferritin, platelets, ast, triglycerides, fibrinogen, ldh, esr, "
                              "hemoglobin, wbc, neutrophils)", path, lineno, col[where[C_LAB]],
                              field[where[C_LAB]]);
                break;
            }
            for (size_t i = 0; i < m->n; i++)
                if (m->t[i].group == (enum mas_match_group)g && m->t[i].lab == l)
                    rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: %s %s twice", path, lineno,
                                  col[where[C_LAB]], field[where[C_GROUP]], field[where[C_LAB]]);
            const enum col qc[3] = {C_Q1, C_MEDIAN, C_Q3};
            for (int k = 0; k < 3 && rc == MAS_OK; k++)
                if (!number(field[where[qc[k]]], &t->q[k]) || t->q[k] < 0)
                    rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: %s: expected a number >= 0, found "
                                  "'%s'", path, lineno, col[where[qc[k]]], col_names[qc[k]],
                                  field[where[qc[k]]]);
            if (rc == MAS_OK && !(t->q[0] <= t->q[1] && t->q[1] <= t->q[2]))
                rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: expected q1 <= median <= q3, found %g, "
                              "%g, %g", path, lineno, col[where[C_Q1]], t->q[0], t->q[1], t->q[2]);
            t->n = NAN;
            if (rc == MAS_OK && where[C_N] >= 0 && field[where[C_N]][0]
                && (!number(field[where[C_N]], &t->n) || t->n < 1))
                rc = mas_fail(err, MAS_EINPUT, "%s:%d:%d: n: expected a count >= 1, found '%s'",
                              path, lineno, col[where[C_N]], field[where[C_N]]);
            t->group = (enum mas_match_group)g;
            t->lab = l;
            if (rc == MAS_OK)
                m->n++;
        }
    }
    if (rc == MAS_OK && ferror(f))
        rc = mas_fail(err, MAS_EINPUT, "%s: read error", path);
    fclose(f);
    if (rc == MAS_OK && m->n == 0)
        rc = mas_fail(err, MAS_EINPUT, "%s:%d:1: no target rows (group,lab,q1,median,q3)", path,
                      lineno ? lineno : 1);
    return rc;
}
