/*
 * fit_data.c — the observations of `massim fit` from a CSV file
 * (docs/fitting.md, "Data"), in the model's units.
 *
 * Long form:   day,observable,value,unit[,lloq]   one observation a row
 * Wide form:   day,NAME,NAME,...                  a second row of units
 *              unit,ng/mL,mg/dL,...               (first cell "unit")
 * Lines starting with '#' are comments (the citation, where each number
 * came from), except two directives: `# patient: NAME` (the patient's
 * name in a fit of several) and `# set: PATH=VALUE` (a setting of this
 * patient's scenario, as --set: weight, a therapy's start ...); blank
 * lines are skipped.  A value "<X" is below the limit
 * of quantification X (censored); in the long form a value below its row's
 * lloq is too.  A wide row may leave a cell empty (not measured).
 */
#include "fit.h"

#include "massim.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Units as laboratories write them, into the model's (to): value_to =
 * factor * value_from.  One variable-specific row (triglycerides in
 * mmol/L: the factor of criteria.h, from the molar mass of triolein). */
static const struct conversion {
    const char *to, *from;
    double factor;
    const char *variable;            /* NULL: any variable in unit `to` */
} conversions[] = {
    {"ng/mL", "ug/L", 1.0, NULL}, {"ng/mL", "µg/L", 1.0, NULL}, {"ng/mL", "mcg/L", 1.0, NULL},
    {"mg/dL", "g/L", 100.0, NULL}, {"mg/dL", "mg/L", 0.1, NULL}, {"mg/dL", "g/dL", 1000.0, NULL},
    {"10^9/L", "x10^9/L", 1.0, NULL}, {"10^9/L", "10^3/uL", 1.0, NULL},
    {"10^9/L", "10^3/µL", 1.0, NULL}, {"10^9/L", "10^3/mm3", 1.0, NULL},
    {"10^9/L", "/nL", 1.0, NULL}, {"10^9/L", "G/L", 1.0, NULL},
    {"10^9/L", "/uL", 1e-3, NULL}, {"10^9/L", "/µL", 1e-3, NULL}, {"10^9/L", "/mm3", 1e-3, NULL},
    {"mg/L", "mg/dL", 10.0, NULL},
    {"g/dL", "g/L", 0.1, NULL},
    {"U/L", "IU/L", 1.0, NULL},
    {"U/mL", "IU/mL", 1.0, NULL},
    {"pg/mL", "ng/L", 1.0, NULL}, {"pg/mL", "ng/mL", 1000.0, NULL},
    {"ug/mL FEU", "mg/L FEU", 1.0, NULL}, {"ug/mL FEU", "µg/mL FEU", 1.0, NULL},
    {"mg/dL", "mmol/L", 88.57, "triglycerides"},
};

double mas_fit_unit_factor(const char *variable, const char *from, const char *to)
{
    if (!strcmp(from, to))
        return 1.0;
    for (size_t i = 0; i < sizeof conversions / sizeof conversions[0]; i++) {
        const struct conversion *c = &conversions[i];
        if (!strcmp(c->to, to) && !strcmp(c->from, from)
            && (!c->variable || !strcmp(c->variable, variable)))
            return c->factor;
    }
    return NAN;
}

/* The units that convert to `to` for `variable`, as "a, b, c". */
static void units_into(const char *variable, const char *to, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "%s", to);
    for (size_t i = 0; i < sizeof conversions / sizeof conversions[0] && used < size; i++) {
        const struct conversion *c = &conversions[i];
        if (!strcmp(c->to, to) && (!c->variable || !strcmp(c->variable, variable)))
            used += (size_t)snprintf(buf + used, size - used, ", %s", c->from);
    }
}

/* ---- the file as cells ---------------------------------------------------- */

#define MAX_CELLS 64
#define MAX_LINE 4096

struct cell {
    char *s;                 /* trimmed, in the line buffer */
    int col;                 /* 1-based column of its first character */
};

struct reader {
    const char *path;
    const struct mas_fit_spec *spec;
    const struct mas_model *m;
    struct mas_fit_data *d;
    char *err;
    int line;
    double last_day;
};

static int fail(struct reader *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct reader *r, int col, const char *fmt, ...)
{
    char msg[MAS_ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mas_fail(r->err, MAS_EINPUT, "%s:%d:%d: %s", r->path, r->line, col, msg);
}

/* Split a line at commas into trimmed cells; the number of cells. */
static int split(char *line, struct cell *c, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *end = strchr(p, ',');
        if (end)
            *end = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        char *q = p + strlen(p);
        while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
            *--q = '\0';
        if (n < max)
            c[n] = (struct cell){ p, (int)(p - line) + 1 };
        n++;
        if (!end)
            break;
        p = end + 1;
    }
    return n;
}

