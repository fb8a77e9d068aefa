/*
 * therapy.c — the dosing language's arithmetic: routes of a drug, dose and
 * cap strings, body surface area, and the expansion of regimens into a
 * sorted list of doses in mg (mL for blood products dosed by volume).  Reading the YAML is scenario_therapy.c's
 * job; events for the solver are schedule.c's.  docs/scenarios.md,
 * "therapies", is the user's description of the rules implemented here.
 */
#include "therapy.h"

#include "massim.h"
#include "units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mas_route_names[] = {
    [MAS_ROUTE_IV] = "iv", [MAS_ROUTE_INFUSION] = "iv infusion", [MAS_ROUTE_SC] = "sc",
    [MAS_ROUTE_ORAL] = "oral", [MAS_ROUTE_PROCEDURE] = "procedure", [MAS_N_ROUTES] = NULL,
};

const char *mas_route_state(const struct mas_drug *d, enum mas_route route)
{
    switch (route) {
    case MAS_ROUTE_IV: return d->iv_state;
    case MAS_ROUTE_INFUSION: return d->infusion_state;
    case MAS_ROUTE_SC: return d->sc_state;
    case MAS_ROUTE_ORAL: return d->oral_state;
    case MAS_ROUTE_PROCEDURE: return d->procedure_state;
    case MAS_N_ROUTES: break;
    }
    return NULL;
}

const char *const mas_dose_unit_names[] = {
    [MAS_DOSE_MG] = "mg", [MAS_DOSE_MG_PER_KG] = "mg/kg", [MAS_DOSE_MG_PER_M2] = "mg/m2",
    [MAS_DOSE_ML] = "mL", [MAS_DOSE_ML_PER_KG] = "mL/kg",
};
_Static_assert(sizeof mas_dose_unit_names / sizeof mas_dose_unit_names[0] == MAS_N_DOSE_UNITS,
               "dose unit names");

const char *mas_drug_amount_unit(const struct mas_drug *d)
{
    return d->amount_unit ? d->amount_unit : "mg";
}

int mas_dose_unit_fits(const struct mas_drug *d, enum mas_dose_unit u)
{
    int by_volume = u == MAS_DOSE_ML || u == MAS_DOSE_ML_PER_KG;
    return by_volume == (strcmp(mas_drug_amount_unit(d), "mL") == 0);
}

int mas_drug_is_procedure(const struct mas_drug *d)
{
    return d->procedure_state != NULL;
}

int mas_drug_routes(const struct mas_drug *d, char *buf, size_t size)
{
    int n = 0;
    size_t used = 0;
    buf[0] = '\0';
    for (int r = 0; r < MAS_ROUTE_PROCEDURE; r++) {
        if (!mas_route_state(d, (enum mas_route)r))
            continue;
        if (used < size)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", n ? ", " : "",
                                     mas_route_names[r]);
        n++;
    }
    return n;
}

/* Mosteller RD, N Engl J Med 1987;317:1098. */
double mas_bsa_mosteller(double weight_kg, double height_cm)
{
    return sqrt(height_cm * weight_kg / 3600.0);
}

/* Split "30 mg/kg" into the number (read by the units reader, so in the C
 * locale and plain decimal only) and the unit text after blanks. */
static int split_amount(const char *text, double *value, const char **unit, char *msg)
{
    char num[64], uerr[MAS_ERR_LEN];
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (isdigit((unsigned char)s[i]) || s[i] == '.')
        i++;
    if ((s[i] == 'e' || s[i] == 'E') && (isdigit((unsigned char)s[i + 1])
        || ((s[i + 1] == '-' || s[i + 1] == '+') && isdigit((unsigned char)s[i + 2]))))
        for (i += 2; isdigit((unsigned char)s[i]); i++)
            ;
    if (i == 0 || i >= sizeof num)
        return mas_fail(msg, MAS_EINPUT, "found '%.60s'", text);
    memcpy(num, s, i);
    num[i] = '\0';
    if (strchr(num, '%') || mas_units_parse(num, MAS_Q_DIMENSIONLESS, NULL, value, uerr))
        return mas_fail(msg, MAS_EINPUT, "found '%.60s'", text);
    for (s += i; isspace((unsigned char)*s); s++)
        ;
    *unit = s;
    return MAS_OK;
}