static int is_number(const char *s, double *v)
{
    char *end;
    if (!*s)
        return 0;
    errno = 0;
    *v = strtod(s, &end);
    return *end == '\0' && errno == 0 && isfinite(*v);
}

/* The spec's observable for a name in the data, or -1. */
static int find_obs(const struct mas_fit_spec *spec, const char *name)
{
    for (int i = 0; i < spec->n_obs; i++)
        if (!strcmp(spec->obs[i].name, name))
            return i;
    return -1;
}

static int unknown_obs(struct reader *r, const struct cell *c)
{
    const char *near = NULL;
    int best = 4;
    char known[512] = "";
    for (int i = 0; i < r->spec->n_obs; i++) {
        int dist = mas_edit_distance(c->s, r->spec->obs[i].name);
        if (dist < best) {
            best = dist;
            near = r->spec->obs[i].name;
        }
        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                 r->spec->obs[i].name);
    }
    if (near)
        return fail(r, c->col, "unknown observable '%s'; did you mean '%s'?", c->s, near);
    return fail(r, c->col, "unknown observable '%s' (the scenario's fit.observables: %s)",
                c->s, known);
}

/* The factor from the data's unit to the model's for observable k. */
static int unit_factor(struct reader *r, int k, const struct cell *unit, double *factor)
{
    const struct mas_fit_obs *o = &r->spec->obs[k];
    char units[256];
    *factor = mas_fit_unit_factor(o->variable, unit->s, o->unit);
    if (!isnan(*factor))
        return MAS_OK;
    units_into(o->variable, o->unit, units, sizeof units);
    if (!*unit->s)
        return fail(r, unit->col, "%s: no unit (the model's %s is in %s; the data may use: %s)",
                    o->name, o->variable, o->unit, units);
    return fail(r, unit->col, "%s: unit '%s' does not convert to the model's %s (%s; the data "
                "may use: %s)", o->name, unit->s, o->unit, o->variable, units);
}

static int add_point(struct reader *r, double day, int k, double value, int censored)
{
    struct mas_fit_data *d = r->d;
    if (d->n == MAS_FIT_MAX_POINTS)
        return fail(r, 1, "more than %d observations", MAS_FIT_MAX_POINTS);
    if (d->n % 64 == 0) {
        struct mas_fit_point *more = realloc(d->pt, (d->n + 64) * sizeof *more);
        if (!more)
            return mas_fail(r->err, MAS_EIO, "out of memory");
        d->pt = more;
    }
    d->pt[d->n++] = (struct mas_fit_point){ day, k, value, censored, r->line, 0 };
    return MAS_OK;
}

static int read_day(struct reader *r, const struct cell *c, double *day)
{
    if (!is_number(c->s, day))
        return fail(r, c->col, "day: expected a number of days, found '%.40s'", c->s);
    if (*day < r->last_day)
        return fail(r, c->col, "day %g comes after day %g: the days must not go back",
                    *day, r->last_day);
    r->last_day = *day;
    return MAS_OK;
}

/* A value cell: a number >= 0, or "<X" (below the limit X). */
static int read_value(struct reader *r, const struct cell *c, const char *name, double *v,
                      int *censored)
{
    const char *s = c->s;
    *censored = *s == '<';
    if (*censored)
        for (s++; *s == ' '; s++)
            ;
    if (!is_number(s, v))
        return fail(r, c->col, "%s: expected a number or <LIMIT, found '%.40s'", name, c->s);
    if (*v < 0)
        return fail(r, c->col, "%s: a concentration or count cannot be negative, found %g",
                    name, *v);
    if (*censored && *v <= 0)
        return fail(r, c->col, "%s: a limit of quantification must be > 0, found '%s'", name,
                    c->s);
    return MAS_OK;
}

/* ---- long form ------------------------------------------------------------ */

struct long_cols {
    int day, obs, value, unit, lloq;
};