/* Is unit (with trailing blanks allowed) exactly `name`? */
static int unit_is(const char *unit, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(unit, name, n) != 0)
        return 0;
    for (unit += n; *unit; unit++)
        if (!isspace((unsigned char)*unit))
            return 0;
    return 1;
}

int mas_dose_parse(const char *text, double *value, enum mas_dose_unit *unit, char *msg)
{
    static const struct { const char *name; enum mas_dose_unit u; double factor; } units[] = {
        { "mg", MAS_DOSE_MG, 1.0 }, { "g", MAS_DOSE_MG, 1000.0 },
        { "mg/kg", MAS_DOSE_MG_PER_KG, 1.0 }, { "mg/m2", MAS_DOSE_MG_PER_M2, 1.0 },
        { "mg/m\xc2\xb2", MAS_DOSE_MG_PER_M2, 1.0 }, { "mg/m^2", MAS_DOSE_MG_PER_M2, 1.0 },
        { "mL", MAS_DOSE_ML, 1.0 }, { "L", MAS_DOSE_ML, 1000.0 }, { "mL/kg", MAS_DOSE_ML_PER_KG, 1.0 },
    };
    const char *u;
    double v;
    char why[MAS_ERR_LEN];
    if (split_amount(text, &v, &u, why) == MAS_OK) {
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (unit_is(u, units[i].name)) {
                *value = v * units[i].factor;
                *unit = units[i].u;
                return MAS_OK;
            }
    }
    return mas_fail(msg, MAS_EINPUT, "expected a dose in mg, g, mg/kg or mg/m2 "
                    "(e.g. '30 mg/kg'), found '%.60s'", text);
}

int mas_cap_parse(const struct mas_drug *d, const char *text, double *amount, char *msg)
{
    const char *u;
    double v;
    char why[MAS_ERR_LEN];
    int ok = split_amount(text, &v, &u, why) == MAS_OK;
    if (strcmp(mas_drug_amount_unit(d), "mL") == 0) {
        if (ok && (unit_is(u, "mL") || unit_is(u, "L"))) {
            *amount = unit_is(u, "L") ? v * 1000.0 : v;
            return MAS_OK;
        }
        return mas_fail(msg, MAS_EINPUT, "expected a cap in mL or L (e.g. '300 mL'), "
                        "found '%.60s'", text);
    }
    if (ok && (unit_is(u, "mg") || unit_is(u, "g"))) {
        *amount = unit_is(u, "g") ? v * 1000.0 : v;
        return MAS_OK;
    }
    return mas_fail(msg, MAS_EINPUT, "expected a cap in mg or g (e.g. '1000 mg'), "
                    "found '%.60s'", text);
}

double mas_regimen_amount(const struct mas_regimen *g, double weight_kg, double height_cm)
{
    if (g->route == MAS_ROUTE_PROCEDURE)
        return NAN;
    double a = g->dose;
    if (g->dose_unit == MAS_DOSE_MG_PER_KG || g->dose_unit == MAS_DOSE_ML_PER_KG)
        a *= weight_kg;
    else if (g->dose_unit == MAS_DOSE_MG_PER_M2)
        a *= mas_bsa_mosteller(weight_kg, height_cm);
    return a > g->max_amount ? g->max_amount : a;
}

/* Times are start + k every (never a running sum, which would drift); a
 * dose lands on `until` despite round-off within 1e-9 d. */
size_t mas_regimen_n_doses(const struct mas_regimen *g)
{
    if (!(g->every_day > 0))
        return 1;
    if (g->count > 0)
        return (size_t)g->count;
    double n = floor((g->until_day - g->start_day + 1e-9) / g->every_day) + 1.0;
    return n < 1.0 ? 1 : n > 2.0 * MAS_MAX_DOSES ? 2 * MAS_MAX_DOSES : (size_t)n;
}

double mas_regimen_time(const struct mas_regimen *g, size_t k)
{
    return g->start_day + (double)k * g->every_day;
}

static int by_time(const void *a, const void *b)
{
    const struct mas_dose *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->regimen > y->regimen) - (x->regimen < y->regimen);
}

int mas_therapy_expand_when(const struct mas_regimen *g, int n, int when, double t0,
                                 double weight_kg, double height_cm, struct mas_dose **buf,
                                 size_t *cap, size_t *n_out, char *err)
{
    size_t total = 0;
    *n_out = 0;
    for (int i = 0; i < n; i++)
        if (g[i].when == when)
            total += mas_regimen_n_doses(&g[i]);
    if (total == 0)
        return MAS_OK;
    if (total > MAS_MAX_DOSES)
        return mas_fail(err, MAS_EINPUT, "the therapies give %zu doses; at most %d are "
                        "allowed", total, MAS_MAX_DOSES);
    if (total > *cap) {
        struct mas_dose *more = realloc(*buf, total * sizeof *more);
        if (!more)
            return mas_fail(err, MAS_EIO, "out of memory for %zu doses", total);
        *buf = more;
        *cap = total;
    }
    struct mas_dose *d = *buf;
    size_t m = 0;
    for (int i = 0; i < n; i++) {
        if (g[i].when != when)
            continue;
        double amount = mas_regimen_amount(&g[i], weight_kg, height_cm);
        const char *unit = g[i].route == MAS_ROUTE_PROCEDURE ? NULL
                         : mas_drug_amount_unit(g[i].drug);
        for (size_t k = 0; k < mas_regimen_n_doses(&g[i]); k++)
            d[m++] = (struct mas_dose){ t0 + mas_regimen_time(&g[i], k), g[i].drug->name,
                                        amount, unit, g[i].route, g[i].duration_day, i,
                                        when };
    }
    /* Within a regimen times increase, so (time, regimen) is a total order
     * and orders every tie the same way on every platform. */
    mas_sort(d, total, sizeof *d, by_time);
    *n_out = total;
    return MAS_OK;
}

int mas_therapy_expand_into(const struct mas_regimen *g, int n, double weight_kg,
                            double height_cm, struct mas_dose **buf, size_t *cap,
                            size_t *n_out, char *err)
{
    return mas_therapy_expand_when(g, n, 0, 0.0, weight_kg, height_cm, buf, cap, n_out,
                                        err);
}

void mas_dose_sort(struct mas_dose *d, size_t n)
{
    mas_sort(d, n, sizeof *d, by_time);
}

int mas_therapy_expand(const struct mas_regimen *g, int n, double weight_kg,
                       double height_cm, struct mas_dose **out, size_t *n_out, char *err)
{
    size_t cap = 0;
    *out = NULL;
    int rc = mas_therapy_expand_into(g, n, weight_kg, height_cm, out, &cap, n_out, err);
    if (rc != MAS_OK) {
        free(*out);
        *out = NULL;
        *n_out = 0;
    }
    return rc;
}

/* The infusion of drug d[j].drug that ends last among d[0..j-1], by a
 * backward scan (used only past the table's capacity). */
static size_t latest_before(const struct mas_dose *d, size_t j)
{
    size_t best = j;
    for (size_t i = 0; i < j; i++)
        if (d[i].route == MAS_ROUTE_INFUSION && d[i].drug == d[j].drug
            && (best == j || d[i].day + d[i].duration_day > d[best].day + d[best].duration_day))
            best = i;
    return best;
}

int mas_therapy_find_overlap(const struct mas_dose *d, size_t n, size_t *first,
                             size_t *second)
{
    /* Doses are sorted by start, so infusion j overlaps an earlier one of
     * its drug exactly when the latest end among those is after its start.
     * latest[] keeps, per drug, the index of that infusion. */
    enum { CAP = 64 };
    const char *drug[CAP];
    size_t latest[CAP], n_drugs = 0;
    for (size_t j = 0; j < n; j++) {
        if (d[j].route != MAS_ROUTE_INFUSION)
            continue;
        size_t k = 0;
        while (k < n_drugs && drug[k] != d[j].drug)
            k++;
        size_t prev = k < n_drugs ? latest[k] : k < CAP ? j : latest_before(d, j);
        if (prev != j && d[prev].day + d[prev].duration_day > d[j].day) {
            *first = prev;
            *second = j;
            return 1;
        }
        if (k == n_drugs && k < CAP)
            drug[n_drugs++] = d[j].drug;
        if (k < CAP && (prev == j || d[j].day + d[j].duration_day
                                     > d[prev].day + d[prev].duration_day))
            latest[k] = j;
    }
    return 0;
}