static int long_row(struct reader *r, const struct long_cols *lc, struct cell *c, int n)
{
    int need = lc->day;
    need = lc->obs > need ? lc->obs : need;
    need = lc->value > need ? lc->value : need;
    need = lc->unit > need ? lc->unit : need;
    if (n <= need)
        return fail(r, 1, "expected at least %d cells (day, observable, value, unit), found %d",
                    need + 1, n);
    double day, v, factor, lloq = NAN;
    int censored, rc;
    if ((rc = read_day(r, &c[lc->day], &day)))
        return rc;
    int k = find_obs(r->spec, c[lc->obs].s);
    if (k < 0)
        return unknown_obs(r, &c[lc->obs]);
    if ((rc = read_value(r, &c[lc->value], c[lc->obs].s, &v, &censored))
        || (rc = unit_factor(r, k, &c[lc->unit], &factor)))
        return rc;
    if (lc->lloq >= 0 && lc->lloq < n && *c[lc->lloq].s) {
        int dummy;
        if ((rc = read_value(r, &c[lc->lloq], "lloq", &lloq, &dummy)))
            return rc;
        if (!(lloq > 0))
            return fail(r, c[lc->lloq].col, "lloq: a limit of quantification must be > 0, "
                        "found %g", lloq);
        if (v < lloq) {                 /* below the limit: censored at it */
            v = lloq;
            censored = 1;
        }
    }
    return add_point(r, day, k, v * factor, censored);
}

/* ---- wide form ------------------------------------------------------------ */

struct wide_cols {
    int n;                     /* cells in the header */
    int obs[MAX_CELLS];        /* per column: the spec's observable (-1 for day) */
    double factor[MAX_CELLS];
};

static int wide_units(struct reader *r, struct wide_cols *w, struct cell *c, int n)
{
    if (n != w->n)
        return fail(r, 1, "the unit row has %d cells, the header %d", n, w->n);
    if (strcmp(c[0].s, "unit") && *c[0].s)
        return fail(r, c[0].col, "expected the unit row (first cell 'unit') under the "
                    "header, found '%.40s'", c[0].s);
    for (int j = 1; j < n; j++) {
        int rc = unit_factor(r, w->obs[j], &c[j], &w->factor[j]);
        if (rc)
            return rc;
    }
    return MAS_OK;
}

static int wide_row(struct reader *r, const struct wide_cols *w, struct cell *c, int n)
{
    double day;
    int rc;
    if (n != w->n)
        return fail(r, 1, "%d cells, the header has %d", n, w->n);
    if ((rc = read_day(r, &c[0], &day)))
        return rc;
    for (int j = 1; j < n; j++) {
        double v;
        int censored;
        if (!*c[j].s)
            continue;                  /* not measured that day */
        if ((rc = read_value(r, &c[j], r->spec->obs[w->obs[j]].name, &v, &censored))
            || (rc = add_point(r, day, w->obs[j], v * w->factor[j], censored)))
            return rc;
    }
    return MAS_OK;
}

/* ---- the file ------------------------------------------------------------- */

static int header(struct reader *r, struct cell *c, int n, struct long_cols *lc,
                  struct wide_cols *w, int *wide)
{
    *lc = (struct long_cols){ -1, -1, -1, -1, -1 };
    if (n > MAX_CELLS)
        return fail(r, 1, "more than %d columns", MAX_CELLS);
    if (strcmp(c[0].s, "day"))
        return fail(r, c[0].col, "expected the header to start with 'day' (day,observable,"
                    "value,unit[,lloq], or day and one column per observable), found '%.40s'",
                    c[0].s);
    for (int j = 0; j < n; j++) {
        int *slot = !strcmp(c[j].s, "day") ? &lc->day : !strcmp(c[j].s, "observable") ? &lc->obs
                  : !strcmp(c[j].s, "value") ? &lc->value : !strcmp(c[j].s, "unit") ? &lc->unit
                  : !strcmp(c[j].s, "lloq") ? &lc->lloq : NULL;
        if (slot && *slot < 0)
            *slot = j;
    }
    *wide = lc->obs < 0;
    if (!*wide) {
        if (lc->value < 0 || lc->unit < 0)
            return fail(r, 1, "a long table needs the columns day, observable, value and unit "
                        "(and optionally lloq)");
        return MAS_OK;
    }
    w->n = n;
    w->obs[0] = -1;
    for (int j = 1; j < n; j++) {
        if ((w->obs[j] = find_obs(r->spec, c[j].s)) < 0)
            return unknown_obs(r, &c[j]);
        for (int i = 1; i < j; i++)
            if (w->obs[i] == w->obs[j])
                return fail(r, c[j].col, "column '%s' twice (also column %d)", c[j].s, i + 1);
    }
    if (n < 2)
        return fail(r, 1, "a wide table needs a column per observable after 'day'");
    return MAS_OK;
}

/* A comment line's directive (`# patient: NAME`, `# set: PATH=VALUE`), s
 * after the '#'; other comments are left alone. */
static int directive(struct reader *r, const char *line, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    int is_set = !strncmp(s, "set:", 4), is_name = !strncmp(s, "patient:", 8);
    if (!is_set && !is_name)
        return MAS_OK;
    s += is_set ? 4 : 8;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    int col = (int)(s - line) + 1;
    struct mas_fit_data *d = r->d;
    if (is_name) {
        if (len == 0 || len >= sizeof d->name)
            return fail(r, col, "# patient: expected a name of 1 to %zu characters",
                        sizeof d->name - 1);
        for (size_t i = 0; i < len; i++)
            if (!isprint((unsigned char)s[i]) || s[i] == '\'' || s[i] == '"')
                return fail(r, col + (int)i, "# patient: a name of printable characters "
                            "without quotes");
        memcpy(d->name, s, len);
        d->name[len] = '\0';
        return MAS_OK;
    }
    const char *eq = memchr(s, '=', len);
    if (!eq || eq == s || eq == s + len - 1 || memchr(s, ' ', (size_t)(eq - s)))
        return fail(r, col, "# set: expected PATH=VALUE (as --set: patient.weight_kg=30, "
                    "therapies[0].start=8)");
    if (d->n_sets == MAS_FIT_MAX_SETS)
        return fail(r, col, "more than %d # set: lines", MAS_FIT_MAX_SETS);
    if (!(d->sets[d->n_sets] = strndup(s, len)))
        return mas_fail(r->err, MAS_EIO, "out of memory");
    d->set_line[d->n_sets] = r->line;
    d->set_col[d->n_sets++] = col;
    return MAS_OK;
}

/* The name of a patient without `# patient:`: the file's, without its
 * directory and .csv. */
static void default_name(const char *path, char *name, size_t size)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t len = strlen(b);
    if (len > 4 && !strcmp(b + len - 4, ".csv"))
        len -= 4;
    if (len >= size)
        len = size - 1;
    memcpy(name, b, len);
    name[len] = '\0';
    for (char *p = name; *p; p++)
        if (!isprint((unsigned char)*p) || *p == '\'' || *p == '"')
            *p = '_';
}

int mas_fit_data_read(const char *path, const struct mas_fit_spec *spec,
                      const struct mas_model *m, struct mas_fit_data *d, char *err)
{
    memset(d, 0, sizeof *d);
    FILE *f = fopen(path, "r");
    if (!f)
        return mas_fail(err, MAS_EINPUT, "%s: %s", path, strerror(errno));
    struct reader r = { path, spec, m, d, err, 0, -INFINITY };
    struct long_cols lc;
    struct wide_cols w;
    struct cell c[MAX_CELLS];
    char line[MAX_LINE];
    int rc = MAS_OK, state = 0, wide = 0;     /* state: 0 header, 1 units (wide), 2 rows */
    d->path = strdup(path);
    if (!d->path)
        rc = mas_fail(err, MAS_EIO, "out of memory");
    while (rc == MAS_OK && fgets(line, sizeof line, f)) {
        r.line++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            rc = fail(&r, 1, "line longer than %d characters", MAX_LINE - 2);
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        const char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (*s == '#')
            rc = directive(&r, line, s + 1);
        if (!*s || *s == '#')
            continue;
        int n = split(line, c, MAX_CELLS);
        if (n > MAX_CELLS)
            rc = fail(&r, 1, "more than %d cells", MAX_CELLS);
        else if (state == 0)
            rc = header(&r, c, n, &lc, &w, &wide), state = wide ? 1 : 2;
        else if (state == 1)
            rc = wide_units(&r, &w, c, n), state = 2;
        else
            rc = wide ? wide_row(&r, &w, c, n) : long_row(&r, &lc, c, n);
    }
    if (rc == MAS_OK && ferror(f))
        rc = mas_fail(err, MAS_EINPUT, "%s: %s", path, strerror(errno));
    fclose(f);
    if (rc == MAS_OK && d->n == 0) {
        r.line = r.line ? r.line : 1;
        rc = fail(&r, 1, "no observations (a header%s and at least one row are needed)",
                  state == 1 || wide ? ", a unit row" : "");
    }
    if (rc == MAS_OK && !d->name[0])
        default_name(path, d->name, sizeof d->name);
    if (rc != MAS_OK)
        mas_fit_data_free(d);
    return rc;
}

void mas_fit_data_free(struct mas_fit_data *d)
{
    free(d->path);
    free(d->pt);
    for (int i = 0; i < d->n_sets; i++)
        free(d->sets[i]);
    memset(d, 0, sizeof *d);
}
